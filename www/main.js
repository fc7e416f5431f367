// descent in a page: mount() lays an instance out inside an element at
// once, draws its first frame with the small first-frame module when it
// has no settings (www/first.js), and starts it when the page's module is
// in (www/instance.js, loaded meanwhile). The work happens in Rust.
import { drawFirst, loadFirst } from './first.js';
import { sizeClasses } from './layout.js';
import { ensureStyles, markOwners, scopeIds, template } from './template.js';
import * as view from './view.js';
import table, { firstWords } from './pkg/settings.js';
import { wasmSource } from './wasm-file.js';

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
  // The first-frame module alone on the wire, then the page's module and
  // the scripts around it, which arrive while the first frame is drawn.
  const first = none && element.dataset.layout && await loadFirst();
  wasmSource();
  const instance = import('./instance.js');
  if (first) await drawFirst(element, prefix);
  return (await instance).start(element, prefix, settings, { syncUrl, page });
}
