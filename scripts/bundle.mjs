// Offline copies of descent, from a finished build (www/pkg):
//   dist/                the page as it is served, for any static host;
//   dist/descent.html    one self-contained file (styles, scripts and the
//                        WebAssembly inlined) that runs opened from disk.
// No bundler: the three modules are small and their seams are known (the
// wasm-bindgen glue's exports, main.js's import of it, boot.js's of main.js),
// so each becomes a function scope inside one inline module script. A seam
// that moves makes this script stop with a message rather than write a
// broken file.
import { cp, mkdir, readFile, rm, writeFile, stat } from 'node:fs/promises';
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
for (const file of ['boot.js', 'fallback.js', 'main.js', 'style.css', 'page.css', 'pkg/descent.js', 'pkg/descent_bg.wasm', 'pkg/descent_scalar_bg.wasm']) {
  await cp(join(ROOT, 'www', file), join(DIST, 'www', file));
}
await cp(join(ROOT, 'www', 'examples'), join(DIST, 'www', 'examples'), { recursive: true });

// The single file.
let glue = await read('www/pkg/descent.js');
for (const name of ['class App', 'function settings_table', 'function challenges_json', 'function read_deck']) {
  if (!glue.includes(`export ${name}`)) throw new Error(`bundle: the wasm-bindgen glue no longer exports ${name}`);
}
// Every other export (benchmark and test hooks) becomes a plain declaration too.
glue = glue.replace(/^export (class|function) /gm, '$1 ');
glue = seam(glue, 'export { initSync, __wbg_init as default };', '', 'the wasm-bindgen glue');

let main = await read('www/main.js');
main = seam(main, "import init, { App, settings_table as settingsTable, challenges_json as challengesJson, read_deck as readDeck } from './pkg/descent.js';",
  'const settingsTable = settings_table;\nconst challengesJson = challenges_json;\nconst readDeck = read_deck;', 'main.js');
// Both builds inlined (the file is opened from disk, so size costs little);
// only the one the browser runs is decoded.
main = seam(main, "const loadWasm = () => init({ module_or_path: new URL(SIMD ? './pkg/descent_bg.wasm' : './pkg/descent_scalar_bg.wasm', import.meta.url) });",
  "const loadWasm = () => __wbg_init({ module_or_path: wasmBytes(SIMD ? 'descent-wasm' : 'descent-wasm-scalar') });", 'main.js');
main = seam(main, 'export async function mount(', 'async function mount(', 'main.js');
main = seam(main, 'export function layoutFor(', 'function layoutFor(', 'main.js');

let boot = await read('www/boot.js');
boot = seam(boot, "import { mount } from './main.js';", '', 'boot.js');

const wasm = await readFile(join(ROOT, 'www', 'pkg', 'descent_bg.wasm'));
const wasmScalar = await readFile(join(ROOT, 'www', 'pkg', 'descent_scalar_bg.wasm'));
const script = `
const wasmBytes = (id) => Uint8Array.from(atob(document.getElementById(id).textContent.trim()), (c) => c.charCodeAt(0));
const { App, settings_table, challenges_json, read_deck, __wbg_init } = (() => {
${glue}
return { App, settings_table, challenges_json, read_deck, __wbg_init };
})();
const { mount } = (() => {
${main}
return { mount };
})();
${boot}`;
if (script.includes('</script')) throw new Error('bundle: a script contains "</script", which would end the inline script early');

let html = await read('index.html');
const styles = `${await read('www/style.css')}\n${await read('www/page.css')}`;
html = seam(html, '<link rel="stylesheet" href="www/style.css" data-descent>', `<style data-descent>\n${styles}</style>`, 'index.html');
html = seam(html, '<link rel="stylesheet" href="www/page.css">', '', 'index.html');
html = seam(html, '<link rel="modulepreload" href="www/main.js">', '', 'index.html');
html = seam(html, '<link rel="modulepreload" href="www/pkg/descent.js">', '', 'index.html');
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
