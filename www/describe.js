// The plots in words for a screen reader (PhET's Interactive Description is
// the model): each canvas is described by a paragraph the module writes
// (view/describe.rs), and a polite live region says how the runs are
// doing. While playing, both follow at a listener's pace, at most once a
// second; a pause, a step or a key says it at once. On the focused contour
// plot, `,` and `.` walk the first run's path, each step read out.
import { put } from './dom.js';

/** The least time between two descriptions while playing, in ms. */
const PACE_MS = 1000;

/** How long a stopped page's changes must settle before they are described,
 * in ms: a dragged slider is described once, and the first description
 * waits until after the first frame. */
const SETTLE_MS = 50;

/** How far Shift makes `,` and `.` walk along the path. */
const FAR = 10;

/** Installs the descriptions; offers `describeNow`, `say` and `walk`. */
export function install(ctx) {
  const { $, app, listen } = ctx;
  let lastAt = -Infinity;
  let pending = 0;
  let lastSaid = '';
  /** Which entry of the first run's path the keys are on, or -1. */
  let walking = -1;

  /** Says `text` in the live region (again, when it is said twice on purpose). */
  function say(text, again = false) {
    if (text === lastSaid && !again) return;
    lastSaid = text;
    // Emptied first, so that saying the same words again is heard again.
    put($('live-description'), '');
    ctx.later(() => put($('live-description'), text), 30);
  }
  /** Writes the descriptions, and says the summary if it changed. */
  function describeNow(again = false) {
    if (ctx.stopped) return;
    clearTimeout(pending);
    pending = 0;
    lastAt = performance.now();
    const d = JSON.parse(ctx.call(() => app.describe()));
    ['surface', 'surface3d', 'trace', 'data'].forEach((id, k) => {
      if ($(id).getAttribute('aria-label') !== d.names[k]) $(id).setAttribute('aria-label', d.names[k]);
    });
    put($('surface-description'), d.surface);
    put($('trace-description'), d.trace);
    put($('data-description'), d.data);
    say(d.summary, again);
  }
  /** Describes at once when stopped (once a burst of changes, such as a
   * dragged slider, settles), or while playing as soon as the pace allows. */
  function follow(s) {
    walking = -1;
    if (!s.running) {
      clearTimeout(pending);
      pending = ctx.later(describeNow, SETTLE_MS);
      return;
    }
    const wait = lastAt + PACE_MS - performance.now();
    if (wait <= 0) describeNow();
    else if (!pending) pending = ctx.later(describeNow, wait);
  }
  ctx.hook('step', follow);
  // A pause, a setting or a scene: said at once, once the change settles
  // (a description waiting for its turn goes then).
  ctx.hook('show', (s) => { if (!s.running) follow(s); });

  /** Moves along the first run's path by `by` entries (or to an end) and reads the step. */
  function walk(by) {
    const length = app.path_length(0);
    if (!length) return;
    if (app.running()) ctx.api.pause();
    // The step read out is what the listener asked for: a description of the
    // whole that was waiting would talk over it.
    clearTimeout(pending);
    pending = 0;
    const from = walking < 0 ? length - 1 : walking;
    walking = Math.max(0, Math.min(length - 1, by === 'first' ? 0 : by === 'last' ? length - 1 : from + by));
    const words = app.path_step(0, walking);
    if (words) say(words, true);
  }
  listen($('surface'), 'keydown', ctx.guard((event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const by = { ',': -1, '<': -FAR, '.': 1, '>': FAR, Home: 'first', End: 'last' }[event.key];
    if (by === undefined) return;
    event.preventDefault();
    // The deck's Home and End wait: the plot has focus.
    event.stopPropagation();
    walk(event.shiftKey && typeof by === 'number' && Math.abs(by) === 1 ? by * FAR : by);
  }));
  ctx.parts.describe = { describeNow: () => describeNow(true), say, walk };
  return ctx.parts.describe;
}
