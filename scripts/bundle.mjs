// Offline copies of descent, from a finished build (www/pkg):
//   dist/                the page as it is served, for any static host;
//   dist/descent.html    one self-contained file (styles, scripts and the
//                        WebAssembly inlined) that runs opened from disk.
// The page's modules are bundled into one script by esbuild; both wasm
// builds ride along as base64, and the page tells www/wasm.js to decode the
// one the browser runs (`descentWasmBytes`) instead of fetching it.
import { build } from 'esbuild';
import { cp, mkdir, readFile, readdir, rm, writeFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
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

// The static copy: exactly the files the page loads, and the examples.
await rm(DIST, { recursive: true, force: true });
await mkdir(join(DIST, 'www', 'pkg'), { recursive: true });
await cp(join(ROOT, 'index.html'), join(DIST, 'index.html'));
const files = (await readdir(join(ROOT, 'www'))).filter((f) => /\.(js|css)$/.test(f));
for (const file of [...files, 'pkg/descent.js', 'pkg/descent_bg.wasm', 'pkg/descent_scalar_bg.wasm']) {
  await cp(join(ROOT, 'www', file), join(DIST, 'www', file));
}
await cp(join(ROOT, 'www', 'examples'), join(DIST, 'www', 'examples'), { recursive: true });

// The single file: the page's modules as one script.
const { outputFiles } = await build({
  entryPoints: [join(ROOT, 'www', 'boot.js')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  write: false,
  legalComments: 'none',
  logLevel: 'warning',
});
const wasm = await readFile(join(ROOT, 'www', 'pkg', 'descent_bg.wasm'));
const wasmScalar = await readFile(join(ROOT, 'www', 'pkg', 'descent_scalar_bg.wasm'));
// Both builds inlined (the file is opened from disk, so size costs little);
// only the one the browser runs is decoded.
const script = `globalThis.descentWasmBytes = (simd) => Uint8Array.from(
  atob(document.getElementById(simd ? 'descent-wasm' : 'descent-wasm-scalar').textContent.trim()), (c) => c.charCodeAt(0));
${outputFiles[0].text}`;
if (script.includes('</script')) throw new Error('bundle: a script contains "</script", which would end the inline script early');

let html = await read('index.html');
const styles = `${await read('www/style.css')}\n${await read('www/page.css')}`;
html = seam(html, '<link rel="stylesheet" href="www/style.css" data-descent>', `<style data-descent>\n${styles}</style>`, 'index.html');
html = seam(html, '<link rel="stylesheet" href="www/page.css">', '', 'index.html');
html = html.replace(/<link rel="modulepreload" href="[^"]+">\n?/g, '');
html = seam(html, '<script src="www/fallback.js" defer></script>', '', 'index.html');
html = seam(html, '<script type="module" src="www/boot.js"></script>',
  `<script type="application/octet-stream" id="descent-wasm">${wasm.toString('base64')}</script>\n`
  + `<script type="application/octet-stream" id="descent-wasm-scalar">${wasmScalar.toString('base64')}</script>\n`
  + `<script type="module">${script}</script>`,
  'index.html');
await writeFile(join(DIST, 'descent.html'), html);

const size = async (path) => {
  const bytes = (await stat(path)).size;
  const gz = gzipSync(await readFile(path), { level: 9 }).length;
  return `${(bytes / 1024).toFixed(0)} KB (${(gz / 1024).toFixed(0)} KB gzipped)`;
};
console.log(`[bundle] dist/descent.html: ${await size(join(DIST, 'descent.html'))}, one file, opens from disk`);
console.log(`[bundle] dist/: the page for any static host; its wasm ${await size(join(DIST, 'www', 'pkg', 'descent_bg.wasm'))} (SIMD128), ${await size(join(DIST, 'www', 'pkg', 'descent_scalar_bg.wasm'))} (scalar)`);
