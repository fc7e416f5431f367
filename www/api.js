// The public API, defined once: `window.descent`, what mount() returns,
// and (the methods in commands.js's COMMANDS) what a host page calls by postMessage. Its
// methods are documented here, where a user of the API looks; the work is
// done by the modules they call.
import { SIMD } from './wasm-file.js';

/** Most steps one `step(k)` call takes: about a second of work at N = 569. */
const MAX_STEPS = 100000;


/** How often step events go out at most, in ms between two. */
const STEP_EVENT_MS = 100;

/** The step event's news: a few numbers of the first run. */
const news = (s) => ({ step: s.step, epoch: s.epoch, loss: s.loss, theta: [...s.theta], lr: s.lr, running: s.running, diverged: s.diverged });

/** Events as a new step is shown: `diverged` when another run stops, `step` at most ten a second, the last one always sent. */
function installEvents(ctx) {
  const pending = { at: 0, timer: null };
  let divergedRuns = 0;
  ctx.hook('step', (s) => {
    const diverged = s.runs.filter((run) => run.divergedAt !== null).length;
    if (diverged > divergedRuns) ctx.emit('diverged', { ...news(s), runs: s.runs.map((run) => run.divergedAt) });
    divergedRuns = diverged;
    if (!ctx.heard('step')) return;
    const wait = pending.at + STEP_EVENT_MS - performance.now();
    if (wait <= 0 && !pending.timer) {
      pending.at = performance.now();
      ctx.emit('step', news(s));
    } else if (!pending.timer) {
      pending.timer = ctx.later(() => {
        pending.timer = null;
        pending.at = performance.now();
        if (!ctx.destroyed && !ctx.stopped) ctx.emit('step', news(ctx.state()));
      }, Math.max(0, wait));
    }
  });
}

/** Playing, stepping and resetting the run, and its state. */
function runApi(ctx, state) {
  const { app, call, refresh } = ctx;
  return {
    /** The run's state as a plain object. */
    state,
    /** Changes settings (URL keys); throws an Error naming a bad value, changing nothing. */
    set: (values) => ctx.set(values),
    /** Starts playing at the chosen speed. */
    play() { call(() => app.set_running(true)); ctx.show(); },
    /** Pauses. */
    pause() { call(() => app.set_running(false)); ctx.show(); },
    /** Takes k steps at once (default 1) and returns the state. */
    step(k = 1) {
      if (!Number.isInteger(k) || k < 0 || k > MAX_STEPS) {
        throw new Error(`descent.step: k must be a whole number from 0 to ${MAX_STEPS}, not ${k}`);
      }
      call(() => app.step(k));
      refresh();
      return state();
    },
    /** Steps to the end of the current epoch and returns the state. */
    stepEpoch() {
      call(() => app.step_epoch());
      refresh();
      return state();
    },
    /** Back to step 0 with the same settings. */
    reset() { call(() => app.reset()); refresh(); },
    /** Draws now instead of at the next animation frame; true if anything changed. */
    render: () => call(() => app.render()),
    /** The 3-D view's camera, [yaw, pitch] in radians. */
    camera: () => call(() => app.camera()),
  };
}

/** The data: reading it, loading a CSV, adding and removing points. */
function dataApi(ctx) {
  const { app, call, refresh } = ctx;
  return {
    /** The data the model sees: { x, y } or { x, x2, y } (after standardisation). */
    dataset: () => call(() => JSON.parse(app.data_json())),
    /**
     * Loads a CSV's text: columns `label`, `x` and optionally `x2` by name or
     * number (guessed when not given). Returns a summary (rows used, rows
     * skipped with reasons, which label became 1, each column's mean and
     * sd); throws an Error saying why, and then nothing changes.
     */
    loadCsv(text, { label = '', x = '', x2 = '' } = {}) {
      if (typeof text !== 'string') throw new TypeError('descent.loadCsv expects the CSV as a string');
      const summary = JSON.parse(call(() => app.load_csv(text, String(label), String(x), String(x2))));
      refresh(true);
      return summary;
    },
    /**
     * Adds a point (as the model sees the features) of class `label` (0 or
     * 1): `addPoint(x1, x2, label)`, or `addPoint(x, label)` for one feature.
     */
    addPoint(x, x2, label) {
      // eslint-disable-next-line prefer-rest-params
      if (arguments.length === 2) [x2, label] = [null, x2];
      if (![0, 1, true, false].includes(label)) throw new Error(`descent.addPoint: label must be 0 or 1, not ${label}`);
      call(() => app.add_point(Number(x), x2 === null || x2 === undefined ? NaN : Number(x2), Boolean(label)));
      refresh(true);
    },
    /** Removes the point with this index. */
    removePoint(index) {
      call(() => app.remove_point(Number(index)));
      refresh(true);
    },
  };
}

