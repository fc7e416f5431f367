// The frame loop (JavaScript owns requestAnimationFrame and asks the module
// to advance and draw), the layout following the instance's box, the
// canvases measured when their boxes change, and an instance out of view
// neither drawing nor playing.
import { sizeClasses } from './layout.js';

/** Frames whose work frameTimes() keeps. */
const FRAMES_KEPT = 600;

/** A slow device: when the median work of the last `SLOW_STEPS` frames
 * that took a step (the frames that recompute the batch surface; between
 * steps a frame has little to do) passes `SLOW_MS`, the batch surface is
 * drawn on a coarser grid, down to `LEAST_GRID` points a side, so playing
 * keeps within a 60 Hz frame on an old phone. */
const SLOW_STEPS = 10;
const SLOW_MS = 12;
const LEAST_GRID = 100;

/** The layout follows the element's box, not the window. */
function followBox(ctx) {
  const { app, element } = ctx;
  ctx.observe(new ResizeObserver(() => {
    const next = sizeClasses(element, ctx.page);
    if (next && next !== ctx.layout) {
      ctx.layout = next;
      if (!ctx.stopped) ctx.parts.controls.showControls();
    }
    if (ctx.stopped) return;
    if (element.classList.contains('presenting')) ctx.parts.presenting.fitText();
    app.remeasure();
    ctx.emit('resize', { width: element.clientWidth, height: element.scrollHeight, layout: ctx.layout });
  })).observe(element);
}

/** Installs the loop and the observers; offers `start` (the first frame) and `frameTimes`. */
export function install(ctx) {
  const { $, app, element } = ctx;
  let visible = true;
  let looping = false;
  /** The start has drawn every plot (start() was called): before that the
   * observers' first reports draw nothing, so the start keeps its parts in
   * tasks of their own. */
  let started = false;
  let frameId = 0;
  let last = performance.now();
  /** The work of the last frames, in ms (a ring), for frameTimes(). */
  const work = { times: new Float64Array(FRAMES_KEPT), count: 0 };
  /** The work of the last frames that took a step (a ring). */
  const steps = { times: new Float64Array(SLOW_STEPS), count: 0 };

  function tick(now) {
    looping = false;
    // A panic anywhere in the module (this instance's or another's) leaves
    // its state unknown: stop here rather than draw from it.
    if (globalThis.__descentPanic) ctx.stop();
    if (ctx.stopped || ctx.destroyed || !visible) return;
    const elapsed = now - last;
    last = now;
    try {
      if (app.running()) app.advance(elapsed);
      if (app.render()) {
        const s = ctx.state();
        if (s.step !== ctx.shownStep) {
          ctx.show(s);
          ctx.stepped(s);
        } else {
          ctx.drawn();
        }
      }
    } catch (error) {
      if (globalThis.__descentPanic || error instanceof WebAssembly.RuntimeError) {
        ctx.stop(error);
        return;
      }
      console.error(error);
    }
    loop();
  }
  /** The batch surface's grid: 200 a side until the device proves slow. */
  let batchGrid = 200;
  let judgedFrom = 0;
  function lighten() {
    if (batchGrid <= LEAST_GRID || steps.count - judgedFrom < SLOW_STEPS || !app.running()) return;
    const s = ctx.copies.state;
    if (s.surface === 'full' || !(s.batchSize < s.n)) return;
    const recent = [...steps.times].sort((a, b) => a - b);
    if (recent[SLOW_STEPS >> 1] <= SLOW_MS) return;
    batchGrid = Math.max(LEAST_GRID, Math.round(batchGrid * 0.7));
    app.set_batch_grid_size(batchGrid);
    judgedFrom = steps.count; // the new grid is judged on its own frames
  }
  function frame(now) {
    const started = performance.now();
    const step = ctx.shownStep;
    try {
      tick(now);
    } finally {
      const took = performance.now() - started;
      work.times[work.count % FRAMES_KEPT] = took;
      work.count += 1;
      if (ctx.shownStep !== step) {
        steps.times[steps.count % SLOW_STEPS] = took;
        steps.count += 1;
        lighten();
      }
    }
  }
  function loop() {
    looping = true;
    last = performance.now();
    frameId = requestAnimationFrame(frame);
  }
  ctx.onDestroy(() => cancelAnimationFrame(frameId));

  followBox(ctx);
  // A plot's box can change while the instance's does not (a legend
  // growing a row): the module measures its canvases only when told, so
  // tell it, and draw at once, before this frame is painted.
  const plots = ctx.observe(new ResizeObserver(() => {
    if (ctx.stopped || ctx.destroyed) return;
    app.remeasure();
    if (started && visible && ctx.call(() => app.render())) ctx.drawn();
  }));
  for (const id of ['surface', 'trace', 'data', 'surface3d']) plots.observe($(id));
  // Out of view, an instance stops drawing and playing; back in view, it
  // goes on where it was.
  ctx.observe(new IntersectionObserver((entries) => {
    visible = entries[entries.length - 1].isIntersecting;
    element.dataset.visible = String(visible);
    if (started && visible && !looping && !ctx.stopped) loop();
  })).observe(element);

  return {
    /** Starts the loop (once the instance is built and drawn). */
    start() {
      started = true;
      if (visible && !looping && !ctx.stopped) loop();
    },
    /** The last (up to) 600 frames' work, in ms, oldest first, how many frames ran, and the batch surface's grid. */
    frameTimes() {
      const n = Math.min(work.count, FRAMES_KEPT);
      const times = [];
      for (let k = work.count - n; k < work.count; k++) times.push(work.times[k % FRAMES_KEPT]);
      return { times, frames: work.count, batchGrid };
    },
  };
}
