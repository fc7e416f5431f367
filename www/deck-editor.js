// The deck editor: a list of slides to rename, caption, reorder and
// remove; add the current view; notes pinned to places of the contour
// plot; the deck shared as a link or a file. Every edit runs in Rust.
import { here } from './address.js';
import { escape, put, show } from './dom.js';
import { save } from './share.js';

/** The markup of the list of slides, `current` marked. */
function slidesHtml(slides, current) {
  return slides.map((slide, k) => `<li class="${k === current ? 'current' : ''}" data-index="${k}">
      <div class="row"><input class="deck-title" value="${escape(slide.title)}" maxlength="120" aria-label="Title of slide ${k + 1}">
        <button type="button" data-op="open" title="Show this slide">Show</button>
        <button type="button" data-op="up" title="Move up" aria-label="Move slide ${k + 1} up" ${k ? '' : 'disabled'}>↑</button>
        <button type="button" data-op="down" title="Move down" aria-label="Move slide ${k + 1} down" ${k < slides.length - 1 ? '' : 'disabled'}>↓</button>
        <button type="button" data-op="remove" title="Remove it" aria-label="Remove slide ${k + 1}">✕</button></div>
      <textarea class="deck-caption" rows="2" maxlength="1200" aria-label="Caption of slide ${k + 1}">${escape(slide.caption)}</textarea></li>`).join('')
    || '<li class="empty">No slides yet: add this view, or start from the lecture\'s deck.</li>';
}

/** The dialog and its list: opened, closed, and shown again only when the slides change, so typing is not lost. */
function dialogParts(ctx) {
  const { $ } = ctx;
  const dialog = $('deck-dialog');
  let shown = null;
  const parts = {
    say: (text) => put($('deck-message'), text),
    showDeck(s = ctx.state()) {
      const slides = JSON.parse(ctx.app.deck_json());
      const list = $('deck-list');
      // The same slides in the same order: only the words change, and not
      // in the field being typed in.
      const key = JSON.stringify([slides.map((slide) => slide.view), s.page.slide]);
      if (key === shown) {
        list.querySelectorAll('li[data-index]').forEach((item, k) => {
          for (const [field, value] of [['.deck-title', slides[k].title], ['.deck-caption', slides[k].caption]]) {
            const el = item.querySelector(field);
            if (el !== ctx.doc.activeElement && el.value !== value) el.value = value;
          }
        });
        return;
      }
      shown = key;
      list.innerHTML = slidesHtml(slides, s.page.slide);
      show($('deck-lecture'), !slides.length);
      list.querySelector('li.current')?.scrollIntoView({ block: 'nearest' });
    },
    openDeck() {
      shown = null;
      parts.showDeck();
      parts.say('');
      if (!dialog.open) dialog.showModal?.() ?? dialog.setAttribute('open', '');
      $('deck-add').focus();
    },
    closeDeck: () => dialog.close?.() ?? dialog.removeAttribute('open'),
    isOpen: () => dialog.open,
    /** Runs a deck edit in Rust, then shows the result. */
    editDeck(op, index = 0, to = 0, title = '', caption = '') {
      ctx.call(() => ctx.app.edit_deck(op, index, to, title, caption));
      ctx.refresh(true);
      if (dialog.open) parts.showDeck();
    },
  };
  return parts;
}

/** The list's buttons and fields: show, move, remove, rename, caption; add a view. */
function installList(ctx, parts) {
  const { $, listen, guard } = ctx;
  listen($('deck-list'), 'click', guard((event) => {
    const button = event.target.closest('button[data-op]');
    const item = button?.closest('li[data-index]');
    if (!item) return;
    const k = Number(item.dataset.index);
    const op = button.dataset.op;
    if (op === 'open') ctx.api.goTo(k);
    else if (op === 'remove') ctx.api.removeSlide(k);
    else ctx.api.moveSlide(k, op === 'up' ? k - 1 : k + 1);
  }));
  listen($('deck-list'), 'change', guard((event) => {
    const item = event.target.closest('li[data-index]');
    if (!item) return;
    ctx.api.editSlide(Number(item.dataset.index), {
      title: item.querySelector('.deck-title').value, caption: item.querySelector('.deck-caption').value,
    });
  }));
  listen($('deck-add'), 'click', guard(() => { const k = ctx.api.addSlide(); parts.say(`Slide ${k + 1} added: give it a title and a caption.`); }));
  listen($('deck-lecture'), 'click', guard(() => { ctx.set({ deck: 'lecture' }); parts.showDeck(); }));
}