/** Decks, presenting and challenges. */
function deckApi({ deck, challenge, presenting }) {
  return {
    /** The deck on the whole screen in the projector's colours (Esc leaves). */
    present: presenting.present,
    /** The deck's slides, `[{ index, key, title, caption, view }]` (empty without a deck; `key` the built-in scene a slide shows as it is). */
    deck: deck.list,
    /** Opens slide k of the deck (0-based, clamped), its entrance animated, its view as saved (again, if it shows); returns its index, or -1 without a deck. */
    goTo: deck.goTo,
    /** The next slide of the deck (on the last, nothing changes). */
    next: deck.next,
    /** The previous slide of the deck (on the first, nothing changes). */
    previous: deck.previous,
    /** Adds the current view as the deck's last slide (`{ title, caption }`, both optional); returns its index. */
    addSlide: deck.addSlide,
    /** Renames slide k and rewrites its caption (`{ title, caption }`, each optional). */
    editSlide: deck.editSlide,
    /** Moves slide k to place `to`. */
    moveSlide: deck.moveSlide,
    /** Removes slide k. */
    removeSlide: deck.removeSlide,
    /** The deck as a file's text (title:, caption: and view: lines per slide). */
    deckText: deck.text,
    /** Opens a deck from a file's text at its first slide; returns `{ count, warnings }`, throws when it holds no slide. */
    openDeck: deck.open,
    /** Pins a note, a label with an arrow, to (b0, b1) on the contour plot of this view. */
    addNote: deck.addNote,
    /** The built-in challenges: `[{ id, section, task }]`. */
    challenges: challenge.challenges,
    /** The challenge on screen: `{ id, section, task, met, why, hint, hintsShown }` (`why` once met, `hint` once shown), or null. */
    challengeState: challenge.state,
  };
}

/** Exports, and reading and hearing the plots. */
function outputApi(ctx, { share }) {
  return {
    /** The plots as PNG (a Blob): `which` is surface, trace, data or all; `ratio` device pixels per CSS pixel (2: for slides). */
    png: share.png,
    /** The runs as CSV: a row per kept step. */
    csv: share.csv,
    /** A Promise of the view as a Python script (NumPy, matplotlib) that rebuilds its runs, draws them and checks them against these numbers to 1e-9; its last line of output is `{"runs": [{"theta", "loss"}]}` as JSON. */
    python: share.python,
    /** A Promise of the same as a Jupyter notebook (.ipynb text). */
    notebook: share.notebook,
    /**
     * The runs as an animation for slides, a Promise of a Blob: `{ format
     * (gif, webm or mp4), from, to (steps; to: this step), fps, width,
     * height (800 x 500), plots (surface or all) }`; `progress(done, total)`
     * after each frame. Made in the page, a frame a task.
     */
    animation: (options, progress) => share.animation(options, progress),
    /** A link to this view in the whole tool. */
    link: share.link,
    /** The plots in words now: `{ surface, trace, data, summary }`, as the page's descriptions say them. */
    describe: () => JSON.parse(ctx.call(() => ctx.app.describe())),
    /** Plays the first run's trace, start to now, as a tone over three seconds (`sound` need not be on). */
    hearTrace: () => ctx.parts.sound.hearTrace(),
  };
}

/**
 * The API of the instance in `ctx`, from what its modules offer (`parts`:
 * the deck, the challenge, share, presenting, render).
 */
export function createApi(ctx, parts) {
  // The caller's own copy: what it changes in it changes nothing here.
  const state = () => structuredClone(ctx.state(true));
  installEvents(ctx);
  return {
    ...runApi(ctx, state),
    ...dataApi(ctx),
    ...deckApi(parts),
    ...outputApi(ctx, parts),
    /**
     * A class on descent's own server (docs/classroom.md): `start()`,
     * `join(code, nickname)`, `ask({ kind, ... })`, `answer()`, `results()`,
     * `reveal()`, `close()`; its messages come as `classroom` events.
     */
    classroom: ctx.parts.classroom,
    /** Which wasm build runs: 'simd' or 'scalar' (chosen by what the browser can run). */
    module: SIMD ? 'simd' : 'scalar',
    /** Frame times so far: the last (up to) 600 frames' work, in ms, oldest first, how many frames ran, and the batch surface's grid (coarser on a slow device). */
    frameTimes: parts.render.frameTimes,
    /** Removes this instance: its listeners, timers, observers, canvases and module memory. */
    destroy: () => ctx.destroy(),
    /**
     * Calls `handler(data)` on each `ready`, `step` (at most ten a second),
     * `diverged` or `resize`; returns a function that stops it. A `ready`
     * handler added after the instance is ready is called at once.
     */
    on(name, handler) {
      const off = ctx.on(name, handler);
      if (name === 'ready') queueMicrotask(() => { if (!ctx.destroyed) handler(news(state())); });
      return off;
    },
  };
}
