// descent in a page: mount() builds an instance inside an element and
// returns its API. The work happens in Rust (`App`); the modules here each
// hold one concern of the page around it, all sharing one context
// (context.js), so that destroy() undoes everything an instance did.
import * as address from './address.js';
import { createApi } from './api.js';
import * as chain from './chain.js';
import * as classroom from './classroom.js';
import * as challenge from './challenge.js';
import { createContext, settingString } from './context.js';
import * as controls from './controls.js';
import * as data from './data.js';
import * as deck from './deck.js';
import * as editor from './deck-editor.js';
import * as describe from './describe.js';
import * as help from './help.js';
import * as keyboard from './keyboard.js';
import { sizeClasses } from './layout.js';
import * as pointer from './pointer.js';
import * as presenting from './presenting.js';
import * as render from './render.js';
import * as share from './share.js';
import * as sound from './sound.js';
import { ensureStyles, markOwners, scopeIds, template } from './template.js';
import * as view from './view.js';
import table, { firstWords } from './pkg/settings.js';
import { App, loadWasm } from './wasm.js';

export { layoutFor } from './layout.js';

/** Instances made so far: the first keeps the documented ids, later ones
 * get a prefix (`d2-lr`), so two on one page never share an id. */
let made = 0;

/** The element's markup, laid out at once from the settings table (before the module arrives). */
function layOut(element, page, fill) {
  ensureStyles(element.ownerDocument);
  made += 1;
  const prefix = made === 1 ? '' : `d${made}-`;
  element.classList.add('descent', 'starting');
  element.classList.toggle('fill', fill || page);
  // Sized while still empty: reading the size of the full page forces a
  // layout of all of it (about 40 ms), which the first drawing does anyway.
  sizeClasses(element, page);
  element.innerHTML = template(table);
  scopeIds(element, prefix);
  markOwners(element);
  return prefix;
}

/**
 * Resolves in a task of its own, after anything waiting (a tap, a paint):
 * scheduler.yield() where there is one, else a message to itself (which,
 * unlike setTimeout, a background tab does not hold back for a second).
 */
function yieldToPage() {
  if (globalThis.scheduler?.yield) return globalThis.scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { channel.port1.close(); resolve(); };
    channel.port2.postMessage(null);
  });
}

/** The module's App drawing on the element's canvases with `settings`. */
function start(element, prefix, settings) {
  const $ = (id) => element.querySelector(`#${prefix}${id}`);
  const entries = settings instanceof URLSearchParams ? [...settings] : Object.entries(settings);
  const app = new App($('surface'), $('trace'), $('data'),
    entries.map(([k]) => k), entries.map(([k, v]) => settingString(k, v)));
  performance.mark('descent:app');
  app.set_touch(matchMedia('(pointer: coarse)').matches);
  app.set_still(matchMedia('(prefers-reduced-motion: reduce)').matches);
  app.attach_surface3d($('surface3d'));
  element.classList.remove('starting');
  return app;
}

/**
 * Builds a descent visualizer inside `element` and returns its API.
 * `settings` takes the URL's keys (see docs/settings.md), as an object or
 * as `URLSearchParams` (which keeps a key given twice, for its notice); bad
 * values are shown as notices, not thrown. Options: `syncUrl` (the page's
 * address follows the settings), `page` (the page's own instance: on a
 * narrow screen one scrolling column rather than an embed's figure),
 * `fill` (fill the element's height rather than keep a 16:10 box).
 */
export async function mount(element, settings = {}, { syncUrl = false, page = false, fill = false } = {}) {
  // The layout shows while the module is on its way, and with no settings its words.
  const prefix = layOut(element, page, fill);
  const none = (settings instanceof URLSearchParams ? [...settings] : Object.keys(settings)).length === 0;
  if (none && element.dataset.layout) {
    view.showFirstWords(element, prefix, element.dataset.layout, firstWords[matchMedia('(pointer: coarse)').matches ? 'touch' : 'mouse']);
  }
  await loadWasm();
  // Startup in the performance timeline (npm run bench reads these).
  performance.mark('descent:module');
  const app = start(element, prefix, settings);
  // Startup in four tasks, not one: a slow phone answers a tap between
  // them (the module's App; the controls and words; the surface; the other plots).
  await yieldToPage();
  const ctx = createContext({ element, app, table, prefix, page, syncUrl });
  // In the order their parts of a refresh run: the controls before the
  // address, the words before what depends on them.
  view.install(ctx);
  chain.install(ctx);
  controls.install(ctx);
  address.install(ctx);
  const parts = {
    challenge: challenge.install(ctx),
    deck: deck.install(ctx),
  };
  editor.install(ctx);
  data.install(ctx);
  pointer.install(ctx);
  keyboard.install(ctx);
  parts.share = share.install(ctx);
  // Reading and hearing the plots: descriptions, keys and tables, sound.
  describe.install(ctx);
  help.install(ctx);
  sound.install(ctx);
  classroom.install(ctx);
  parts.presenting = presenting.install(ctx);
  parts.render = render.install(ctx);
  ctx.api = createApi(ctx, parts);
  // The layout was set while the element was empty; the resize observer
  // keeps it from here on.
  if (ctx.layout) ctx.parts.controls.showControls();
  // The controls and the words, then (each in a task of its own) the
  // surface and the other plots: the module draws the surface alone first.
  ctx.refresh(true, false, false);
  for (const mark of ['descent:surface', 'descent:plots']) {
    await yieldToPage();
    if (!ctx.stopped && ctx.call(() => app.render())) ctx.drawn();
    performance.mark(mark);
  }
  parts.render.start();
  return ctx.api;
}
