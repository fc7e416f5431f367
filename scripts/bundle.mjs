// Copies of descent for hosting and for offline use, from a finished build
// (www/pkg):
//   dist/                the page for any static host, as `npm start` serves
//                        it: the scripts bundled and minified by esbuild,
//                        every asset under a content-hashed name (cached for
//                        good), each text and wasm file with precompressed
//                        .br and .gz siblings that nginx, Apache and most
//                        static hosts serve as they are (docs/hosting.md);
//   dist/descent.html    one self-contained file (styles, scripts and both
//                        WebAssembly builds inlined) that runs opened from
//                        disk, where the page tells www/wasm.js to decode
//                        the one the browser runs (`descentWasmBytes`).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rm, writeFile, stat, readdir } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const read = (path) => readFile(join(ROOT, path), 'utf8');

/** Replaces `from` in `text`, which must occur exactly once. */
function seam(text, from, to, where) {
  const count = text.split(from).length - 1;
  if (count !== 1) {
    throw new Error(`bundle: expected "${from.slice(0, 60)}" once in ${where}, found it ${count} times`);
  }
  return text.replace(from, () => to);
}

/** `name.ext` as `name.<first 10 hex of its SHA-256>.ext`. */
function hashed(name, bytes) {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
  return name.replace(/(\.[a-z0-9]+)$/, `.${hash}$1`);
}

/** Copies `from` (under the project) to dist/www under its hashed name; returns that name relative to www/. */
async function asset(from) {
  const bytes = await readFile(join(ROOT, from));
  const name = hashed(relative(join(ROOT, 'www'), join(ROOT, from)), bytes);
  await mkdir(dirname(join(DIST, 'www', name)), { recursive: true });
  await writeFile(join(DIST, 'www', name), bytes);
  return name;
}

await rm(DIST, { recursive: true, force: true });
await mkdir(join(DIST, 'www'), { recursive: true });

// The assets the scripts name: the two wasm builds and the styles.
const names = {
  simd: await asset('www/pkg/descent_bg.wasm'),
  scalar: await asset('www/pkg/descent_scalar_bg.wasm'),
  first: await asset('www/pkg/first_bg.wasm'),
  style: await asset('www/style.css'),
  page: await asset('www/page.css'),
  fallback: await asset('www/fallback.js'),
};

/** Points www/wasm.js and www/template.js at the hashed assets, before esbuild hashes the scripts. */
const hashedAssets = {
  name: 'hashed-assets',
  setup(b) {
    b.onLoad({ filter: /[\\/]www[\\/](wasm-file|first|template)\.js$/ }, async (args) => {
      let text = await readFile(args.path, 'utf8');
      if (args.path.endsWith('wasm-file.js')) {
        text = seam(text, "'./pkg/descent_bg.wasm'", `'./${names.simd}'`, 'www/wasm-file.js');
        text = seam(text, "'./pkg/descent_scalar_bg.wasm'", `'./${names.scalar}'`, 'www/wasm-file.js');
      } else if (args.path.endsWith('first.js')) {
        text = seam(text, "'./pkg/first_bg.wasm'", `'./${names.first}'`, 'www/first.js');
      } else {
        text = seam(text, "'./style.css'", `'./${names.style}'`, 'www/template.js');
      }
      return { contents: text, loader: 'js' };
    });
  },
};

// The page's scripts: boot (the page) and main (mount(), for course pages
// and the examples), minified, sharing their common part as one chunk.
const { metafile } = await build({
  entryPoints: { boot: join(ROOT, 'www', 'boot.js'), main: join(ROOT, 'www', 'main.js') },
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  outdir: join(DIST, 'www'),
  entryNames: '[name].[hash]',
  chunkNames: 'shared.[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [hashedAssets],
  absWorkingDir: ROOT,
});
const outputs = Object.entries(metafile.outputs).map(([path, info]) => ({ path: resolve(ROOT, path), ...info }));
const entry = (name) => outputs.find((o) => o.entryPoint?.endsWith(`www/${name}.js`));
const www = (o) => relative(join(DIST, 'www'), o.path);
const boot = entry('boot');
// mount() under its documented name, for pages that import www/main.js.
await writeFile(join(DIST, 'www', 'main.js'), `export * from './${www(entry('main'))}';\n`);
await cp(join(ROOT, 'www', 'examples'), join(DIST, 'www', 'examples'), { recursive: true });