/** The deck as a link that opens at its first slide, as a file, and a file opened. */
function installSharing(ctx, parts) {
  const { $, listen } = ctx;
  const empty = () => {
    if (ctx.state().page.deck.length) return false;
    parts.say('The deck is empty: add a view first.');
    return true;
  };
  const deckLink = () => {
    const value = new URLSearchParams(ctx.app.query()).get('deck') ?? '';
    return `${here()}?deck=${encodeURIComponent(value).replace(/%2C/g, ',')}&slide=1`;
  };
  listen($('deck-link'), 'click', async () => {
    if (empty()) return;
    try {
      await navigator.clipboard.writeText(deckLink());
      parts.say('The deck\'s link is copied: it opens at the first slide.');
    } catch {
      parts.say(`Copy the deck's link: ${deckLink()}`);
    }
  });
  listen($('deck-download'), 'click', () => {
    if (empty()) return;
    save(ctx, new Blob([ctx.app.deck_text()], { type: 'text/plain' }), 'descent-deck.txt');
    parts.say('Saved as descent-deck.txt.');
  });
  listen($('deck-file'), 'change', async (event) => {
    const file = event.target.files?.[0];
    if (!file) return;
    try {
      const { count, warnings } = ctx.api.openDeck(await file.text());
      parts.say(`${file.name}: ${count} slides.${warnings.length ? ` ${warnings.join('; ')}.` : ''}`);
    } catch (error) {
      parts.say(`${file.name}: ${error.message}`);
    }
    event.target.value = '';
  });
}

/** Notes: "Point at…" makes the next click on the contour plot place the label typed. Returns how to cancel it. */
function installNotes(ctx, parts) {
  const { $, listen, guard } = ctx;
  const surface = $('surface');
  let placing = null;
  listen($('note-place'), 'click', () => {
    const label = $('note-label').value.trim();
    if (!label) { parts.say('Type the note first, then press Point at.'); $('note-label').focus(); return; }
    placing = label;
    parts.closeDeck();
    surface.classList.add('placing');
    put($('remark'), `Click the place on the contour plot the note “${label}” points at (Esc: cancel).`);
  });
  listen($('note-clear'), 'click', guard(() => { ctx.set({ notes: '' }); parts.say('The notes on this view are gone.'); }));
  // Before the plot's own pointer handling (which would move the start).
  listen(surface, 'pointerdown', (event) => {
    if (!placing) return;
    event.stopImmediatePropagation();
    const box = surface.getBoundingClientRect();
    const at = ctx.call(() => ctx.app.params_at(event.clientX - box.left, event.clientY - box.top));
    const label = placing;
    placing = null;
    surface.classList.remove('placing');
    if (at.length === 2) ctx.api.addNote(at[0], at[1], label);
    ctx.refresh();
  }, { capture: true });
  /** Leaves "Point at…" without a note (Esc); true if it was under way. */
  return () => {
    if (!placing) return false;
    placing = null;
    surface.classList.remove('placing');
    ctx.refresh();
    return true;
  };
}

/** Installs the Deck… dialog; offers `editDeck`, `closeDeck` and `cancelPlacing` to the other modules. */
export function install(ctx) {
  const { $, listen } = ctx;
  const parts = dialogParts(ctx);
  listen($('deck-edit'), 'click', parts.openDeck);
  listen($('deck-close'), 'click', parts.closeDeck);
  installList(ctx, parts);
  installSharing(ctx, parts);
  const cancelPlacing = installNotes(ctx, parts);
  ctx.hook('show', (s) => { if (parts.isOpen()) parts.showDeck(s); });
  ctx.parts.editor = { editDeck: parts.editDeck, closeDeck: parts.closeDeck, cancelPlacing };
  return ctx.parts.editor;
}
