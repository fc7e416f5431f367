// An instance once the page's module is in: the module's App on the
// element laid out by main.js, and the modules around it, each holding one
// concern of the page, all sharing one context (context.js), so that
// destroy() undoes everything an instance did. Loaded by main.js, after the
// first frame's module when there is one.
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
import { yieldToPage } from './dom.js';
import * as help from './help.js';
import * as keyboard from './keyboard.js';
import * as pointer from './pointer.js';
import * as presenting from './presenting.js';
import * as render from './render.js';
import * as share from './share.js';
import * as sound from './sound.js';
import * as view from './view.js';
import table from './pkg/settings.js';
import { App, loadWasm } from './wasm.js';

/** The module's App drawing on the element's canvases with `settings`. */
function createApp(element, prefix, settings) {
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
 * Starts the instance laid out in `element` (ids prefixed by `prefix`)
 * with `settings` and mount()'s options; resolves to its API once every
 * plot is drawn.
 */
export async function start(element, prefix, settings, { syncUrl, page }) {
  await loadWasm();
  // Startup in the performance timeline (npm run bench reads these).
  performance.mark('descent:module');
  const app = createApp(element, prefix, settings);
  // Startup in five tasks, not one: a slow phone answers a tap between
  // them (the module's App; the page's parts installed; the controls and
  // words; the surface; the other plots).
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
  await yieldToPage();
  ctx.refresh(true, false, false);
  for (const mark of ['descent:surface', 'descent:plots']) {
    await yieldToPage();
    if (!ctx.stopped && ctx.call(() => app.render())) ctx.drawn();
    performance.mark(mark);
  }
  parts.render.start();
  return ctx.api;
}