// The page, pointing at the hashed files; what boot imports and the module it
// runs start downloading at once.
let html = await read('index.html');
html = seam(html, 'href="www/style.css"', `href="www/${names.style}"`, 'index.html');
html = seam(html, 'href="www/page.css"', `href="www/${names.page}"`, 'index.html');
html = html.replace(/ *<!--[^>]*-->\n/g, '').replace(/ *<link rel="(module)?preload" [^>]+>\n/g, '');
const preloads = [
  ...boot.imports.filter((i) => i.kind === 'import-statement').map((i) => `  <link rel="modulepreload" href="www/${relative(join(DIST, 'www'), resolve(ROOT, i.path))}">`),
  // The SIMD build, which every current browser runs (one without SIMD128 fetches the other).
  `  <link rel="preload" href="www/${names.first}" as="fetch" type="application/wasm" crossorigin>`,
];
html = seam(html, '</head>', `${preloads.join('\n')}\n</head>`, 'index.html');
html = seam(html, 'src="www/boot.js"', `src="www/${www(boot)}"`, 'index.html');
html = seam(html, 'src="www/fallback.js"', `src="www/${names.fallback}"`, 'index.html');
await writeFile(join(DIST, 'index.html'), html);
// The page opened with settings (a scene's link) draws from the page's
// module alone: view.html preloads that rather than the first-frame module;
// npm start's server serves it for such addresses (docs/hosting.md).
await writeFile(join(DIST, 'view.html'), seam(html, `www/${names.first}`, `www/${names.simd}`, 'view.html'));

/** Every file under `dir`, recursively. */
async function files(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...await files(path));
    else out.push(path);
  }
  return out;
}

// Precompressed siblings, at brotli's best and gzip's: a host serves them as they are.
let wire = 0;
for (const path of await files(DIST)) {
  if (!/\.(html|js|css|wasm|svg|csv|txt|json)$/.test(path)) continue;
  const bytes = await readFile(path);
  const br = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  await writeFile(`${path}.br`, br);
  await writeFile(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  if (path === join(DIST, 'index.html') || path.endsWith(names.first) || path === boot.path
    || boot.imports.some((i) => resolve(ROOT, i.path) === path) || path.endsWith(names.style) || path.endsWith(names.page)) {
    wire += br.length;
  }
}

// The single file: the page's modules as one script, both builds inlined
// (the file is opened from disk, so size costs little); only the one the
// browser runs is decoded.
const single = await build({
  entryPoints: [join(ROOT, 'www', 'boot.js')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  write: false,
  legalComments: 'none',
  logLevel: 'warning',
});
const wasm = await readFile(join(ROOT, 'www', 'pkg', 'descent_bg.wasm'));
const wasmScalar = await readFile(join(ROOT, 'www', 'pkg', 'descent_scalar_bg.wasm'));
const script = `globalThis.descentWasmBytes = (simd) => Uint8Array.from(
  atob(document.getElementById(simd ? 'descent-wasm' : 'descent-wasm-scalar').textContent.trim()), (c) => c.charCodeAt(0));
${single.outputFiles[0].text}`;
if (script.includes('</script')) throw new Error('bundle: a script contains "</script", which would end the inline script early');
let page = await read('index.html');
const styles = `${await read('www/style.css')}\n${await read('www/page.css')}`;
page = seam(page, '<link rel="stylesheet" href="www/style.css" data-descent>', `<style data-descent>\n${styles}</style>`, 'index.html');
page = seam(page, '<link rel="stylesheet" href="www/page.css">', '', 'index.html');
page = page.replace(/ *<!--[^>]*-->\n/g, '').replace(/ *<link rel="(module)?preload" [^>]+>\n?/g, '');
page = seam(page, '<script src="www/fallback.js" defer></script>', '', 'index.html');
page = seam(page, '<script type="module" src="www/boot.js"></script>',
  `<script type="application/octet-stream" id="descent-wasm">${wasm.toString('base64')}</script>\n`
  + `<script type="application/octet-stream" id="descent-wasm-scalar">${wasmScalar.toString('base64')}</script>\n`
  + `<script type="module">${script}</script>`,
  'index.html');
await writeFile(join(DIST, 'descent.html'), page);

const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
const sizes = async (path) => `${kb((await stat(path)).size)} (${kb((await stat(`${path}.br`)).size)} brotli, ${kb((await stat(`${path}.gz`)).size)} gzip)`;
console.log(`[bundle] dist/: the page for any static host, hashed names with .br and .gz siblings; the SIMD128 module ${await sizes(join(DIST, 'www', names.simd))}, the scripts ${kb(outputs.filter((o) => o.path.endsWith('.js')).reduce((n, o) => n + o.bytes, 0))} minified`);
console.log(`[bundle] the first frame's files (page, styles, the first scripts, the first-frame module) as brotli: ${kb(wire)}`);
console.log(`[bundle] dist/descent.html: ${kb((await stat(join(DIST, 'descent.html'))).size)}, one file, opens from disk`);
