// Starts the page: the settings from the address, the visualizer in
// main#app, `window.descent` when ready. A file of its own rather than an
// inline script, so the page runs under a strict Content-Security-Policy
// (script-src 'self').
import { mount } from './main.js';

const root = document.getElementById('app');

/** Why descent could not start, in words a visitor can act on. */
function reason(error) {
  const text = String(error?.message ?? error);
  if (typeof WebAssembly !== 'object') {
    return 'this browser has no WebAssembly (any current Chrome, Edge, Firefox or Safari has it)';
  }
  if (/content security policy|wasm-eval|unsafe-eval|wasm-unsafe-eval/i.test(text)) {
    return "this page's Content-Security-Policy does not allow WebAssembly: the site must add 'wasm-unsafe-eval' to script-src";
  }
  if (location.protocol === 'file:') {
    return `${text}. Opened as a file it needs the single-file build (npm run bundle); this copy must be served over http`;
  }
  return `${text}. It needs a browser with WebAssembly (any current Chrome, Edge, Firefox or Safari)`;
}

try {
  const settings = Object.fromEntries(new URLSearchParams(location.search));
  window.descent = await mount(root, settings, { syncUrl: true });
  document.body.dataset.ready = '1';
} catch (error) {
  console.error(error);
  const p = document.createElement('p');
  p.className = 'alert';
  p.textContent = `descent could not start: ${reason(error)}.`;
  root.replaceChildren(p);
  document.body.dataset.ready = 'failed';
}
