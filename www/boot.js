// Starts the page: the settings from the address, the visualizer in
// main#app, `window.descent` when ready. A file of its own rather than an
// inline script, so the page runs under a strict Content-Security-Policy
// (script-src 'self').
//
// In a frame (embed=1, or any page inside another), a host page from any
// origin drives it by postMessage: commands { descent: 1, id, method, args }
// are answered with { descent: 1, id, result } or { descent: 1, id, error };
// events go up as { descent: 1, event, data }. See docs/embedding.md.
import { COMMANDS } from './commands.js';
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


/** Most arguments a command takes: more is no command of descent's (and
 * spreading a huge list would overflow the stack). */
const MAX_ARGS = 8;

/**
 * Answers a host page's commands and sends it the events. It listens from
 * the first moment (a host posts on the frame's `load` event, before the
 * module is ready): commands that come early wait, and are answered in
 * order once descent is ready, or with the reason it could not start.
 */
function serveHost() {
  const framed = window.parent !== window;
  if (!framed) return { ready() {}, failed() {} };
  const send = (message, target = window.parent, origin = '*') => {
    try { target.postMessage({ descent: 1, ...message }, origin); } catch { /* a closed host */ }
  };
  let api = null;
  let failure = null;
  const waiting = [];
  const answer = (event) => {
    const m = event.data;
    const reply = (result) => send({ id: m.id, ...result }, event.source ?? window.parent, event.origin && event.origin !== 'null' ? event.origin : '*');
    if (failure) {
      reply({ error: `descent could not start: ${failure}` });
      return;
    }
    if (!COMMANDS.includes(m.method)) {
      reply({ error: `${m.method} is not a command (choose ${COMMANDS.join(', ')})` });
      return;
    }
    if ((m.args?.length ?? 0) > MAX_ARGS) {
      reply({ error: `${m.method} was sent ${m.args.length} arguments; no command takes more than ${MAX_ARGS}` });
      return;
    }
    try {
      const result = api[m.method](...(m.args ?? []));
      reply({ result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
    } catch (error) {
      reply({ error: String(error?.message ?? error) });
    }
  };
  window.addEventListener('message', (event) => {
    const m = event.data;
    // Anything not in the command's shape is ignored, silently: a host
    // page has other messages of its own.
    if (!m || typeof m !== 'object' || m.descent !== 1 || typeof m.method !== 'string') return;
    if (m.args !== undefined && !Array.isArray(m.args)) return;
    if (!(typeof m.id === 'string' || typeof m.id === 'number')) return;
    if (api || failure) answer(event);
    else waiting.push(event);
  });
  return {
    /** descent is ready: answer what waited, and send the events from now on. */
    ready(instance) {
      api = instance;
      for (const name of ['ready', 'step', 'diverged', 'resize']) {
        api.on(name, (data) => send({ event: name, data }));
      }
      waiting.splice(0).forEach(answer);
    },
    /** descent could not start: say so to what waited and what comes. */
    failed(why) {
      failure = why;
      waiting.splice(0).forEach(answer);
    },
  };
}

/**
 * The presenter window of a deck (`presenter=1`): the current slide's
 * title and caption as notes, the next slide's title and a live preview
 * of it, Previous and Next
 * (and the clicker's keys), all driving the deck's window over a
 * BroadcastChannel.
 */
function presenter() {
  document.body.classList.add('presenting');
  root.innerHTML = `<section class="presenter">
  <p class="presenter-at" id="presenter-at">Waiting for the deck's window (open it with the same address, without presenter=1)…</p>
  <h2 id="presenter-title"></h2>
  <p class="presenter-notes" id="presenter-notes"></p>
  <p><button type="button" id="presenter-previous">‹ Previous</button> <button type="button" id="presenter-next">Next ›</button></p>
  <h3>Next: <span id="presenter-next-title">–</span></h3>
  <iframe class="presenter-preview" id="presenter-preview" title="The next slide" width="640" height="400" hidden></iframe>
</section>`;
  const $ = (id) => document.getElementById(id);
  const channel = new BroadcastChannel('descent-deck');
  let at = null;
  const goTo = (index) => { if (at) channel.postMessage({ type: 'goTo', index }); };
  channel.onmessage = (event) => {
    const m = event.data;
    if (m?.type !== 'at') return;
    at = m;
    $('presenter-at').textContent = m.position;
    $('presenter-title').textContent = m.title;
    $('presenter-notes').textContent = m.caption;
    $('presenter-next-title').textContent = m.next ? m.nextTitle : 'the end of the deck';
    // The next slide as it will open, in a figure of its own.
    const preview = $('presenter-preview');
    preview.hidden = m.nextView === null;
    if (m.nextView !== null) {
      const src = `${location.pathname}?${m.nextView ? `${m.nextView}&` : ''}embed=1&controls=none`;
      if (preview.getAttribute('src') !== src) preview.setAttribute('src', src);
    }
    window.descentPresenter = { at: m };
  };
  $('presenter-previous').addEventListener('click', () => goTo(Math.max(0, (at?.index ?? 0) - 1)));
  $('presenter-next').addEventListener('click', () => goTo((at?.index ?? -1) + 1));
  // The clicker's keys drive the deck.
  window.addEventListener('keydown', (event) => {
    const forward = ['PageDown', 'ArrowRight', 'ArrowDown'].includes(event.key);
    const back = ['PageUp', 'ArrowLeft', 'ArrowUp'].includes(event.key);
    if (!forward && !back) return;
    event.preventDefault();
    event.stopPropagation();
    goTo(forward ? (at?.index ?? -1) + 1 : Math.max(0, (at?.index ?? 0) - 1));
  }, { capture: true });
  channel.postMessage({ type: 'hello' });
}

const host = serveHost();
try {
  // The pairs as given (a key twice is Rust's to notice); the object for a look here.
  const params = new URLSearchParams(location.search);
  // A class's code is the classroom's (www/classroom.js), not a setting.
  params.delete('class');
  const settings = Object.fromEntries(params);
  if (/^(1|true|yes|on)$/i.test(settings.presenter ?? '')) {
    presenter();
  } else {
    const embed = /^(1|true|yes|on)$/i.test(settings.embed ?? '');
    document.body.classList.toggle('embed', embed);
    window.descent = await mount(root, params, { syncUrl: !embed, page: !embed, fill: true });
    host.ready(window.descent);
  }
  performance.mark('descent:ready');
  document.body.dataset.ready = '1';
} catch (error) {
  console.error(error);
  const p = document.createElement('p');
  p.className = 'alert';
  p.textContent = `descent could not start: ${reason(error)}.`;
  host.failed(reason(error));
  root.replaceChildren(p);
  document.body.dataset.ready = 'failed';
}
