// The page: builds the controls and canvases, runs the animation loop and
// exposes the API. All the work happens in Rust (`App`); this module only
// passes settings in as strings and shows what comes back.
import init, { App } from './pkg/descent.js';

const DATASETS = [
  ['overlap', 'Overlap (100 points)'],
  ['separable', 'Separable (60)'],
  ['cancer', 'Breast cancer (569)'],
];

const TEMPLATE = `
<div class="notices" id="notices" role="status" aria-live="polite" hidden>
  <button type="button" class="dismiss" id="dismiss-notices" aria-label="Dismiss these notices">×</button>
  <p>Some settings in the address could not be used:</p>
  <ul id="notice-list"></ul>
</div>
<section class="controls" aria-label="Controls">
  <div class="buttons">
    <button type="button" id="play" aria-pressed="false" title="Play or pause (space)">▶ Play</button>
    <button type="button" id="step" title="One step: one batch (right arrow)">Step ›</button>
    <button type="button" id="epoch" title="Steps to the end of this epoch (e)">Epoch »</button>
    <button type="button" id="reset" title="Back to the start (r)">↺ Reset</button>
  </div>
  <label class="slider" for="lr">
    <span class="name">Learning rate η <output id="lr-value" for="lr"></output></span>
    <input type="range" id="lr" min="-3" max="1" step="0.01" aria-describedby="lr-value">
  </label>
  <label class="slider" for="batch">
    <span class="name">Batch size <output id="batch-value" for="batch"></output></span>
    <input type="range" id="batch" min="1" max="100" step="1" aria-describedby="batch-value">
  </label>
  <label class="slider" for="speed">
    <span class="name">Speed <output id="speed-value" for="speed"></output></span>
    <input type="range" id="speed" min="0" max="3" step="0.01" aria-describedby="speed-value">
  </label>
  <div class="choices">
    <label for="dataset">Data <select id="dataset">${DATASETS.map(([k, v]) => `<option value="${k}">${v}</option>`).join('')}</select></label>
    <label class="check" for="standardize"><input type="checkbox" id="standardize"> standardise x</label>
    <label class="check" for="log"><input type="checkbox" id="log"> log-scale loss</label>
    <label class="check" for="per-epoch"><input type="checkbox" id="per-epoch"> loss per epoch</label>
    <label for="seed">Seed <input type="number" id="seed" min="0" step="1" inputmode="numeric"></label>
  </div>
  <div class="choices sgd" role="group" aria-label="Stochastic gradient descent">
    <label for="surface-view">Surface <select id="surface-view">
      <option value="full">full loss L</option><option value="batch">batch loss L_k</option><option value="both">both</option></select></label>
    <label for="sampling">Batches <select id="sampling">
      <option value="shuffle">reshuffle each epoch</option><option value="replacement">with replacement</option></select></label>
    <label class="check" for="drop-last"><input type="checkbox" id="drop-last"> drop last small batch</label>
    <label for="schedule">η schedule <select id="schedule">
      <option value="constant">constant</option><option value="step">step</option>
      <option value="inv">inv</option><option value="exp">exp</option></select></label>
    <p class="formula" id="schedule-formula"></p>
    <label for="decay" class="schedule-detail">decay <input type="number" id="decay" min="0" step="any" inputmode="decimal"></label>
    <label for="every" class="schedule-detail step-detail">every <input type="number" id="every" min="1" step="1" inputmode="numeric"></label>
    <label class="slider fan" for="fan">
      <span class="name">Gradient fan <output id="fan-value" for="fan"></output></span>
      <input type="range" id="fan" min="0" max="200" step="1" aria-describedby="fan-value">
    </label>
  </div>
</section>
<div class="stage">
<p class="status" id="status"></p>
<div class="messages">
  <p class="alert" id="alert" role="alert" hidden></p>
  <p class="remark" id="remark"></p>
</div>
<div class="plots">
  <figure class="surface-figure">
    <figcaption id="surface-caption">Loss surface L(b0, b1), the mean over the points of −[y log p + (1−y) log(1−p)]. Click to start there.</figcaption>
    <div class="canvas-box">
      <canvas id="surface" role="img" aria-label="Contour plot of the loss over intercept b0 and slope b1, with the path of gradient descent"></canvas>
    </div>
    <p class="legend"><span><span class="key path"></span> path</span> <span><span class="key start"></span> start</span>
      <span id="optimum-key"><span class="key optimum">✕</span> minimum of L</span>
      <span id="batch-min-key"><span class="key batch-min">◆</span> minimum of the last batch's L<sub>k</sub></span>
      <span id="batch-contour-key"><span class="key batch-contour"></span> contours of L<sub>k</sub></span>
      <span><span class="key arrow"></span> −∇L</span>
      <span id="batch-arrow-key"><span class="key arrow batch"></span> −∇L<sub>k</sub> of the last batch</span>
      <span id="fan-key"><span class="key arrow fan"></span> −∇ of random batches</span>
      <span>low <span class="colourbar" aria-hidden="true"></span> high loss, contours log-spaced</span>
      <span class="note">arrows at the current point, to one scale; they shrink as the gradient vanishes</span>
      <span class="note" id="scale-note">b0 and b1 are drawn to different scales, so −∇L need not look perpendicular to the contours</span></p>
  </figure>
  <figure>
    <figcaption id="trace-caption">Loss against step</figcaption>
    <canvas id="trace" role="img" aria-label="Trace plot of the loss against the step number"></canvas>
    <p class="legend"><span><span class="key full"></span> full loss L</span> <span id="batch-key"><span class="key batch"></span> batch loss L<sub>k</sub></span>
      <span id="epoch-key"><span class="key epoch-end"></span> epoch ends</span>
      <span id="floor-key"><span class="key floor"></span> minimum</span></p>
  </figure>
  <figure>
    <figcaption>Data and the fitted curve p(x) = σ(b0 + b1 x)</figcaption>
    <canvas id="data" role="img" aria-label="The data points and the fitted logistic curve"></canvas>
    <p class="legend"><span><span class="key class0"></span> y = 0</span> <span><span class="key class1"></span> y = 1</span>
      <span><span class="key full"></span> p(x)</span> <span><span class="key floor"></span> p = 0.5</span>
      <span id="batch-points-key"><span class="key ring"></span> this batch</span>
      <span id="batch-fit-key"><span class="key batch-fit"></span> this batch's own fit</span>
      <span id="reshuffle-key"><span class="key reshuffle"></span> colours: the new epoch's batches</span></p>
  </figure>
</div>
</div>`;

