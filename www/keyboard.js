// Keys: space plays or pauses, → steps, e to the end of the epoch, r
// resets; with a deck a clicker's Page Down / Page Up and arrows move it
// (Home and End to its ends), b blanks the screen, p opens the presenter
// window; presenting, c shows or hides the controls; d, s, h, t and ? read
// and hear the plots (view/keys.rs lists every key in words for the help
// dialog). Never while typing in a field. Keys reach this
// instance when focus is inside it, or anywhere on the page when it is the
// page's only one. The contour plot takes focus and its arrows move the
// start.
import { instances } from './context.js';

/** How far the contour plot's arrow keys move the start, as a share of the window (with Shift). */
const NUDGE = 0.02;
const NUDGE_SHIFT = 0.2;

/** The deck's keys; true if the key was the deck's. */
function deckKey(ctx, event, presenting) {
  const { $, element } = ctx;
  const target = event.target;
  // Arrows go to the deck unless a slider or the contour plot (whose
  // arrows move the start) has focus; presenting, always, but for a slider
  // of the controls shown beside the plots.
  const slider = target?.type === 'range' && element.classList.contains('controls-open');
  const arrows = presenting ? !slider : target?.type !== 'range' && target !== $('surface');
  const forward = event.key === 'PageDown' || (arrows && ['ArrowRight', 'ArrowDown'].includes(event.key));
  const back = event.key === 'PageUp' || (arrows && ['ArrowLeft', 'ArrowUp'].includes(event.key));
  if (forward || back) {
    event.preventDefault();
    (forward ? ctx.api.next : ctx.api.previous)();
    return true;
  }
  // Home and End: the first and the last slide (never a field's, which never get here).
  if (event.key === 'Home' || event.key === 'End') {
    event.preventDefault();
    ctx.api.goTo(event.key === 'Home' ? 0 : ctx.state().page.deck.length - 1);
    return true;
  }
  if (event.key === 'b' || event.key === 'B') {
    $('deck-blank').hidden = !$('deck-blank').hidden;
    return true;
  }
  if ((event.key === 'p' || event.key === 'P') && ctx.syncUrl && typeof BroadcastChannel === 'function') {
    const url = new URL(location.href);
    url.searchParams.set('presenter', '1');
    window.open(url.href, 'descent-presenter', 'width=1000,height=700');
    return true;
  }
  return false;
}

/** Keys for reading and hearing the plots: d, s, h, t and ?; true if the key was one. */
function readingKey(ctx, event) {
  const act = {
    d: () => ctx.parts.describe.describeNow(),
    s: () => ctx.parts.sound.toggle(),
    h: () => ctx.parts.sound.hearTrace(),
    t: () => ctx.parts.help.tables(),
    '?': () => ctx.parts.help.keys(),
  }[event.key.length === 1 ? event.key.toLowerCase() : event.key];
  if (!act) return false;
  event.preventDefault();
  act();
  return true;
}

/** The run's keys. */
function runKey(ctx, event) {
  const { api, app } = ctx;
  if (event.key === ' ') {
    event.preventDefault();
    if (!app.running() && !ctx.view().canPlay) return;
    if (app.running()) api.pause();
    else api.play();
  } else if (event.key === 'ArrowRight' && event.target?.type !== 'range') {
    event.preventDefault();
    api.step(1);
  } else if (event.key === 'r' || event.key === 'R') {
    api.reset();
  } else if (event.key === 'e' || event.key === 'E') {
    api.stepEpoch();
  }
}

/** The page's keys, for this instance. */
function onKey(ctx, event) {
  const { element, doc } = ctx;
  if (ctx.stopped) return;
  if (event.key === 'Escape' && ctx.parts.editor.cancelPlacing()) return;
  const target = event.target;
  const mine = element.contains(target)
    || (instances.size === 1 && (!target || target === doc.body || target === doc.documentElement));
  if (!mine || event.ctrlKey || event.metaKey || event.altKey) return;
  const tag = target?.tagName;
  // Leave keys to fields, and Space to buttons and checkboxes, which it
  // presses; except while presenting, when a clicker's keys belong to the
  // deck and the run, whatever button was clicked last.
  const presenting = element.classList.contains('presenting');
  const pressable = tag === 'BUTTON' || tag === 'A' || (tag === 'INPUT' && target.type === 'checkbox');
  if (tag === 'SELECT' || tag === 'TEXTAREA' || (tag === 'INPUT' && target.type !== 'range' && !(presenting && pressable))) return;
  if (event.key === ' ' && pressable && !presenting) return;
  // Single-letter keys can be turned off (shortcuts=false): speech input
  // can send a word as letters (WCAG 2.1.4).
  if (event.key.length === 1 && event.key !== ' ' && !ctx.state().page.shortcuts) return;
  if (presenting && (event.key === 'c' || event.key === 'C')) {
    ctx.parts.presenting.toggleControls();
    return;
  }
  if (ctx.state().page.deck.length && deckKey(ctx, event, presenting)) return;
  if (readingKey(ctx, event)) return;
  runKey(ctx, event);
}

/** Installs the keys. */
export function install(ctx) {
  const { $, doc, element, listen } = ctx;
  listen(doc, 'keydown', (event) => onKey(ctx, event));
  // A button or a checkbox keeps focus after a click; while presenting, Space's keyup must not press it.
  listen(doc, 'keyup', (event) => {
    const target = event.target;
    if (event.key === ' ' && element.classList.contains('presenting') && element.contains(target)
      && (['BUTTON', 'A'].includes(target.tagName) || target.type === 'checkbox')) event.preventDefault();
  });
  // The 3-D view's arrows turn it, as a drag of 20 px would (Shift: 100).
  listen($('surface3d'), 'keydown', ctx.guard((event) => {
    const turns = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const turn = turns[event.key];
    if (!turn || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    event.stopPropagation();
    const by = event.shiftKey ? 100 : 20;
    ctx.call(() => ctx.app.rotate(turn[0] * by, turn[1] * by));
    ctx.refresh();
  }));
  // The contour plot's arrows move the start by a fiftieth of the window
  // (Shift: a fifth), as a click on the plot would.
  listen($('surface'), 'keydown', ctx.guard((event) => {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const move = moves[event.key];
    if (!move || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    event.stopPropagation();
    const by = event.shiftKey ? NUDGE_SHIFT : NUDGE;
    ctx.call(() => ctx.app.nudge(move[0] * by, move[1] * by));
    ctx.refresh(true);
  }));
}
