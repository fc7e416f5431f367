// One instance's context: what every module of an instance shares, and the
// one place where its listeners, timers and observers are registered, so
// that destroy() undoes all of it (eframe's web runner is the model). The
// modules share no state but through it.
//
// A change takes one path: `set` (or another call into the module), then
// `refresh`, which runs the modules' hooks in order: `sync` (controls in
// line with the settings), `show` (the words), the drawing, `drawn` (what
// depends on what was drawn), and `step` when a new step is on screen.

/** Events an instance sends: `on(name, handler)`, and to a host page by postMessage. */
export const EVENTS = ['ready', 'step', 'diverged', 'resize', 'classroom'];

/** The instances on this page, for the keyboard: with one, keys pressed
 * anywhere on the page reach it; with several, only the focused one's. */
export const instances = new Set();

/** How long a refused control value is said where alerts go, in ms. */
const REFUSAL_MS = 5000;

/** The string the Rust settings parser expects for one API value. */
export function settingString(key, value) {
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return String(value);
  throw new TypeError(`descent.set: ${key} must be a number, string or boolean, not ${typeof value}`);
}

/** Listeners, timers, observers and clean-ups of one instance, undone together. */
function lifetime() {
  const signal = new AbortController();
  const timers = new Set();
  const undo = [];
  return {
    /** Adds a listener that destroy() removes. */
    listen(target, type, fn, options = {}) {
      target.addEventListener(type, fn, { ...options, signal: signal.signal });
    },
    /** Runs `fn` after `ms` unless the instance is destroyed first. */
    later(fn, ms) {
      const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
      timers.add(t);
      return t;
    },
    /** Keeps an observer (or anything with `disconnect`) to disconnect on destroy(). */
    observe(observer) {
      undo.push(() => observer.disconnect());
      return observer;
    },
    /** Runs `fn` on destroy(). */
    onDestroy(fn) {
      undo.push(fn);
    },
    /** Undoes all of it. */
    end() {
      signal.abort();
      for (const fn of undo.splice(0).reverse()) fn();
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

/** The public events: `on`, `emit`, `heard`, and `silence` on destroy(). */
function events() {
  const handlers = new Map(EVENTS.map((name) => [name, new Set()]));
  return {
    /** Calls `handler(data)` on each public event `name`; returns a function that stops it. */
    on(name, handler) {
      if (!handlers.has(name)) throw new Error(`descent.on: ${name} is not an event (choose ${EVENTS.join(', ')})`);
      if (typeof handler !== 'function') throw new TypeError('descent.on: the handler must be a function');
      handlers.get(name).add(handler);
      return () => handlers.get(name).delete(handler);
    },
    /** Sends a public event to its handlers (one that fails is logged, the others still run). */
    emit(name, data) {
      for (const handler of handlers.get(name)) {
        try { handler(data); } catch (error) { console.error(`descent: a ${name} handler failed:`, error); }
      }
    },
    /** Whether anyone listens to event `name` (work for it can be skipped otherwise). */
    heard: (name) => handlers.get(name).size > 0,
    silence() {
      for (const set of handlers.values()) set.clear();
    },
  };
}

/**
 * `patch` merged over `copy`, as a new object (or array) sharing what the
 * patch leaves alone: a field's value replaces it, or, written
 * `{"~": parts}`, patches it part by part (src/view/patch.rs).
 */
export function merged(copy, patch) {
  const next = Array.isArray(copy) ? [...copy] : { ...copy };
  for (const [key, value] of Object.entries(patch)) {
    const nested = value !== null && typeof value === 'object' && !Array.isArray(value)
      && '~' in value && Object.keys(value).length === 1;
    next[key] = nested ? merged(copy?.[key] ?? {}, value['~']) : value;
  }
  return next;
}

/** Calls into the module, and the page stopped after a panic (the module cannot run on). */
function guarded(ctx) {
  return {
    /** Calls into the module, turning a panic into the stopped page. */
    call(fn) {
      if (globalThis.__descentPanic) ctx.stop();
      if (ctx.stopped) throw new Error(`descent has stopped after an internal error: ${ctx.stopped}`);
      try {
        return fn();
      } catch (error) {
        if (globalThis.__descentPanic || error instanceof WebAssembly.RuntimeError) ctx.stop(error);
        throw error;
      }
    },
    /** After a panic the module cannot run on: say so once, and stop. */
    stop(error) {
      if (ctx.stopped) return;
      const message = globalThis.__descentPanic ?? String(error?.message ?? error);
      ctx.stopped = message;
      console.error('descent stopped:', message);
      const alert = ctx.$('alert');
      alert.hidden = false;
      alert.classList.add('fatal');
      alert.textContent = `descent stopped after an internal error, and the animation has halted: ${message}. `
        + 'Reload the page to start again; your settings are in the address.';
      ctx.element.dataset.stopped = 'true';
      for (const el of ctx.element.querySelectorAll('button, input, select')) el.disabled = true;
    },
    /**
     * The run's state as a plain object: the module sends what changed
     * since it last sent any, merged here over the last copy. Each call
     * gives a new object, so one taken earlier stays as it was; the modules
     * read them and never write them. `whole`: the chain rule's numbers
     * too while its panel is closed (the API's state()).
     */
    state: (whole = false) => (ctx.copies.state = merged(ctx.copies.state, JSON.parse(ctx.call(() => ctx.app.state_patch(whole))))),
    /** What the page writes where, as a plain object (merged the same way). */
    view: () => (ctx.copies.view = merged(ctx.copies.view, JSON.parse(ctx.call(() => ctx.app.view_patch())))),
  };
}

/** The one path of a change: settings in, then the modules' hooks in order. */
function flow(ctx) {
  const hooks = { sync: [], show: [], drawn: [], step: [] };
  return {
    /** Registers a module's part of a refresh: `sync`, `show`, `drawn` or `step`. */
    hook(name, fn) {
      hooks[name].push(fn);
    },
    /** The words of the view on the page (the `show` hooks). */
    show(s = ctx.state(), v = ctx.view()) {
      if (ctx.stopped) return;
      for (const fn of hooks.show) fn(s, v);
    },
    /** What depends on what was drawn (the `drawn` hooks). */
    drawn(v = ctx.view()) {
      for (const fn of hooks.drawn) fn(v);
    },
    /** A new step is on screen (the `step` hooks), once per step. */
    stepped(s) {
      if (s.step === ctx.shownStep) return;
      ctx.shownStep = s.step;
      for (const fn of hooks.step) fn(s);
    },
    /**
     * After a change: the controls (with `controls`) and the words first
     * (words can change the layout the canvases are sized by), then the
     * drawing, then what depends on what was drawn. `all` also resets
     * fields being typed in; `draw` false leaves the drawing to the caller.
     */
    refresh(controls = false, all = false, draw = true) {
      const s = ctx.state();
      const v = ctx.view();
      if (controls) for (const fn of hooks.sync) fn(s, v, all);
      ctx.show(s, v);
      if (draw && ctx.call(() => ctx.app.render())) ctx.drawn();
      ctx.stepped(s);
    },
    /** Runs `fn`, a change made in the module, then refreshes the page as `set` does. */
    change(fn) {
      ctx.call(fn);
      ctx.refresh(true);
    },
    /** Applies settings (URL keys) through the one path every change takes; throws naming a bad value. */
    set(values) {
      if (values === null || typeof values !== 'object' || Array.isArray(values)) {
        throw new TypeError('descent.set expects an object such as { lr: 0.1 }');
      }
      const pairs = Object.entries(values);
      const strings = pairs.map(([k, v]) => settingString(k, v));
      ctx.call(() => ctx.app.set(pairs.map(([k]) => k), strings));
      ctx.refresh(true);
    },
    /**
     * A listener for a control: a value it gives that is refused is said for
     * a few seconds, and the controls go back to the values in force.
     */
    guard: (fn) => (event) => {
      try {
        fn(event);
      } catch (error) {
        if (ctx.stopped) return;
        ctx.refusal = { text: error.message.replace(/^descent\.set: /, 'Not used: '), until: performance.now() + REFUSAL_MS };
        ctx.refresh(true, true);
        ctx.later(() => ctx.show(), REFUSAL_MS + 100);
      }
    },
  };
}

/**
 * The context of one instance in `element`, driving `app` (the module's
 * `App`): `table` is the settings table, `prefix` what its ids carry
 * (`d2-`), `page` whether it is the page's own instance, `syncUrl` whether
 * the address follows its settings.
 */
export function createContext({ element, app, table, prefix, page, syncUrl }) {
  const ctx = {
    element,
    app,
    table,
    prefix,
    page,
    syncUrl,
    doc: element.ownerDocument,
    /** The element of this instance with the documented id `id`. */
    $: (id) => element.querySelector(`#${prefix}${id}`),
    /** The layout now (`wide`, `stack`, `figure`, `mini`), kept by render.js. */
    layout: element.dataset.layout,
    /** The message of the internal error that stopped the instance, or null. */
    stopped: null,
    destroyed: false,
    /** The step last shown (hooks run on `step` when it changes). */
    shownStep: -1,
    /** A refused control value, said for a few seconds where alerts go. */
    refusal: null,
    /** The public API, once made (for modules that call it from their listeners). */
    api: null,
    /** The state and the view as last merged from the module's patches. */
    copies: { state: {}, view: {} },
    /** What the modules offer each other, by module (filled as they install). */
    parts: {},
    /** Presenting with the controls put away: the plots take the screen. */
    plotsOnly: () => element.classList.contains('presenting') && !element.classList.contains('controls-open'),
  };
  const life = lifetime();
  const heard = events();
  Object.assign(ctx, life, heard, guarded(ctx), flow(ctx), {
    /** Removes the instance: its listeners, timers, observers, canvases and module memory. */
    destroy() {
      if (ctx.destroyed) return;
      ctx.destroyed = true;
      life.end();
      heard.silence();
      instances.delete(ctx);
      try { app.free(); } catch { /* already freed after a panic */ }
      element.replaceChildren();
      element.classList.remove('descent', 'starting', 'embedded', 'fill', 'data-2d', 'big', 'mid', 'short', 'shorter', 'cramped', 'tall');
      for (const key of ['layout', 'theme', 'visible', 'stopped']) delete element.dataset[key];
    },
  });
  instances.add(ctx);
  return ctx;
}