/** Formats a number for people: 4 significant digits, no exponent noise. */
function fmt(v, digits = 4) {
  if (v === null || v === undefined) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(digits)));
}

/** The string the Rust settings parser expects for one API value. */
function settingString(key, value) {
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return String(value);
  throw new TypeError(`descent.set: ${key} must be a number, string or boolean, not ${typeof value}`);
}

/** Most steps one `step(k)` call takes: about a second of work at N = 569. */
const MAX_STEPS = 100000;

let wasmReady = null;

/**
 * Builds a descent visualizer inside `element` and returns its API.
 * `settings` takes the URL's keys (lr, batch, dataset, standardize, seed,
 * start, speed, autoplay, log, surface, sampling, drop_last, schedule, decay,
 * every, fan, per_epoch); bad values are shown as notices, not thrown.
 * With `{ syncUrl: true }` the page's URL follows the settings (permalinks).
 */
export async function mount(element, settings = {}, { syncUrl = false } = {}) {
  wasmReady ??= init();
  await wasmReady;
  element.innerHTML = TEMPLATE;
  const $ = (id) => element.querySelector(`#${id}`);
  const entries = Object.entries(settings);
  const app = new App($('surface'), $('trace'), $('data'),
    entries.map(([k]) => k), entries.map(([k, v]) => settingString(k, v)));

  const notices = app.notices();
  $('notice-list').replaceChildren(...notices.map((message) => {
    const item = document.createElement('li');
    item.textContent = message;
    return item;
  }));
  $('notices').hidden = notices.length === 0;
  $('dismiss-notices').addEventListener('click', () => { $('notices').hidden = true; });

  const state = () => JSON.parse(app.state_json());
  const touch = matchMedia('(pointer: coarse)').matches;

  /**
   * Puts every control in line with the settings; a field being typed in is
   * left alone unless `all` (after a refused value, which it must undo).
   */
  function syncControls(all = false) {
    const s = state();
    $('lr').value = Math.log10(s.lr);
    $('lr-value').textContent = fmt(s.lr, 3);
    $('lr').setAttribute('aria-valuetext', `learning rate ${fmt(s.lr, 3)}`);
    $('batch').max = s.n;
    $('batch').value = s.batchSize;
    const batchText = s.batchSize === s.n ? `${s.n} = full batch` : `${s.batchSize} of ${s.n}`;
    $('batch-value').textContent = batchText;
    $('batch').setAttribute('aria-valuetext', `batch size ${batchText}`);
    $('speed').value = Math.log10(s.speed);
    $('speed-value').textContent = `${fmt(s.speed, 2)} steps/s`;
    $('speed').setAttribute('aria-valuetext', `${fmt(s.speed, 2)} steps per second`);
    $('surface-view').value = s.surface;
    $('sampling').value = s.sampling;
    $('drop-last').checked = s.dropLast;
    $('schedule').value = s.schedule;
    if (all || document.activeElement !== $('decay')) $('decay').value = s.decay;
    if (all || document.activeElement !== $('every')) $('every').value = s.every;
    for (const el of element.querySelectorAll('.schedule-detail')) el.hidden = s.schedule === 'constant';
    $('schedule-formula').textContent = {
      constant: 'η_t = η', step: 'η_t = η · decay^⌊t / every⌋', inv: 'η_t = η / (1 + decay · t)', exp: 'η_t = η · e^(−decay · t)',
    }[s.schedule];
    element.querySelector('.step-detail').hidden = s.schedule !== 'step';
    $('fan').value = s.fan;
    $('fan-value').textContent = s.fan === 0 ? 'off' : `${s.fan} batches`;
    $('per-epoch').checked = s.perEpoch;
    $('dataset').value = s.dataset;
    $('standardize').checked = s.standardize;
    $('log').checked = s.log;
    if (all || document.activeElement !== $('seed')) $('seed').value = s.seed;
    if (syncUrl) {
      const query = app.query();
      history.replaceState(null, '', location.pathname + (query ? `?${query}` : '') + location.hash);
    }
  }

  /**
   * Legend entries for what is drawn now. Entries for what is not drawn keep
   * their place, invisible, so the plots never change size.
   */
  function showLegends(s) {
    const sgd = s.batchSize < s.n;
    const off = (id, isOff) => $(id).classList.toggle('off', isOff);
    off('batch-key', !sgd || s.perEpoch);
    off('epoch-key', !sgd || s.perEpoch);
    off('batch-arrow-key', !sgd);
    off('batch-points-key', !sgd);
    off('batch-fit-key', !sgd || !s.batchOptimum);
    off('batch-min-key', !sgd || s.surface === 'full' || !s.batchOptimum);
    off('batch-contour-key', !sgd || s.surface !== 'both');
    off('fan-key', s.fan === 0);
    off('optimum-key', !s.optimum);
    off('floor-key', !s.optimum);
    off('reshuffle-key', $('data').dataset.reshuffled !== 'true');
    // Different scales on the two axes bend the picture: say so.
    const canvas = $('surface');
    const unitsPerPixel = (range, pixels) => (range[1] - range[0]) / Math.max(pixels, 1);
    const skew = unitsPerPixel(s.window[0], canvas.clientWidth) / unitsPerPixel(s.window[1], canvas.clientHeight);
    off('scale-note', skew < 2 && skew > 0.5);
    $('trace-caption').textContent = s.perEpoch ? 'Loss at the end of each epoch' : 'Loss against step';
  }

  /** A refused control value: said for a few seconds where alerts go. */
  let controlError = null;

  let shownStep = -1;
  /** Writes the status line, the play button, the legends and any alert. */
  function showStatus(force = false) {
    const s = state();
    const play = $('play');
    play.textContent = s.running ? '❚❚ Pause' : '▶ Play';
    play.setAttribute('aria-pressed', String(s.running));
    showLegends(s);
    const error = controlError && performance.now() < controlError.until ? controlError.text : null;
    $('alert').hidden = !(s.message || error);
    $('alert').textContent = s.message ?? error ?? '';
    $('remark').hidden = !$('alert').hidden;
    if (!force && s.step === shownStep) return;
    shownStep = s.step;
    const parts = [`Step ${s.step}`];
    if (s.batchSize < s.n) {
      // The epoch the last batch belonged to, counted from 1, and how many are complete.
      const current = s.endsEpoch ? s.epoch : s.epoch + 1;
      parts.push(`epoch ${current}, batch ${s.batchIndex ?? '–'} of ${s.batchesPerEpoch} (${s.epoch} done)`);
    } else {
      parts.push(`${s.epoch} epoch${s.epoch === 1 ? '' : 's'} (every step uses all ${s.n} points)`);
    }
    if (s.schedule !== 'constant') parts.push(`η_t = ${fmt(s.effectiveLr, 3)}`);
    parts.push(`loss ${fmt(s.loss)}` + (s.optimum ? ` (minimum ${fmt(s.minLoss)})` : ''));
    if (s.batchLoss !== null && s.batchSize < s.n) parts.push(`batch loss ${fmt(s.batchLoss)}`);
    parts.push(`b = (${fmt(s.theta[0])}, ${fmt(s.theta[1])})`);
    parts.push(`∇L = (${fmt(s.grad[0], 3)}, ${fmt(s.grad[1], 3)})`);
    $('status').textContent = parts.join(' · ');
    const caption = {
      full: 'Loss L(b0, b1): the mean over all points of −[y log p + (1−y) log(1−p)].',
      batch: `Batch loss L_k(b0, b1): the same mean over the last batch's ${s.batchSize} points.`,
      both: `Loss L (colours, white contours) and the last batch's L_k (pink, ${s.batchSize} points).`,
    }[s.batchSize < s.n ? s.surface : 'full'];
    $('surface-caption').textContent = `${caption} ${touch ? 'Tap' : 'Click'} to start there.`;
    // With nothing to remark, a tip keeps the line (the plots never jump).
    $('remark').textContent = s.remark ?? (s.step === 0
      ? `Tip: press Play or Step; ${touch ? 'tap' : 'click'} the contour plot to start somewhere else.`
      : 'Tip: drag the learning rate or the batch size while it runs.');
    $('remark').classList.toggle('tip', !s.remark);
  }

  /** Text first (it can change the layout the canvases are sized by), then
   * the drawing, then the legends that depend on what was drawn. */
  function refresh() {
    showStatus(true);
    app.render();
    showLegends(state());
  }

  /** Applies settings through the one path every change takes. */
  function set(values) {
    if (values === null || typeof values !== 'object' || Array.isArray(values)) {
      throw new TypeError('descent.set expects an object such as { lr: 0.1 }');
    }
    const pairs = Object.entries(values);
    app.set(pairs.map(([k]) => k), pairs.map(([k, v]) => settingString(k, v)));
    syncControls();
    showStatus(true);
  }

  const api = {
    /** The run's state as a plain object. */
    state,
    /** Changes settings (URL keys); throws an Error naming a bad value, changing nothing. */
    set,
    /** Starts playing at the chosen speed. */
    play() { app.set_running(true); showStatus(true); },
    /** Pauses. */
    pause() { app.set_running(false); showStatus(true); },
    /** Takes k steps at once (default 1) and returns the state. */
    step(k = 1) {
      if (!Number.isInteger(k) || k < 0 || k > MAX_STEPS) {
        throw new Error(`descent.step: k must be a whole number from 0 to ${MAX_STEPS}, not ${k}`);
      }
      app.step(k);
      refresh();
      return state();
    },
    /** Steps to the end of the current epoch and returns the state. */
    stepEpoch() {
      app.step_epoch();
      refresh();
      return state();
    },
    /** Back to step 0 with the same settings. */
    reset() { app.reset(); refresh(); },
    /** The data the model sees: { x: [...], y: [...] } (after standardisation). */
    dataset: () => JSON.parse(app.data_json()),
    /** Draws now instead of at the next animation frame; true if anything changed. */
    render: () => app.render(),
  };

  // Controls: every one goes through api.set, like a page script would.
  // A refused value is said for five seconds, and the control goes back to
  // the value in force.
  const guard = (fn) => (event) => {
    try {
      fn(event);
    } catch (error) {
      controlError = { text: error.message.replace(/^descent\.set: /, 'Not used: '), until: performance.now() + 5000 };
      syncControls(true);
      showStatus(true);
      setTimeout(() => showStatus(true), 5100);
    }
  };
  $('lr').addEventListener('input', guard(() => set({ lr: Number((10 ** Number($('lr').value)).toPrecision(3)) })));
  $('batch').addEventListener('input', guard(() => set({ batch: Number($('batch').value) })));
  $('speed').addEventListener('input', guard(() => set({ speed: Number((10 ** Number($('speed').value)).toPrecision(2)) })));
  $('dataset').addEventListener('change', guard(() => set({ dataset: $('dataset').value })));
  $('standardize').addEventListener('change', guard(() => set({ standardize: $('standardize').checked })));
  $('log').addEventListener('change', guard(() => set({ log: $('log').checked })));
  $('seed').addEventListener('change', guard(() => set({ seed: $('seed').value })));
  $('per-epoch').addEventListener('change', guard(() => set({ per_epoch: $('per-epoch').checked })));
  $('surface-view').addEventListener('change', guard(() => set({ surface: $('surface-view').value })));
  $('sampling').addEventListener('change', guard(() => set({ sampling: $('sampling').value })));
  $('drop-last').addEventListener('change', guard(() => set({ drop_last: $('drop-last').checked })));
  $('schedule').addEventListener('change', guard(() => set({ schedule: $('schedule').value })));
  $('decay').addEventListener('change', guard(() => set({ decay: $('decay').value })));
  $('every').addEventListener('change', guard(() => set({ every: $('every').value })));
  $('fan').addEventListener('input', guard(() => set({ fan: Number($('fan').value) })));
  $('epoch').addEventListener('click', () => api.stepEpoch());
  $('play').addEventListener('click', () => (app.running() ? api.pause() : api.play()));
  $('step').addEventListener('click', () => api.step(1));
  $('reset').addEventListener('click', () => api.reset());
  $('surface').addEventListener('click', (event) => {
    const box = $('surface').getBoundingClientRect();
    if (app.click(event.clientX - box.left, event.clientY - box.top)) {
      syncControls();
      showStatus(true);
    }
  });

  // Keyboard: space plays or pauses, right arrow steps, r resets; never
  // while typing in a field, and arrows stay with a focused slider.
  element.ownerDocument.addEventListener('keydown', (event) => {
    const target = event.target;
    const tag = target?.tagName;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // Leave keys to fields, and Space to buttons and checkboxes, which it presses.
    if (tag === 'SELECT' || (tag === 'INPUT' && target.type !== 'range')) return;
    if (event.key === ' ' && tag === 'BUTTON') return;
    if (event.key === ' ') {
      event.preventDefault();
      app.running() ? api.pause() : api.play();
    } else if (event.key === 'ArrowRight' && target?.type !== 'range') {
      event.preventDefault();
      api.step(1);
    } else if (event.key === 'r' || event.key === 'R') {
      api.reset();
    } else if (event.key === 'e' || event.key === 'E') {
      api.stepEpoch();
    }
  });

  new ResizeObserver(() => app.invalidate()).observe(element);

  let last = performance.now();
  function frame(now) {
    const elapsed = now - last;
    last = now;
    if (app.running()) app.advance(elapsed);
    try {
      if (app.render()) showStatus();
    } catch (error) {
      console.error(error);
    }
    requestAnimationFrame(frame);
  }
  syncControls();
  app.render();
  showStatus(true);
  requestAnimationFrame(frame);
  return api;
}
