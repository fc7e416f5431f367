// The first frame of a page opened with no settings (a student's link, a
// class's join link), drawn by the first-frame module (src/web/first.rs,
// about a third of the page's module on the wire) while the page's module
// is on its way. The page's module then draws the same frame over it,
// pixel for pixel, and takes over.
import init, { First } from './pkg/first.js';
import { yieldToPage } from './dom.js';

let loaded = null;

/**
 * Loads the first-frame module, once per page; resolves to false where
 * there is none to load (a single-file page carries the whole module in
 * itself) or it could not be loaded (the page's module draws anyway).
 */
export function loadFirst() {
  loaded ??= globalThis.descentWasmBytes ? Promise.resolve(false)
    : init({ module_or_path: new URL('./pkg/first_bg.wasm', import.meta.url) }).then(() => {
      // What was asked for before this is what the first frame waited for (npm run bench counts its bytes).
      performance.mark('descent:first-module');
      return true;
    }, (error) => {
      console.warn('descent: the first frame is left to the page\'s module:', error);
      return false;
    });
  return loaded;
}

/**
 * Draws the first frame on the instance's canvases in parts, each in a
 * task of its own, as the page's module starts.
 * Marks `descent:first` in the performance timeline when it is drawn.
 */
export async function drawFirst(element, prefix) {
  const $ = (id) => element.querySelector(`#${prefix}${id}`);
  let first = null;
  try {
    // A task each: the default view computed; the contour plot's
    // background; the contour plot; the other plots.
    first = new First($('surface'), $('trace'), $('data'));
    for (let part = 0; part < 4; part++) {
      await yieldToPage();
      if (!first.render()) break;
    }
    performance.mark('descent:first');
  } catch (error) {
    console.warn('descent: the first frame is left to the page\'s module:', error);
  } finally {
    first?.free();
  }
}
