// Starts the page: the settings from the address, the visualizer in
// main#app, `window.descent` when ready. A file of its own rather than an
// inline script, so the page runs under a strict Content-Security-Policy
// (script-src 'self').
//
// In a frame (embed=1, or any page inside another), a host page from any
// origin drives it by postMessage: commands { descent: 1, id, method, args }
// are answered with { descent: 1, id, result } or { descent: 1, id, error };
// events go up as { descent: 1, event, data }. See the README.
import { mount } from './main.js';

const root = document.getElementById('app');
// Tells fallback.js that this module did load.
document.body.dataset.booting = '1';

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

/** The API methods a host page may call by postMessage. */
const COMMANDS = ['set', 'play', 'pause', 'step', 'stepEpoch', 'reset', 'state', 'dataset', 'csv', 'link'];

/** Answers a host page's commands and sends it the events. */
function serveHost(api) {
  const framed = window.parent !== window;
  if (!framed) return;
  const send = (message, target = window.parent, origin = '*') => {
    try { target.postMessage({ descent: 1, ...message }, origin); } catch { /* a closed host */ }
  };
  window.addEventListener('message', (event) => {
    const m = event.data;
    // Anything not in the command's shape is ignored, silently: a host
    // page has other messages of its own.
    if (!m || typeof m !== 'object' || m.descent !== 1 || typeof m.method !== 'string') return;
    if (m.args !== undefined && !Array.isArray(m.args)) return;
    if (!(typeof m.id === 'string' || typeof m.id === 'number')) return;
    const reply = (answer) => send({ id: m.id, ...answer }, event.source ?? window.parent, event.origin && event.origin !== 'null' ? event.origin : '*');
    if (!COMMANDS.includes(m.method)) {
      reply({ error: `${m.method} is not a command (choose ${COMMANDS.join(', ')})` });
      return;
    }
    try {
      const result = api[m.method](...(m.args ?? []));
      reply({ result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
    } catch (error) {
      reply({ error: String(error?.message ?? error) });
    }
  });
  for (const name of ['ready', 'step', 'diverged', 'resize']) {
    api.on(name, (data) => send({ event: name, data }));
  }
}

try {
  const settings = Object.fromEntries(new URLSearchParams(location.search));
  const embed = /^(1|true|yes|on)$/i.test(settings.embed ?? '');
  document.body.classList.toggle('embed', embed);
  window.descent = await mount(root, settings, { syncUrl: !embed, page: !embed, fill: true });
  serveHost(window.descent);
  performance.mark('descent:ready');
  document.body.dataset.ready = '1';
} catch (error) {
  console.error(error);
  const p = document.createElement('p');
  p.className = 'alert';
  p.textContent = `descent could not start: ${reason(error)}.`;
  root.replaceChildren(p);
  document.body.dataset.ready = 'failed';
}
