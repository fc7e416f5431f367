// Decks of slides: moving through them (each slide's view entering), the
// corner that says where the deck is, and the presenter window (the same
// address with presenter=1, which shows the notes and the next slide and
// drives the deck over a BroadcastChannel).
import { put, show, mark } from './dom.js';
import { enter } from './entrance.js';
import { readDeck } from './wasm.js';

/** The presenter window's channel (boot.js's presenter listens on it). */
const CHANNEL = 'descent-deck';

/** The presenter window, told where the deck is whenever that changes. */
function installPresenter(ctx) {
  const channel = ctx.syncUrl && typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
  if (!channel) return () => {};
  ctx.onDestroy(() => channel.close());
  let told;
  const tell = (s, v, again = false) => {
    const slides = s.page.deck;
    const index = s.page.slide ?? -1;
    const key = `${index}/${slides.length}/${slides[index]?.title}/${v.scene?.caption}`;
    if (!slides.length || (!again && key === told)) return;
    told = key;
    const next = JSON.parse(ctx.app.deck_json())[index + 1] ?? null;
    channel.postMessage({
      type: 'at', index, count: slides.length, position: v.deck?.position ?? '', key: slides[index]?.key ?? null, title: slides[index]?.title ?? '',
      caption: index >= 0 ? v.scene?.caption ?? '' : '', next: next ? index + 1 : null,
      nextTitle: next?.title ?? '', nextView: next?.view ?? null,
    });
  };
  channel.onmessage = (event) => {
    const m = event.data;
    if (m?.type === 'goTo' && Number.isInteger(m.index)) ctx.api.goTo(m.index);
    else if (m?.type === 'hello') tell(ctx.state(), ctx.view(), true);
  };
  return tell;
}

/** The corner: "3 / 16 · title" (presenting, "3 / 16": the title is in the banner). */
function showCorner(ctx, deck) {
  const { $, element } = ctx;
  show($('deck-corner'), Boolean(deck));
  mark(element, 'decked', Boolean(deck));
  if (!deck) return;
  const corner = ctx.plotsOnly() ? deck.place : deck.corner;
  if ($('deck-corner').textContent === corner) return;
  put($('deck-corner'), corner);
  // The last line of the stage keeps clear of the corner.
  element.style.setProperty('--corner-width', `${$('deck-corner').offsetWidth + 16}px`);
}

/** Installs the deck; returns what the API offers of it. */
export function install(ctx) {
  const tell = installPresenter(ctx);
  ctx.hook('show', (s, v) => {
    showCorner(ctx, v.deck);
    if (v.deck) tell(s, v);
  });
  const slides = () => ctx.state().page.deck;
  const at = () => ctx.state().page.slide ?? -1;
  const edit = (...args) => ctx.parts.editor.editDeck(...args);
  const deck = {
    list: () => JSON.parse(ctx.app.deck_json()).map((slide, index) => ({ index, ...slide })),
    goTo(k) {
      const count = slides().length;
      if (!count) return -1;
      if (!Number.isInteger(k)) throw new TypeError('descent.goTo expects a whole number, the slide\'s place in the deck from 0');
      const index = Math.max(0, Math.min(count - 1, k));
      enter(ctx, () => ctx.set({ slide: index + 1 }));
      return index;
    },
    next() {
      const k = at();
      return k >= 0 && k === slides().length - 1 ? k : deck.goTo(k + 1);
    },
    previous: () => (at() === 0 ? 0 : deck.goTo(Math.max(0, at() - 1))),
    addSlide({ title = '', caption = '' } = {}) {
      const v = ctx.view();
      const fresh = at() < 0;
      edit('add', 0, 0, String(title || (fresh && v.scene?.title) || ''), String(caption || (fresh && v.scene?.caption) || ''));
      return at();
    },
    editSlide(k, { title, caption } = {}) {
      const slide = deck.list()[k];
      if (!slide) throw new RangeError(`descent.editSlide: there is no slide ${k} (the deck has ${slides().length}, counted from 0)`);
      edit('words', k, 0, String(title ?? slide.title), String(caption ?? slide.caption));
    },
    moveSlide: (k, to) => edit('move', k, to),
    removeSlide: (k) => edit('remove', k),
    text: () => ctx.app.deck_text(),
    open(text) {
      const read = JSON.parse(readDeck(String(text)));
      if (read.error) throw new Error(read.error);
      ctx.set({ deck: read.value });
      deck.goTo(0);
      return { count: read.count, warnings: read.warnings };
    },
    addNote(b0, b1, label) {
      ctx.change(() => ctx.app.add_note(Number(b0), Number(b1), String(label)));
    },
  };
  ctx.parts.deck = deck;
  return deck;
}
