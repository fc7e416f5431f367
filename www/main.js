// The page: builds the controls from the settings table, runs the animation
// loop and exposes the API. All the work happens in Rust (`App`); this module
// passes settings in as strings and places the words and numbers that come
// back (the state for the API, the view for the page).
import init, { App, settings_table as settingsTable, challenges_json as challengesJson, read_deck as readDeck } from './pkg/descent.js';

/** Most steps one `step(k)` call takes: about a second of work at N = 569. */
const MAX_STEPS = 100000;

/** How long a challenge stays unsolved before its hint is offered, in ms. */
const HINT_AFTER_MS = 30000;

/** How long a slide's entrance takes (the path replaying, the old view moving into the new), in ms. */
const ENTRANCE_MS = 1200;

/** Most runs side by side (the settings table's limit). */
const MAX_RUNS = 6;

/** The order of the control groups in the column, and their headings. */
const GROUPS = [
  ['playback', null],
  ['runs', 'Runs'],
  ['data', 'Data and batches'],
  ['batches', 'Stochastic gradient descent'],
  ['minima', 'Local minima: restarts and noise'],
  ['view', 'Views'],
];

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

/** Writes a text only when it changed: an unchanged write still costs a layout. */
function put(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

/** Shows or hides an element only when that changes. */
function show(el, visible) {
  if (el && el.hidden === visible) el.hidden = !visible;
}

/** The markup of one control from its row of the settings table. */
function controlHtml(row) {
  const { id, label, help, control: c } = row;
  const title = `title="${escape(help)}"`;
  switch (c.type) {
    case 'slider':
      return `<label class="slider" for="${id}" data-key="${row.key}" ${title}>
        <span class="name">${escape(label)} <output id="${id}-value" for="${id}"></output></span>
        <input type="range" id="${id}" min="${c.min}" max="${c.max}" step="${c.step}" aria-describedby="${id}-value">
        ${id === 'lr' ? '<span class="marks" id="lr-marks" aria-hidden="true"></span>' : ''}
      </label>`;
    case 'select':
      return `<label for="${id}" data-key="${row.key}" ${title}>${escape(label)} <select id="${id}">${c.options
        .map(([value, text]) => `<option value="${escape(value)}">${escape(text)}</option>`).join('')}</select></label>`;
    case 'check':
      return `<label class="check" for="${id}" data-key="${row.key}" ${title}><input type="checkbox" id="${id}"> ${escape(label)}</label>`;
    case 'number':
      return `<label for="${id}" class="field" data-key="${row.key}" ${title}>${escape(label)} <input type="number" id="${id}" min="${c.min}" step="${c.step}" inputmode="decimal"></label>`;
    default:
      return `<label for="${id}" class="field text" data-key="${row.key}" ${title}>${escape(label)} <input type="text" id="${id}" spellcheck="false" autocomplete="off"></label>`;
  }
}

/** Extra lines that belong right after a control. */
const AFTER = {
  optimizer: '<p class="help" id="optimizer-description"></p><p class="formula" id="optimizer-formula"></p>',
  lr: '<p class="help" id="stability"></p><div class="run-rows" id="run-rows"></div>'
    + '<div class="run-buttons"><button type="button" id="trio" title="Three runs: too small, about right and too large for this data, from its stability limit">Lecture trio</button>'
    + '<button type="button" id="add-run" title="Another run from the same start">+ Run</button>'
    + '<button type="button" id="single-run" title="Back to one run">One run</button></div>',
  schedule: '<p class="formula" id="schedule-formula"></p>',
  label_noise: '<button type="button" id="new-sample" title="Draw the synthetic data again with the next seed">New sample</button>',
  dataset: `<div class="your-data" id="your-data">
      <label class="file" for="csv-file">Your data: <input type="file" id="csv-file" accept=".csv,.tsv,.txt,text/csv,text/plain"></label>
      <details id="csv-paste-box"><summary>or paste a CSV</summary>
        <textarea id="csv-text" rows="4" spellcheck="false" aria-label="CSV text"></textarea>
        <button type="button" id="csv-read">Read it</button></details>
      <div class="csv-columns" id="csv-columns" hidden>
        <label for="csv-label">label <select id="csv-label"></select></label>
        <label for="csv-x">x <select id="csv-x"></select></label>
        <label for="csv-x2">x2 <select id="csv-x2"></select></label>
        <button type="button" id="csv-load">Use these columns</button>
      </div>
      <p class="help" id="csv-message" role="status" aria-live="polite"></p>
      <label class="check" for="edit-data" title="Click the data to add a point of class 1 (shift-click: class 0); click a point to remove it"><input type="checkbox" id="edit-data"> edit points by clicking</label>
      <p class="help" id="data-note"></p>
    </div>`,
};

/** The page's markup around the controls. */
function template(table) {
  const rows = (group) => table.filter((row) => row.group === group)
    .map((row) => controlHtml(row) + (AFTER[row.key] ?? '')).join('');
  const groups = GROUPS.map(([group, heading]) => `<div class="choices group-${group}" role="group"${heading ? ` aria-label="${heading}"` : ''}>
      ${heading ? `<h2>${heading}</h2>` : ''}${rows(group)}</div>`).join('');
  return `
<div class="notices" id="notices" role="status" aria-live="polite" hidden>
  <button type="button" class="dismiss" id="dismiss-notices" aria-label="Dismiss these notices">×</button>
  <p>Some settings in the address could not be used:</p>
  <ul id="notice-list"></ul>
</div>
<section class="controls" aria-label="Controls">
  <div class="choices group-scene">${rows('scene')}<button type="button" id="deck-edit" class="deck-edit" title="Slides for a lecture: add this view, reorder, share, present">Deck…</button></div>
  <div class="buttons">
    <button type="button" id="play" data-key="play" aria-pressed="false" title="Play or pause (space)">▶ Play</button>
    <button type="button" id="step" data-key="step" title="One step: one batch (right arrow)">Step ›</button>
    <button type="button" id="epoch" data-key="epoch" title="Steps to the end of this epoch (e)">Epoch »</button>
    <button type="button" id="reset" data-key="reset" title="Back to the start (r)">↺ Reset</button>
    <button type="button" id="controls-toggle" class="controls-toggle" aria-expanded="false" title="The controls beside the plots, or not (c)">⚙ Controls</button>
  </div>
  ${groups}
  <div class="tools" data-key="share">
    <button type="button" id="share" title="Copy a link to this exact view">Copy link</button>
    <button type="button" id="embed" title="A ready &lt;iframe&gt; for a course page">Embed</button>
    <button type="button" id="export" title="The plots as PNG, the runs as CSV">Download</button>
  </div>
</section>
<div class="stage">
<div class="scene-banner" id="scene-banner" hidden><strong id="scene-title"></strong> <span id="scene-caption"></span></div>
<div class="deck-corner" id="deck-corner" aria-live="polite" hidden></div>
<div class="deck-blank" id="deck-blank" hidden></div>
<div class="challenge-banner" id="challenge-banner" role="status" hidden>
  <div class="challenge-words"><strong id="challenge-task"></strong>
    <div class="challenge-result" id="challenge-result"><span class="not-yet"><span id="challenge-not-yet"></span> <span id="challenge-hint" hidden></span></span><span class="done" id="challenge-done"></span><span class="reserve" aria-hidden="true" id="challenge-reserve"></span></div></div>
  <div class="challenge-buttons"><button type="button" id="challenge-go" hidden>To the control ↓</button><button type="button" id="challenge-hint-button" class="invisible">Hint</button></div>
</div>
<button type="button" class="challenge-back" id="challenge-back" hidden></button>
<p class="status" id="status"></p>
<div class="messages">
  <p class="alert" id="alert" role="alert" hidden></p>
  <p class="remark" id="remark"></p>
</div>
<div class="plots">
  <figure class="surface-figure">
    <figcaption id="surface-caption"></figcaption>
    <div class="canvas-box">
      <button type="button" class="fullscreen" data-fullscreen title="This plot on the whole screen (Esc to leave)" aria-label="Show this plot on the whole screen"><svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" fill="none" stroke="currentColor" stroke-width="2"/></svg></button>
      <canvas id="surface" tabindex="0" role="img" aria-label="Contour plot of the loss over intercept b0 and slope b1, with the paths of the runs"></canvas>
      <canvas id="surface3d" role="img" aria-label="The loss surface in 3-D with the paths on it; drag to turn it" hidden></canvas>
    </div>
    <p class="legend"><span id="path-key"><span class="key path"></span> path</span> <span><span class="key start"></span> start</span>
      <span id="optimum-key"><span class="key optimum">✕</span> minimum of L</span>
      <span id="local-key"><span class="key optimum">+</span> a local minimum</span>
      <span id="batch-min-key"><span class="key batch-min">◆</span> minimum of the last batch's L<sub>k</sub></span>
      <span id="batch-contour-key"><span class="key batch-contour"></span> contours of L<sub>k</sub></span>
      <span><span class="key arrow"></span> −∇L</span>
      <span id="batch-arrow-key"><span class="key arrow batch"></span> −∇L<sub>k</sub> of the last batch</span>
      <span id="fan-key"><span class="key arrow fan"></span> −∇ of random batches</span>
      <span id="trial-key"><span class="key trial"></span> steps the line search tried</span>
      <span class="colour-key">loss <span id="colourbar-low"></span> <span class="colourbar" aria-hidden="true"></span> <span id="colourbar-high"></span>, contours log-spaced</span>
      <span class="note">arrows at the current point, to one scale; they shrink as the gradient vanishes</span>
      <span class="note" id="scale-note">the two axes are drawn to different scales, so −∇L need not look perpendicular to the contours</span></p>
  </figure>
  <figure class="trace-figure">
    <button type="button" class="fullscreen" data-fullscreen title="This plot on the whole screen (Esc to leave)" aria-label="Show this plot on the whole screen"><svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" fill="none" stroke="currentColor" stroke-width="2"/></svg></button>
    <figcaption><span class="tabs" role="tablist" aria-label="Panel">
        <button type="button" role="tab" id="panel-trace" aria-controls="trace">Loss trace</button><button
          type="button" role="tab" id="panel-chain" aria-controls="chain-panel">Chain rule</button></span>
      <span id="trace-caption">Loss against step</span></figcaption>
    <canvas id="trace" role="img" aria-label="Trace plot of the loss against the step number, one line per run"></canvas>
    <div class="chain-panel" id="chain-panel" role="region" aria-label="Derivatives by the chain rule" hidden>
      <div class="chain-head">${rows('chain')}<span id="chain-point"></span></div>
      <table class="chain-result" id="chain-result">
        <thead><tr><th></th><th id="chain-d0"></th><th id="chain-d1"></th></tr></thead>
        <tbody>
          <tr id="chain-backward"><th>product along the chain</th><td></td><td></td></tr>
          <tr id="chain-analytic"><th>analytic formula</th><td></td><td></td></tr>
          <tr id="chain-numeric"><th>central finite difference</th><td></td><td></td></tr>
        </tbody>
      </table>
      <table class="chain-table" id="chain-table">
        <thead><tr><th>variable</th><th>defined as</th><th>value</th><th>local derivative</th><th id="chain-grad-head">∂L<sub>i</sub>/∂ it</th></tr></thead>
        <tbody id="chain-nodes"></tbody>
      </table>
      <p class="chain-note" id="chain-note"></p>
      <div class="chain-batch" id="chain-batch"></div>
    </div>
    <p class="legend" id="trace-legend"><span id="run-legend" class="run-legend"></span> <span id="batch-key"><span class="key batch"></span> batch loss L<sub>k</sub></span>
      <span id="epoch-key"><span class="key epoch-end"></span> epoch ends</span>
      <span id="floor-key"><span class="key floor"></span> minimum</span>
      <span id="marks-key"><span class="key mark-change"></span> a setting changed</span></p>
  </figure>
  <figure class="data-figure">
    <button type="button" class="fullscreen" data-fullscreen title="This plot on the whole screen (Esc to leave)" aria-label="Show this plot on the whole screen"><svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" fill="none" stroke="currentColor" stroke-width="2"/></svg></button>
    <figcaption id="data-caption">Data and the fitted curve p(x) = σ(b0 + b1 x)</figcaption>
    <canvas id="data" role="img" aria-label="The data points and the fitted logistic curve of each run"></canvas>
    <p class="legend"><span><span class="key class0"></span> y = 0</span> <span><span class="key class1"></span> y = 1</span>
      <span><span class="key full"></span> <span id="fit-key-label">p(x)</span></span> <span id="threshold-key"><span class="key floor"></span> <span id="threshold-key-label">p = 0.5</span></span>
      <span id="shading-key"><span class="key shading"></span> shading: p from 0 to 1</span>
      <span id="batch-points-key"><span class="key ring"></span> this batch</span>
      <span id="batch-fit-key"><span class="key batch-fit"></span> this batch's own fit</span>
      <span id="reshuffle-key"><span class="key reshuffle"></span> colours: the new epoch's batches</span></p>
  </figure>
</div>
<p class="update" id="update" aria-live="off"></p>
</div>
<a class="full-view" id="full-view" target="_blank" rel="noopener" hidden>Open full view ↗</a>
<dialog class="share-dialog" id="share-dialog" aria-labelledby="share-title">
  <div class="dialog-head"><h2 id="share-title">Share, embed, download</h2>
    <button type="button" class="dismiss" id="share-close" aria-label="Close">×</button></div>
  <section><h3>A link to this view</h3>
    <div class="row"><input id="share-link" readonly aria-label="Link to this view"><button type="button" id="copy-link">Copy</button></div></section>
  <section><h3>Embed it in a course page</h3>
    <div class="row">
      <label for="embed-size">Size <select id="embed-size">
        <option value="800x500">800 × 500: figure</option>
        <option value="640x400">640 × 400: figure</option>
        <option value="400x300">400 × 300: plot and Play</option>
        <option value="100%x600">page width × 600</option>
        <option value="1280x760">1280 × 760: the whole tool</option></select></label>
      <label for="embed-controls">Controls <input id="embed-controls" value="play,step,reset,lr" spellcheck="false"></label>
    </div>
    <textarea id="embed-code" readonly rows="4" aria-label="Embed code"></textarea>
    <div class="row"><button type="button" id="copy-embed">Copy the code</button></div></section>
  <section><h3>Download</h3>
    <div class="row">
      <button type="button" id="png-surface" data-png="surface">Contour plot</button>
      <button type="button" id="png-trace" data-png="trace">Trace</button>
      <button type="button" id="png-data" data-png="data">Data</button>
      <button type="button" id="png-all" data-png="all">All three</button>
      <button type="button" id="download-csv">Runs as CSV</button></div>
    <p class="help">Pictures are PNG at twice their size on screen, for slides. The CSV has a row per step kept in the trace: run, step, epoch, loss, batch loss, b0, b1 and the learning rate in force.</p></section>
  <p class="help" id="share-message" role="status" aria-live="polite"></p>
</dialog>
<dialog class="share-dialog deck-dialog" id="deck-dialog" aria-labelledby="deck-heading">
  <div class="dialog-head"><h2 id="deck-heading">Deck</h2>
    <button type="button" class="dismiss" id="deck-close" aria-label="Close">×</button></div>
  <p class="help">Slides to step through with Page Down and Page Up (or a clicker): each is a view with a title and a caption. Press p for a presenter window, b to blank the screen.</p>
  <ol class="deck-list" id="deck-list"></ol>
  <div class="row">
    <button type="button" id="deck-add" title="This view, as it is now, as the last slide">+ Add this view</button>
    <button type="button" id="deck-lecture" title="Every scene of the lecture, in order">Use the lecture's deck</button>
    <button type="button" id="deck-present" title="Full screen, large captions, the projector's colours (Esc to leave)">▶ Present</button></div>
  <section><h3>Notes on this view</h3>
    <p class="help">A label with an arrow, pinned to a place of the contour plot: type it, press Point at, then click the place.</p>
    <div class="row"><input id="note-label" maxlength="60" placeholder="the path overshoots here" aria-label="Note label">
      <button type="button" id="note-place">Point at…</button>
      <button type="button" id="note-clear">Remove the notes</button></div></section>
  <section><h3>Share the deck</h3>
    <div class="row">
      <button type="button" id="deck-link">Copy the deck's link</button>
      <button type="button" id="deck-download">Download the deck</button>
      <label class="file" for="deck-file">Open a deck file <input type="file" id="deck-file" accept=".txt,text/plain"></label></div>
    <p class="help">The file is plain text (title:, caption: and view: lines per slide); the offline single-file page opens it too.</p></section>
  <p class="help" id="deck-message" role="status" aria-live="polite"></p>
</dialog>`;
}

/** The string the Rust settings parser expects for one API value. */
function settingString(key, value) {
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return String(value);
  throw new TypeError(`descent.set: ${key} must be a number, string or boolean, not ${typeof value}`);
}

/** A query string with commas and colons left as they are: links stay readable. */
const readable = (params) => params.toString().replace(/%2C/gi, ',').replace(/%3A/gi, ':');

/** A number for people: `digits` significant digits, an exponent only when tiny or huge. */
function fmt(v, digits = 4) {
  if (v === null || v === undefined) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2).replace('e+', 'e');
  return String(Number(v.toPrecision(digits)));
}

const fmtPair = (p) => `(${fmt(p[0])}, ${fmt(p[1])})`;

/** Formats a learning rate typed or dragged: three significant digits. */
const rate = (logValue) => Number((10 ** Number(logValue)).toPrecision(3));

const SCHEDULE_FORMULAS = {
  constant: 'η_t = η', step: 'η_t = η · decay^⌊t / every⌋', inv: 'η_t = η / (1 + decay · t)', exp: 'η_t = η · e^(−decay · t)',
};

let wasmReady = null;

/**
 * Whether this browser runs SIMD128: a ten-instruction module using it
 * validates (the probe of the wasm-feature-detect project). The page then
 * loads the SIMD build of descent (the loss surface about twice as fast),
 * otherwise the scalar one; only the one chosen is downloaded.
 */
const SIMD = WebAssembly.validate(new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]));

/** Loads the wasm module this browser runs best (once per page). */
const loadWasm = () => init({ module_or_path: new URL(SIMD ? './pkg/descent_bg.wasm' : './pkg/descent_scalar_bg.wasm', import.meta.url) });

/** The instances on this page, for the keyboard: with one, keys pressed
 * anywhere on the page reach it; with several, only the focused one's. */
const instances = new Set();
/** Instances made so far: the first keeps the documented ids, later ones
 * get a prefix (`d2-lr`), so two on one page never share an id. */
let made = 0;

/** Loads style.css beside this module once, unless the page has it. */
function ensureStyles(doc) {
  if (doc.querySelector('link[data-descent], style[data-descent]')) return;
  const link = doc.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('./style.css', import.meta.url).href;
  link.dataset.descent = '';
  doc.head.append(link);
}

/** Gives every element under `root` with an id the class `p-<id>` (what
 * the stylesheet uses), and with a prefix, prefixes the id and the
 * attributes that point at ids. */
function scopeIds(root, prefix) {
  for (const el of root.querySelectorAll('[id]')) {
    el.classList.add(`p-${el.id}`);
    if (prefix) el.id = prefix + el.id;
  }
  if (!prefix) return;
  for (const attr of ['for', 'aria-controls', 'aria-describedby', 'aria-labelledby']) {
    for (const el of root.querySelectorAll(`[${attr}]`)) el.setAttribute(attr, prefix + el.getAttribute(attr));
  }
}

/** Marks what follows a control in its group (its help line, its extra
 * buttons) as the control's own, so controls= hides them together. */
function markOwners(root) {
  for (const group of root.querySelectorAll('.controls .choices')) {
    let owner = null;
    for (const el of group.children) {
      if (el.dataset.key) owner = el.dataset.key;
      else if (owner) el.dataset.owner = owner;
    }
  }
}

/** The controls each layout shows when controls= does not say. */
const LAYOUT_CONTROLS = { wide: null, stack: null, figure: ['play', 'step', 'reset', 'lr'], mini: ['play'] };

/**
 * The layout for a box of `w` x `h` CSS pixels: `wide` (controls in a
 * column beside three plots), `stack` (the page on a phone: one column
 * that scrolls), `figure` (an embed: contour plot and trace side by side,
 * a row of controls) or `mini` (the contour plot and Play).
 */
export function layoutFor(w, h, page) {
  if (page) return w >= 900 ? 'wide' : 'stack';
  if (w >= 900 && h >= 600) return 'wide';
  if (w >= 520 && h >= 300) return 'figure';
  return 'mini';
}

/** Events an instance sends: `on(name, handler)`, and to a host page by postMessage. */
const EVENTS = ['ready', 'step', 'diverged', 'resize'];

/**
 * Sets the instance's layout (data-layout) and its size classes from the
 * element's size; returns the layout, or null while it has no width.
 */
function sizeClasses(element, page) {
  const w = element.clientWidth;
  const h = element.clientHeight;
  if (!w) return null;
  const next = layoutFor(w, h, page);
  const classes = {
    big: next === 'wide' && w >= 1500,
    mid: next === 'wide' && w < 1200,
    short: h < 950,
    shorter: h < 820,
    cramped: h < 620,
    tall: h > 0.9 * w,
  };
  for (const [name, on] of Object.entries(classes)) {
    if (element.classList.contains(name) !== on) element.classList.toggle(name, on);
  }
  if (element.dataset.layout !== next) element.dataset.layout = next;
  return next;
}

/**
 * Builds a descent visualizer inside `element` and returns its API.
 * `settings` takes the URL's keys (see docs/settings.md), as an object or as
 * `URLSearchParams` (which keeps a key given twice, for its notice); bad
 * values are shown as notices, not thrown. Options: `syncUrl` (the page's address follows the
 * settings), `page` (the page's own instance: on a narrow screen one
 * scrolling column rather than an embed's figure), `fill` (fill the
 * element's height rather than keep a 16:10 box).
 */
export async function mount(element, settings = {}, { syncUrl = false, page = false, fill = false } = {}) {
  wasmReady ??= loadWasm();
  await wasmReady;
  // Startup in the performance timeline (npm run bench reads these).
  performance.mark('descent:module');
  const doc = element.ownerDocument;
  ensureStyles(doc);
  made += 1;
  const prefix = made === 1 ? '' : `d${made}-`;
  const table = JSON.parse(settingsTable());
  element.classList.add('descent');
  element.classList.toggle('fill', fill || page);
  // Sized while still empty: reading the size of the full page forces a
  // layout of all of it (about 40 ms), which the first drawing does anyway.
  sizeClasses(element, page);
  element.innerHTML = template(table);
  scopeIds(element, prefix);
  markOwners(element);
  const $ = (id) => element.querySelector(`#${prefix}${id}`);
  /** Presenting with the controls put away: the plots take the screen. */
  const plotsOnly = () => element.classList.contains('presenting') && !element.classList.contains('controls-open');
  const entries = settings instanceof URLSearchParams ? [...settings] : Object.entries(settings);
  const app = new App($('surface'), $('trace'), $('data'),
    entries.map(([k]) => k), entries.map(([k, v]) => settingString(k, v)));
  performance.mark('descent:app');
  const touch = matchMedia('(pointer: coarse)').matches;
  app.set_touch(touch);
  app.attach_surface3d($('surface3d'));
  // Every listener this instance adds goes through one signal, so
  // destroy() removes them all at once.
  const lifetime = new AbortController();
  const listen = (target, type, fn, options = {}) => target.addEventListener(type, fn, { ...options, signal: lifetime.signal });
  const timers = new Set();
  const later = (fn, ms) => {
    const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
    timers.add(t);
    return t;
  };

  /** Handlers of on(name, handler), by event name. */
  const handlers = new Map(EVENTS.map((name) => [name, new Set()]));
  const emit = (name, data) => {
    for (const handler of handlers.get(name)) {
      try { handler(data); } catch (error) { console.error(`descent: a ${name} handler failed:`, error); }
    }
  };

  const notices = app.notices();
  $('notice-list').replaceChildren(...notices.map((message) => {
    const item = document.createElement('li');
    item.textContent = message;
    return item;
  }));
  $('notices').hidden = notices.length === 0;
  listen($('dismiss-notices'), 'click', () => { $('notices').hidden = true; });

  /** After a panic the module cannot run on: say so once, and stop. */
  let stopped = null;
  function stop(error) {
    if (stopped) return;
    const message = globalThis.__descentPanic ?? String(error?.message ?? error);
    stopped = message;
    console.error('descent stopped:', message);
    const alert = $('alert');
    alert.hidden = false;
    alert.classList.add('fatal');
    alert.textContent = `descent stopped after an internal error, and the animation has halted: ${message}. `
      + 'Reload the page to start again; your settings are in the address.';
    element.dataset.stopped = 'true';
    for (const el of element.querySelectorAll('button, input, select')) el.disabled = true;
  }
  /** Calls into the module, turning a panic into the stopped page. */
  function call(fn) {
    if (globalThis.__descentPanic) stop();
    if (stopped) throw new Error(`descent has stopped after an internal error: ${stopped}`);
    try {
      return fn();
    } catch (error) {
      if (globalThis.__descentPanic || error instanceof WebAssembly.RuntimeError) stop(error);
      throw error;
    }
  }

  const state = () => call(() => JSON.parse(app.state_json()));
  const view = () => call(() => JSON.parse(app.view_json()));

  /** Puts one control in line with the view, unless it is being typed in. */
  function syncControl(row, shown, all) {
    const el = $(row.id);
    if (!el || !shown) return;
    const label = el.closest('label') ?? el;
    show(label, shown.hidden !== true);
    const locked = shown.locked === true;
    if (label.classList.contains('locked') !== locked) {
      label.classList.toggle('locked', locked);
      el.disabled = locked;
      if (locked) label.title = `${row.help}. Fixed on this page.`;
    }
    const value = String(shown.value);
    if (row.control.type === 'check') {
      if (el.checked !== (shown.value === true)) el.checked = shown.value === true;
    } else if (row.control.type === 'slider') {
      if (shown.min !== undefined && el.min !== String(shown.min)) el.min = shown.min;
      if (shown.max !== undefined && el.max !== String(shown.max)) el.max = shown.max;
      if (el.value !== value) el.value = value;
    } else if ((all || document.activeElement !== el) && el.value !== value) {
      el.value = value;
    }
    if (shown.text !== undefined) {
      put($(`${row.id}-value`), shown.text);
      const words = `${row.label} ${shown.text}`;
      if (el.getAttribute('aria-valuetext') !== words) el.setAttribute('aria-valuetext', words);
    }
  }

  /** Ticks under the learning-rate slider at the stability limits. */
  function showMarks(shown) {
    const marks = $('lr-marks');
    const key = JSON.stringify([shown.min, shown.max, shown.marks]);
    if (marks.dataset.key === key) return;
    marks.dataset.key = key;
    const span = Number(shown.max) - Number(shown.min);
    marks.replaceChildren(...(shown.marks ?? []).map((mark) => {
      const tick = document.createElement('span');
      tick.className = `mark ${mark.kind}`;
      const at = Math.min(1, Math.max(0, (mark.at - shown.min) / span));
      // The thumb's centre travels from half a thumb in to half a thumb from the end.
      tick.style.left = `calc(${(at * 100).toFixed(2)}% + ${(8 - 16 * at).toFixed(1)}px)`;
      tick.title = mark.label;
      tick.dataset.at = String(mark.at);
      return tick;
    }));
  }

  /** The rows of runs 2 to 6, rebuilt when their number changes. */
  function showRunRows(s, v) {
    const rows = $('run-rows');
    const count = s.restarts > 0 ? 1 : s.runs.length;
    if (rows.childElementCount !== count - 1) {
      const options = table.find((row) => row.key === 'optimizer').control.options
        .map(([value, text]) => `<option value="${value}">${escape(text.replace('Gradient descent', 'GD'))}</option>`).join('');
      rows.innerHTML = s.runs.slice(1, count).map((_, i) => {
        const k = i + 2;
        return `<div class="run-row" id="run-${k}">
          <span class="swatch">${k}</span>
          <select id="run-${k}-optimizer" aria-label="Optimizer of run ${k}">${options}</select>
          <input type="range" id="run-${k}-lr" step="0.01" aria-label="Learning rate of run ${k}">
          <output id="run-${k}-lr-value" for="run-${k}-lr"></output>
          <button type="button" class="remove" id="run-${k}-remove" aria-label="Remove run ${k}" title="Remove run ${k}">×</button>
        </div>`;
      }).join('');
      scopeIds(rows, prefix);
    }
    const lr = v.controls.lr;
    // Colours through the CSSOM: a style attribute in markup breaks a strict
    // Content-Security-Policy (style-src 'self').
    rows.querySelectorAll('.run-row .swatch').forEach((swatch, i) => {
      const colour = v.runs[i + 1]?.colour;
      if (colour && swatch.dataset.colour !== colour) {
        swatch.dataset.colour = colour;
        swatch.style.background = colour;
      }
    });
    s.runs.slice(1, count).forEach((run, i) => {
      const k = i + 2;
      $(`run-${k}-optimizer`).value = run.optimizer;
      const slider = $(`run-${k}-lr`);
      slider.min = Math.min(lr.min, Math.log10(run.lr));
      slider.max = Math.max(lr.max, Math.log10(run.lr));
      slider.value = Math.log10(run.lr);
      // The rate, and under it the batch size when the run has its own.
      put($(`run-${k}-lr-value`), v.runs[k - 1].label.split(', ').slice(1).join('\n').replace('η ', ''));
    });
    const several = s.runs.length > 1 && s.restarts === 0;
    show(rows, s.restarts === 0);
    show(element.querySelector('.run-buttons'), s.restarts === 0);
    element.querySelector('.group-runs').classList.toggle('several', several);
    $('add-run').disabled = s.runs.length >= MAX_RUNS;
    $('single-run').hidden = !several;
    $('trio').disabled = !s.stability;
  }

  /**
   * Shows the controls `controls=` names (or the layout's own choice),
   * the theme, and in an embed the link to the full view.
   */
  function showControls(s) {
    const given = s.page.controls;
    const list = given?.includes('all') ? null : (given ?? LAYOUT_CONTROLS[layout] ?? null);
    const key = JSON.stringify([list, layout]);
    if (element.dataset.controls !== key) {
      element.dataset.controls = key;
      const shown = (el) => list === null || list.includes(el.dataset.key ?? el.dataset.owner);
      for (const el of element.querySelectorAll('.controls [data-key], .controls [data-owner]')) {
        el.classList.toggle('omit', !shown(el));
      }
      // A group with nothing left to show goes too, heading and all.
      for (const group of element.querySelectorAll('.controls .choices, .controls .buttons')) {
        group.classList.toggle('omit', !group.querySelector('[data-key]:not(.omit)'));
      }
    }
    if (element.dataset.theme !== s.page.theme) {
      element.dataset.theme = s.page.theme;
      if (page || s.page.embed) {
        for (const theme of ['light', 'dark', 'projector']) doc.body.classList.toggle(`theme-${theme}`, theme === s.page.theme);
      }
    }
    const link = $('full-view');
    show(link, s.page.embed);
    if (element.classList.contains('embedded') !== s.page.embed) element.classList.toggle('embedded', s.page.embed);
    if (s.page.embed) {
      const href = fullViewLink();
      if (link.getAttribute('href') !== href) link.setAttribute('href', href);
    }
  }

  /** The address of this view in the whole tool: the settings without embed, controls and lock. */
  function fullViewLink() {
    const params = new URLSearchParams(app.query());
    for (const key of ['embed', 'controls', 'lock']) params.delete(key);
    const query = readable(params);
    return location.href.split(/[?#]/)[0] + (query ? `?${query}` : '');
  }

  /**
   * Puts every control in line with the settings; a field being typed in is
   * left alone unless `all` (after a refused value, which it must undo).
   */
  function syncControls(s, v, all = false) {
    for (const row of table) syncControl(row, v.controls[row.key], all);
    showMarks(v.controls.lr);
    put($('stability'), v.stability);
    put($('optimizer-description'), v.optimizerDescription);
    put($('optimizer-formula'), v.optimizerFormula);
    put($('schedule-formula'), SCHEDULE_FORMULAS[s.schedule]);
    showRunRows(s, v);
    showControls(s);
    if (syncUrl) syncAddress();
  }

  /** Keeps the address in step with the settings. Browsers refuse pages
   * that rewrite their address too often (Chromium: 200 times in 10 s, which
   * a slider drag reaches in seconds), so writes draw on a bucket of five
   * that refills at ten a second; past it, the last one waits its turn. */
  const address = { tokens: 5, at: performance.now(), timer: null };
  function syncAddress() {
    const now = performance.now();
    address.tokens = Math.min(5, address.tokens + (now - address.at) / 100);
    address.at = now;
    const write = () => {
      address.timer = null;
      if (stopped) return;
      const query = app.query();
      const next = location.pathname + (query ? `?${query}` : '') + location.hash;
      if (next !== location.pathname + location.search + location.hash) history.replaceState(null, '', next);
    };
    if (address.tokens >= 1 && !address.timer) {
      address.tokens -= 1;
      write();
    } else if (!address.timer) {
      address.timer = later(() => { address.tokens = 0; address.at = performance.now(); write(); }, 100);
    }
  }

  /** Legend entries for what is drawn now. Entries for what is not drawn
   * keep their place, invisible, so the plots never change size. */
  function showLegends(v) {
    for (const [id, on] of Object.entries(v.legend)) {
      const el = $(id);
      if (!el) continue;
      show(el, on !== null);
      if (el.classList.contains('off') !== (on === false)) el.classList.toggle('off', on === false);
    }
    const legend = $('run-legend');
    const key = JSON.stringify([v.runs, v.tally]);
    if (legend.dataset.key === key) return;
    legend.dataset.key = key;
    if (v.tally) {
      // Random restarts: a line per minimum reached, in its colour.
      legend.replaceChildren(...v.tally.map((entry) => {
        const item = document.createElement('span');
        item.className = 'run';
        const swatch = document.createElement('span');
        swatch.className = 'key';
        swatch.style.borderColor = entry.colour;
        item.append(swatch, ` ${entry.label}`);
        return item;
      }));
      return;
    }
    legend.replaceChildren(...v.runs.map((run, k) => {
      const item = document.createElement('span');
      item.className = 'run';
      const key = document.createElement('span');
      key.className = 'key';
      key.style.borderColor = v.runs.length === 1 ? '#141414' : run.colour;
      const name = v.runs.length === 1 ? 'full loss L' : `${k + 1} ${run.label}`;
      item.append(key, ` ${name}: ${run.status}`);
      item.title = run.statusText;
      return item;
    }));
  }

  /** The chain-rule panel: one row per variable, the products, and with
   * `chain=batch` the batch's points; every number is text. */
  function showChain(c, v) {
    const panel = $('chain-panel');
    const open = v.panel === 'chain';
    show(panel, open);
    // The chain's table wants the height the trace plot needs less.
    if (element.classList.contains('chain-open') !== open) element.classList.toggle('chain-open', open);
    show($('trace'), !open);
    show($('trace-legend'), !open);
    for (const [id, on] of [['panel-trace', !open], ['panel-chain', open]]) {
      if ($(id).getAttribute('aria-selected') !== String(on)) $(id).setAttribute('aria-selected', String(on));
    }
    if (!open) return;
    const body = $('chain-nodes');
    const ids = c.nodes.map((n) => n.id).join();
    if (body.dataset.ids !== ids) {
      body.dataset.ids = ids;
      body.innerHTML = c.nodes.map((n) => `<tr data-node="${n.id}"><th>${escape(n.name).replace(/_(\w)/, '<sub>$1</sub>')}</th>`
        + `<td class="formula">${escape(n.formula)}</td><td class="value"></td><td class="local"></td><td class="grad"></td></tr>`).join('');
    }
    for (const n of c.nodes) {
      const row = body.querySelector(`[data-node="${n.id}"]`);
      put(row.querySelector('.value'), n.text.value);
      const locals = c.edges.filter((e) => e.to === n.id)
        .map((e) => `∂${c.nodes.find((m) => m.id === e.to).name}/∂${c.nodes.find((m) => m.id === e.from).name} = ${e.text}`);
      put(row.querySelector('.local'), locals.join(', ') || '–');
      put(row.querySelector('.grad'), n.text.grad);
    }
    const [a, b] = c.symbols;
    put($('chain-d0'), `∂L_i/∂${a}`);
    put($('chain-d1'), `∂L_i/∂${b}`);
    for (const [row, values] of [['chain-backward', c.text.backward], ['chain-analytic', c.text.analytic], ['chain-numeric', c.text.numeric]]) {
      const cells = $(row).querySelectorAll('td');
      put(cells[0], values[0]);
      put(cells[1], values[1]);
    }
    put($('chain-point'), `x = ${fmt(c.x)}, y = ${c.y}, z = ${fmt(c.z)}`);
    put($('chain-note'), c.stable
      ? 'At this extreme z the naive chain would overflow or lose every digit (1 − p rounds to 0): the panel uses the stable forms 1 − p = σ(−z), log p = −softplus(−z), and ∂L_i/∂ξ1 = y − p.'
      : `The product along the chain is ∂L_i/∂ξ1 times ∂ξ1/∂${a} (and ∂ξ1/∂${b}); it matches the formula and the finite difference to every digit shown.`);
    const batch = c.batch;
    const box = $('chain-batch');
    const key = batch ? JSON.stringify(batch) : '';
    if (box.dataset.key !== key) {
      box.dataset.key = key;
      box.innerHTML = batch ? `<p>The last batch's ${batch.points.length} points at the parameters before the step, ${fmtPair(batch.theta)}: each point's chain gives its own ∂L_i; their mean is the batch gradient, the blue arrow (reversed).</p>`
        + `<table class="chain-result"><thead><tr><th>point</th><th>x</th><th>y</th><th>∂L_i/∂${a}</th><th>∂L_i/∂${b}</th></tr></thead><tbody>`
        + batch.points.slice(0, 12).map((p) => `<tr><td>${p.index}</td><td>${fmt(p.x)}</td><td>${p.y}</td><td>${fmt(p.grad[0], 6)}</td><td>${fmt(p.grad[1], 6)}</td></tr>`).join('')
        + (batch.points.length > 12 ? `<tr><td colspan="5">… and ${batch.points.length - 12} more</td></tr>` : '')
        + `<tr class="mean" id="chain-batch-mean"><th colspan="3">mean: ∇L_B</th><td>${batch.text[0]}</td><td>${batch.text[1]}</td></tr></tbody></table>`
        : '';
      scopeIds(box, prefix);
    }
  }

  /** The step last shown and reported (events go out when it changes). */
  let shownStep = -1;
  /** A refused control value: said for a few seconds where alerts go. */
  let controlError = null;
  let shownScene = null;
  /** The deck's slides (`[{ title, key }]`), and which one shows (-1: none). */
  const deckSlides = () => state().page.deck;
  const deckIndex = () => state().page.slide ?? -1;
  /** The challenge on screen, and how many times its hint was asked for. */
  let shownChallenge = null;
  let hintsShown = 0;

  /** Writes the status line, the buttons, the legends and any alert. */
  function showStatus(s = state(), v = view()) {
    if (stopped) return;
    const play = $('play');
    put(play, s.running ? '❚❚ Pause' : '▶ Play');
    if (play.getAttribute('aria-pressed') !== String(s.running)) play.setAttribute('aria-pressed', String(s.running));
    for (const id of ['play', 'step', 'epoch']) {
      const el = $(id);
      if (el.disabled === v.canPlay) {
        el.disabled = !v.canPlay;
        // A disabled button says why, on hover and to screen readers.
        if (!v.canPlay) el.dataset.title ??= el.title;
        el.title = v.canPlay ? (el.dataset.title ?? el.title)
          : (v.live ? 'The live path shows the first T steps at once: untick “whole path, live” to play step by step'
            : 'Every run has stopped: lower the learning rate and press Reset');
      }
    }
    showLegends(v);
    const error = controlError && performance.now() < controlError.until ? controlError.text : null;
    show($('alert'), Boolean(v.alert || error));
    put($('alert'), v.alert ?? error ?? '');
    // While presenting, a tip for the person at the keyboard is left out: the lecturer is there.
    show($('remark'), $('alert').hidden && !(plotsOnly() && v.tip));
    // A narrow box shows the short status; the whole line is a tap (or a hover) away.
    const whole = layout === 'wide' || $('status').classList.contains('open');
    put($('status'), whole ? v.status : v.statusShort);
    if ($('status').title !== v.status) $('status').title = v.status;
    // Captions cut to a line in a narrow box keep their whole text on hover (and open on a tap).
    for (const [id, text] of [['surface-caption', v.surfaceCaption], ['trace-caption', v.traceCaption], ['data-caption', v.dataCaption]]) {
      put($(id), text);
      if ($(id).title !== text) $(id).title = text;
    }
    put($('update'), v.update);
    put($('data-note'), v.dataNote ?? '');
    show($('new-sample'), !v.controls.n.hidden);
    // A scatter of two features needs more height than a curve over one.
    const twoD = s.model === 'features2';
    if (element.classList.contains('data-2d') !== twoD) element.classList.toggle('data-2d', twoD);
    showChain(s.chain, v);
    put($('fit-key-label'), v.fitLabel);
    put($('colourbar-low'), v.colourbar[0]);
    put($('colourbar-high'), v.colourbar[1]);
    put($('threshold-key-label'), v.thresholdLabel);
    put($('remark'), v.remark);
    // Cut to a line in a small frame: the whole message on hover.
    for (const id of ['alert', 'remark']) if ($(id).title !== $(id).textContent) $(id).title = $(id).textContent;
    if ($('remark').classList.contains('tip') !== v.tip) $('remark').classList.toggle('tip', v.tip);
    show($('scene-banner'), Boolean(v.scene));
    show($('surface'), v.view !== '3d');
    show($('surface3d'), v.view !== 'contour');
    // Two views of the surface side by side take a wider column.
    if (element.classList.contains('view-both') !== (v.view === 'both')) element.classList.toggle('view-both', v.view === 'both');
    // A scene that asks for a control brings it into view (the controls
    // column scrolls on a laptop) and lights it up for a moment.
    if ((v.scene?.key ?? null) !== shownScene) {
      shownScene = v.scene?.key ?? null;
      // Presenting, the control the slide's caption asks for sits in the bottom row, beside Play.
      for (const el of element.querySelectorAll('.slide-control')) el.classList.remove('slide-control');
      if (v.scene?.focus) $(v.scene.focus)?.closest('label')?.classList.add('slide-control');
      if (layout === 'wide' && !plotsOnly()) spotlight(v.scene?.focus);
    }
    put($('scene-title'), v.scene ? `${v.scene.title}.` : '');
    put($('scene-caption'), v.scene?.caption ?? '');
    showChallenge(v.challenge);
    const deck = v.deck;
    show($('deck-corner'), Boolean(deck));
    if (element.classList.contains('decked') !== Boolean(deck)) element.classList.toggle('decked', Boolean(deck));
    if (deck) {
      // Presenting, the slide's title is in its banner: the corner says where the deck is.
      const corner = plotsOnly() ? deck.place : deck.corner;
      if ($('deck-corner').textContent !== corner) {
        put($('deck-corner'), corner);
        // The last line of the stage keeps clear of the corner.
        element.style.setProperty('--corner-width', `${$('deck-corner').offsetWidth + 16}px`);
      }
      tellPresenter(s, v);
    }
    if ($('deck-dialog').open) showDeck(s);
  }

  // A presenter window (same origin, the page's address with presenter=1,
  // opened with p) shows the notes and the next scene, and drives the deck:
  // the two talk over a BroadcastChannel.
  const channel = syncUrl && typeof BroadcastChannel === 'function' ? new BroadcastChannel('descent-deck') : null;
  let told;
  function tellPresenter(s = state(), v = view(), again = false) {
    const slides = s.page.deck;
    const index = s.page.slide ?? -1;
    const key = `${index}/${slides.length}/${slides[index]?.title}/${v.scene?.caption}`;
    if (!channel || !slides.length || (!again && key === told)) return;
    told = key;
    const next = JSON.parse(app.deck_json())[index + 1] ?? null;
    channel.postMessage({
      type: 'at', index, count: slides.length, position: v.deck?.position ?? '', key: slides[index]?.key ?? null, title: slides[index]?.title ?? '',
      caption: index >= 0 ? v.scene?.caption ?? '' : '', next: next ? index + 1 : null,
      nextTitle: next?.title ?? '', nextView: next?.view ?? null,
    });
  }
  if (channel) {
    channel.onmessage = (event) => {
      const m = event.data;
      if (m?.type === 'goTo' && Number.isInteger(m.index)) api.goTo(m.index);
      else if (m?.type === 'hello') tellPresenter(state(), view(), true);
    };
  }

  /** Brings the control with id `id` into view and lights it up for a moment. */
  function spotlight(id, block = 'nearest') {
    const control = id && $(id)?.closest('label');
    if (!control || control.closest('[hidden]')) return;
    control.scrollIntoView({ block });
    control.classList.add('spotlight');
    later(() => control.classList.remove('spotlight'), 2500);
  }

  /** Shows or hides an element while it keeps its place: nothing around it moves. */
  const seen = (el, on) => { if (el.classList.contains('invisible') === on) el.classList.toggle('invisible', !on); };
  /** After "To the control", until the banner is back in view: a way back to the plot. */
  let away = false;
  const banner = new IntersectionObserver((entries) => {
    if (!entries[entries.length - 1].isIntersecting) return;
    away = false;
    show($('challenge-back'), false);
  });
  banner.observe($('challenge-banner'));

  /**
   * The challenge's task, whether it is met (and why), and its hint: offered
   * after a while, shown when asked for. The banner keeps the height of its
   * longest state, so meeting the challenge moves nothing under a finger.
   */
  function showChallenge(c) {
    show($('challenge-banner'), Boolean(c));
    if ((c?.key ?? null) !== shownChallenge) {
      shownChallenge = c?.key ?? null;
      if (layout === 'wide' && !plotsOnly()) spotlight(c?.focus);
      hintsShown = 0;
      away = false;
      show($('challenge-hint'), false);
      seen($('challenge-hint-button'), false);
      const key = shownChallenge;
      if (key) later(() => { if (shownChallenge === key && !view().challenge?.met) seen($('challenge-hint-button'), true); }, HINT_AFTER_MS);
    }
    show($('challenge-back'), Boolean(c) && away);
    if (!c) return;
    put($('challenge-task'), c.heading);
    put($('challenge-not-yet'), c.notYet);
    put($('challenge-hint'), c.hint);
    put($('challenge-done'), c.done);
    put($('challenge-reserve'), `${c.notYet} ${c.hint}`);
    put($('challenge-back'), c.back);
    // On a phone the control can be a long way down: one tap away (its place kept once met).
    show($('challenge-go'), Boolean(c.focus) && layout !== 'wide');
    seen($('challenge-go'), !c.met);
    if (c.met) seen($('challenge-hint-button'), false);
    if ($('challenge-banner').classList.contains('met') !== c.met) $('challenge-banner').classList.toggle('met', c.met);
  }

  /** After a change: the controls and the text first (text can change the
   * layout the canvases are sized by), then the drawing, then the legends
   * that depend on what was drawn. `all` also resets fields being typed in. */
  function refresh(controls = false, all = false) {
    const s = state();
    const v = view();
    if (controls) syncControls(s, v, all);
    showStatus(s, v);
    if (call(() => app.render())) showLegends(view());
    if (s.step !== shownStep) {
      shownStep = s.step;
      stepped(s);
    }
  }

  /** Applies settings through the one path every change takes. */
  function set(values) {
    if (values === null || typeof values !== 'object' || Array.isArray(values)) {
      throw new TypeError('descent.set expects an object such as { lr: 0.1 }');
    }
    const pairs = Object.entries(values);
    const strings = pairs.map(([k, v]) => settingString(k, v));
    call(() => app.set(pairs.map(([k]) => k), strings));
    refresh(true);
  }

  const api = {
    /** The run's state as a plain object. */
    state,
    /** Changes settings (URL keys); throws an Error naming a bad value, changing nothing. */
    set,
    /** Starts playing at the chosen speed. */
    play() { call(() => app.set_running(true)); showStatus(); },
    /** Pauses. */
    pause() { call(() => app.set_running(false)); showStatus(); },
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
    /** Draws now instead of at the next animation frame; true if anything changed. */
    render: () => call(() => app.render()),
    /** The 3-D view's camera, [yaw, pitch] in radians. */
    camera: () => call(() => app.camera()),
  };

  // Controls: every one goes through api.set, like a page script would.
  // A refused value is said for five seconds, and the control goes back to
  // the value in force.
  const guard = (fn) => (event) => {
    try {
      fn(event);
    } catch (error) {
      if (stopped) return;
      controlError = { text: error.message.replace(/^descent\.set: /, 'Not used: '), until: performance.now() + 5000 };
      refresh(true, true);
      later(() => showStatus(), 5100);
    }
  };
  for (const row of table) {
    const el = $(row.id);
    const { type, log } = row.control;
    const value = () => {
      if (type === 'check') return row.key === 'path' ? (el.checked ? 'live' : 'play') : el.checked;
      if (type === 'slider') {
        if (row.key === 'n') return Math.round(10 ** Number(el.value));
        return log ? rate(el.value) : Number(el.value);
      }
      return el.value;
    };
    const event = type === 'slider' ? 'input' : 'change';
    listen(el, event, guard(() => set({ [row.key]: value() })));
  }

  /** Each run's own entry of `runs`, with run k's (1-based) replaced by `entry`. */
  const runSpecs = (k, entry) => state().runs.map((run, i) => (i === k - 1 ? entry(run) : run.spec));
  const withOwnBatch = (run) => (run.ownBatch === null ? '' : `:${run.ownBatch}`);
  listen($('run-rows'), 'input', guard((event) => {
    const match = event.target.id.match(/run-(\d)-lr$/);
    if (!match) return;
    const lr = rate(event.target.value);
    set({ runs: runSpecs(Number(match[1]), (run) => `${run.optimizer}:${lr}${withOwnBatch(run)}`).join(',') });
  }));
  listen($('run-rows'), 'change', guard((event) => {
    const match = event.target.id.match(/run-(\d)-optimizer$/);
    if (!match) return;
    const optimizer = event.target.value;
    set({ runs: runSpecs(Number(match[1]), (run) => `${optimizer}:${run.lr}${withOwnBatch(run)}`).join(',') });
  }));
  listen($('run-rows'), 'click', guard((event) => {
    const match = event.target.closest('button')?.id.match(/run-(\d)-remove$/);
    if (!match) return;
    const specs = state().runs.map((run) => run.spec);
    specs.splice(Number(match[1]) - 1, 1);
    set({ runs: specs.join(',') });
  }));
  listen($('trio'), 'click', guard(() => set({ runs: 'trio' })));
  listen($('new-sample'), 'click', guard(() => set({ sample: state().sample + 1 })));
  listen($('single-run'), 'click', guard(() => set({ runs: '' })));
  listen($('add-run'), 'click', guard(() => {
    const runs = state().runs;
    const last = runs[runs.length - 1];
    const lr = Number((last.lr * 3).toPrecision(2));
    set({ runs: [...runs.map((run) => run.spec), `${last.optimizer}:${lr}`].join(',') });
  }));
  // Your own data: a file, a drop or a paste; columns guessed, changeable.
  // A file or columns that are refused leave every control showing the
  // data on screen: the file button, the column menus and the text.
  let csvText = null;
  let csvHeader = [];
  /** The CSV on screen (its text, header, chosen columns and the file it came from), or null. */
  let shownCsv = null;
  /** The file being read, until it is on screen or refused. */
  let readingFile = null;
  const csvMessage = (text, bad = false) => {
    put($('csv-message'), text);
    $('csv-message').classList.toggle('bad', bad);
  };
  /** The column menus for a CSV's header, with these columns chosen. */
  function showColumns(header, label, x, x2) {
    const options = (extra) => extra + header.map((h, i) => `<option value="${i}">${escape(h)}</option>`).join('');
    $('csv-label').innerHTML = options('');
    $('csv-x').innerHTML = options('');
    $('csv-x2').innerHTML = options('<option value="">(none)</option>');
    $('csv-label').value = String(label);
    $('csv-x').value = String(x);
    $('csv-x2').value = String(x2);
    $('csv-columns').hidden = false;
  }
  /** A refusal: said, and the controls back to the data on screen. */
  function refuseCsv(error) {
    if (stopped) return;
    csvMessage(`Not used: ${error.message} The data shown are unchanged.`, true);
    readingFile = null;
    const input = $('csv-file');
    if (shownCsv?.files) input.files = shownCsv.files;
    else input.value = '';
    if (shownCsv) {
      csvText = shownCsv.text;
      csvHeader = shownCsv.header;
      showColumns(shownCsv.header, shownCsv.label, shownCsv.x, shownCsv.x2);
    } else {
      csvText = null;
      $('csv-columns').hidden = true;
    }
  }
  function readCsv(text) {
    let columns;
    try {
      columns = JSON.parse(call(() => app.csv_columns(text)));
    } catch (error) {
      refuseCsv(error);
      return;
    }
    csvText = text;
    csvHeader = columns.header;
    showColumns(columns.header, columns.label, columns.x, '');
    useColumns();
  }
  function useColumns() {
    if (csvText === null) return;
    const chosen = { label: $('csv-label').value, x: $('csv-x').value, x2: $('csv-x2').value };
    try {
      const summary = api.loadCsv(csvText, chosen);
      csvMessage(summary.message);
      const files = readingFile ?? (shownCsv?.text === csvText ? shownCsv.files : null);
      shownCsv = { text: csvText, header: csvHeader, ...chosen, files };
      readingFile = null;
      // The file button names the file on screen (none for a pasted text).
      if (files) $('csv-file').files = files;
      else $('csv-file').value = '';
    } catch (error) {
      refuseCsv(error);
    }
  }
  const readFile = (file) => {
    if (!file) return;
    if (file.size > 10 * 1024 * 1024) {
      refuseCsv(new Error(`the file has ${(file.size / 1048576).toFixed(1)} MB, more than the 10 MB descent reads.`));
      return;
    }
    file.text().then(readCsv, () => refuseCsv(new Error('the file could not be read.')));
  };
  listen($('csv-file'), 'change', () => {
    readingFile = $('csv-file').files;
    readFile(readingFile[0]);
  });
  listen($('csv-read'), 'click', () => readCsv($('csv-text').value));
  listen($('csv-load'), 'click', useColumns);
  listen(element, 'dragover', (event) => {
    if ([...(event.dataTransfer?.types ?? [])].includes('Files')) event.preventDefault();
  });
  listen(element, 'drop', (event) => {
    const file = event.dataTransfer?.files?.[0];
    if (!file) return;
    event.preventDefault();
    // As if chosen with the file button, which then names it.
    const chosen = new DataTransfer();
    chosen.items.add(file);
    readingFile = chosen.files;
    readFile(file);
  });

  listen($('panel-trace'), 'click', guard(() => set({ panel: 'trace' })));
  listen($('panel-chain'), 'click', guard(() => set({ panel: 'chain' })));
  // A click on a point of the data view opens its chain; in edit mode a
  // click adds a point (shift: class 0) and a click on a point removes it.
  listen($('data'), 'pointerdown', guard((event) => {
    const box = $('data').getBoundingClientRect();
    const [cx, cy] = [event.clientX - box.left, event.clientY - box.top];
    const i = call(() => app.pick_point(cx, cy));
    if ($('edit-data').checked) {
      if (i >= 0) {
        api.removePoint(i);
      } else {
        const at = call(() => app.data_at(cx, cy));
        if (at.length === 2) api.addPoint(at[0], state().data.columns.length > 1 ? at[1] : null, event.shiftKey ? 0 : 1);
      }
      return;
    }
    if (i >= 0) set({ point: i, panel: 'chain' });
  }));
  listen($('epoch'), 'click', () => api.stepEpoch());
  listen($('play'), 'click', () => (app.running() ? api.pause() : api.play()));
  listen($('step'), 'click', () => api.step(1));
  listen($('reset'), 'click', () => api.reset());

  // Press on the contour plot to start there; keep the button (or the
  // finger: the plot takes touch gestures for itself) down and drag to move
  // the start, the live path following within the frame. A press on a
  // note's card drags the note instead.
  const surface = $('surface');
  /** The drag under way: `{}` for the start, `{ note, dx, dy }` for a note
   * (from the pointer to the place it points at, in CSS pixels). */
  let drag = null;
  let pendingDrag = null;
  const pointerAt = (event) => {
    const box = surface.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  };
  /** Where note k points, in CSS pixels of the canvas. */
  function notePlace(k) {
    const [b0lo, b0hi, b1lo, b1hi, left, right, top, bottom] = call(() => app.surface_frame());
    const [b0, b1] = state().notes[k].at;
    return [left + ((b0 - b0lo) / (b0hi - b0lo)) * (right - left), top + ((b1hi - b1) / (b1hi - b1lo)) * (bottom - top)];
  }
  function dragTo(event) {
    const [x, y] = pointerAt(event);
    if (drag.note === undefined) {
      if (call(() => app.click(x, y))) refresh(true);
    } else if (call(() => app.move_note(drag.note, x + drag.dx, y + drag.dy))) {
      refresh();
    }
  }
  listen(surface, 'pointerdown', (event) => {
    if (event.button !== 0 || stopped) return;
    const [x, y] = pointerAt(event);
    const note = call(() => app.note_at(x, y));
    if (note >= 0) {
      const [px, py] = notePlace(note);
      drag = { note, dx: px - x, dy: py - y };
    } else {
      drag = {};
      dragTo(event);
    }
    surface.setPointerCapture?.(event.pointerId);
  });
  listen(surface, 'pointermove', (event) => {
    if (!drag) {
      // A note can be taken by its card: say so to a mouse.
      if (event.pointerType === 'mouse' && !stopped) {
        const [x, y] = pointerAt(event);
        const cursor = app.note_at(x, y) >= 0 ? 'grab' : '';
        if (surface.style.cursor !== cursor) surface.style.cursor = cursor;
      }
      return;
    }
    if (!pendingDrag) requestAnimationFrame(() => { const e = pendingDrag; pendingDrag = null; if (e && drag) dragTo(e); });
    pendingDrag = event;
  });
  const endDrag = () => {
    const was = drag;
    if (pendingDrag && drag) dragTo(pendingDrag);
    drag = null;
    pendingDrag = null;
    // The address and the controls catch up once a note is put down.
    if (was?.note !== undefined && !stopped) refresh(true);
  };
  listen(surface, 'pointerup', endDrag);
  listen(surface, 'pointercancel', endDrag);

  // Drag the 3-D view to turn it.
  const view3d = $('surface3d');
  let turning = null;
  listen(view3d, 'pointerdown', (event) => {
    if (event.button !== 0 || stopped) return;
    turning = { x: event.clientX, y: event.clientY };
    view3d.setPointerCapture?.(event.pointerId);
  });
  listen(view3d, 'pointermove', (event) => {
    if (!turning || stopped) return;
    call(() => app.rotate(event.clientX - turning.x, event.clientY - turning.y));
    turning = { x: event.clientX, y: event.clientY };
  });
  for (const type of ['pointerup', 'pointercancel']) listen(view3d, type, () => { turning = null; });

  // On a phone the scene's caption is cut to three lines, the messages to
  // two and the status to its main numbers: a tap opens each.
  listen($('scene-banner'), 'click', () => $('scene-banner').classList.toggle('open'));
  for (const caption of element.querySelectorAll('figcaption')) {
    listen(caption, 'click', (event) => {
      if (layout === 'wide' || event.target.closest('button')) return;
      caption.classList.toggle('open');
    });
  }
  for (const id of ['status', 'alert', 'remark']) {
    listen($(id), 'click', () => {
      if (layout === 'wide') return;
      $(id).classList.toggle('open');
      showStatus();
    });
  }
  listen($('challenge-go'), 'click', () => {
    spotlight(view().challenge?.focus, 'center');
    away = true;
    showChallenge(view().challenge);
  });
  listen($('challenge-back'), 'click', () => {
    $('challenge-banner').scrollIntoView({ block: 'start' });
    away = false;
    show($('challenge-back'), false);
  });
  listen($('challenge-hint-button'), 'click', () => {
    hintsShown += 1;
    show($('challenge-hint'), true);
    seen($('challenge-hint-button'), false);
  });
  $('scene-banner').title = 'Tap to read all of it';

  // Any plot on the whole screen, and back with Esc.
  for (const button of element.querySelectorAll('[data-fullscreen]')) {
    const figure = button.closest('figure');
    if (!doc.fullscreenEnabled) button.hidden = true;
    listen(button, 'click', () => {
      if (doc.fullscreenElement === figure) doc.exitFullscreen();
      else figure.requestFullscreen?.().catch((error) => console.warn('descent: no full screen here:', error.message));
    });
  }
  listen(doc, 'fullscreenchange', () => {
    if (!stopped) app.invalidate();
  });

  // Share, embed, download: one dialog.
  const dialog = $('share-dialog');
  const shareMessage = (text) => put($('share-message'), text);
  /** The address of this view (the whole tool), for a link or a frame. */
  const viewLink = () => fullViewLink();
  function embedCode() {
    const [w, h] = $('embed-size').value.split('x');
    const params = new URLSearchParams(app.query());
    for (const key of ['embed', 'controls', 'lock']) params.delete(key);
    params.set('embed', '1');
    const controls = $('embed-controls').value.replace(/\s+/g, '');
    if (controls) params.set('controls', controls);
    const src = `${location.href.split(/[?#]/)[0]}?${readable(params)}`;
    const width = w.endsWith('%') ? w : `${w}`;
    return `<iframe src="${escape(src)}" width="${width}" height="${h}" style="border:0;max-width:100%" `
      + 'title="descent: gradient descent on a logistic-regression loss" loading="lazy" allow="fullscreen; clipboard-write"></iframe>';
  }
  async function copy(text, what) {
    try {
      await navigator.clipboard.writeText(text);
      shareMessage(`${what} copied.`);
    } catch {
      shareMessage(`${what} selected: copy it with Ctrl+C (⌘C).`);
    }
  }
  function openDialog(section) {
    $('share-link').value = viewLink();
    $('embed-code').value = embedCode();
    shareMessage('');
    if (!dialog.open) dialog.showModal?.() ?? dialog.setAttribute('open', '');
    dialog.querySelector(`section:nth-of-type(${section})`)?.querySelector('input, select, button')?.focus();
  }
  listen($('share'), 'click', () => openDialog(1));
  listen($('embed'), 'click', () => openDialog(2));
  listen($('export'), 'click', () => openDialog(3));
  listen($('share-close'), 'click', () => dialog.close?.() ?? dialog.removeAttribute('open'));
  listen($('copy-link'), 'click', () => { $('share-link').select(); copy($('share-link').value, 'The link is'); });
  listen($('copy-embed'), 'click', () => { $('embed-code').select(); copy($('embed-code').value, 'The embed code is'); });
  for (const id of ['embed-size', 'embed-controls']) listen($(id), 'input', () => { $('embed-code').value = embedCode(); });

  // A slide's entrance: the old view's picture moves to where its window
  // lies in the new one and fades, while the new paths replay from their
  // start. Skipped when the user asks for reduced motion.
  const still = () => matchMedia('(prefers-reduced-motion: reduce)').matches;
  function enter(change) {
    const canvas = $('surface');
    const before = canvas.hidden || still() || !canvas.width ? null : call(() => app.surface_frame());
    let picture = null;
    if (before) {
      picture = doc.createElement('canvas');
      picture.width = canvas.width;
      picture.height = canvas.height;
      picture.getContext('2d').drawImage(canvas, 0, 0);
    }
    change();
    if (still()) return;
    call(() => app.replay(ENTRANCE_MS));
    const after = call(() => app.surface_frame());
    if (!picture || canvas.hidden) return;
    const [b0lo, b0hi, b1lo, b1hi, x0, x1, y0, y1] = before;
    const [n0lo, n0hi, n1lo, n1hi, X0, X1, Y0, Y1] = after;
    const x = (b) => X0 + ((b - n0lo) / (n0hi - n0lo)) * (X1 - X0);
    const y = (b) => Y0 + ((n1hi - b) / (n1hi - n1lo)) * (Y1 - Y0);
    const sx = (x(b0hi) - x(b0lo)) / (x1 - x0);
    const sy = (y(b1lo) - y(b1hi)) / (y1 - y0);
    if (![sx, sy].every((v) => Number.isFinite(v) && v > 1e-3 && v < 1e3)) return;
    const tx = x(b0lo) - sx * x0;
    const ty = y(b1hi) - sy * y0;
    // Only the plotting rectangle moves; the axes are the new ones at once.
    // It moves inside a frame the canvas's size that clips it, so a picture
    // growing past the window never gives the page a scroll bar.
    const frame = doc.createElement('div');
    frame.className = 'entrance-frame';
    frame.style.width = `${canvas.clientWidth}px`;
    frame.style.height = `${canvas.clientHeight}px`;
    frame.style.left = `${canvas.offsetLeft}px`;
    frame.style.top = `${canvas.offsetTop}px`;
    picture.className = 'entrance';
    picture.style.width = `${canvas.clientWidth}px`;
    picture.style.height = `${canvas.clientHeight}px`;
    picture.style.clipPath = `inset(${y0}px ${canvas.clientWidth - x1}px ${canvas.clientHeight - y1}px ${x0}px)`;
    frame.append(picture);
    canvas.parentElement.append(frame);
    const motion = picture.animate(
      [{ transform: 'none', opacity: 1 }, { transform: `translate(${tx}px, ${ty}px) scale(${sx}, ${sy})`, opacity: 0 }],
      { duration: ENTRANCE_MS * 0.6, easing: 'ease-in-out', fill: 'forwards' },
    );
    const done = () => frame.remove();
    motion.onfinish = done;
    motion.oncancel = done;
    later(done, ENTRANCE_MS);
  }

  // The deck editor: a list of slides to rename, caption, reorder and
  // remove; add the current view; notes; share as a link or a file.
  const deckDialog = $('deck-dialog');
  const deckMessage = (text) => put($('deck-message'), text);
  let shownDeck = null;
  /** Lists the slides (again only when they changed, so typing is not lost). */
  function showDeck(s = state()) {
    const slides = JSON.parse(app.deck_json());
    const list = $('deck-list');
    // The same slides in the same order: only the words change, and not
    // in the field being typed in.
    const key = JSON.stringify([slides.map((slide) => slide.view), s.page.slide]);
    if (key === shownDeck) {
      list.querySelectorAll('li[data-index]').forEach((item, k) => {
        for (const [field, value] of [['.deck-title', slides[k].title], ['.deck-caption', slides[k].caption]]) {
          const el = item.querySelector(field);
          if (el !== doc.activeElement && el.value !== value) el.value = value;
        }
      });
      return;
    }
    shownDeck = key;
    list.innerHTML = slides.map((slide, k) => `<li class="${k === s.page.slide ? 'current' : ''}" data-index="${k}">
      <div class="row"><input class="deck-title" value="${escape(slide.title)}" maxlength="120" aria-label="Title of slide ${k + 1}">
        <button type="button" data-op="open" title="Show this slide">Show</button>
        <button type="button" data-op="up" title="Move up" aria-label="Move slide ${k + 1} up" ${k ? '' : 'disabled'}>↑</button>
        <button type="button" data-op="down" title="Move down" aria-label="Move slide ${k + 1} down" ${k < slides.length - 1 ? '' : 'disabled'}>↓</button>
        <button type="button" data-op="remove" title="Remove it" aria-label="Remove slide ${k + 1}">✕</button></div>
      <textarea class="deck-caption" rows="2" maxlength="1200" aria-label="Caption of slide ${k + 1}">${escape(slide.caption)}</textarea></li>`).join('')
      || '<li class="empty">No slides yet: add this view, or start from the lecture\'s deck.</li>';
    show($('deck-lecture'), !slides.length);
    list.querySelector('li.current')?.scrollIntoView({ block: 'nearest' });
  }
  function openDeck() {
    shownDeck = null;
    showDeck();
    deckMessage('');
    if (!deckDialog.open) deckDialog.showModal?.() ?? deckDialog.setAttribute('open', '');
    $('deck-add').focus();
  }
  const closeDeck = () => deckDialog.close?.() ?? deckDialog.removeAttribute('open');
  listen($('deck-edit'), 'click', openDeck);
  listen($('deck-close'), 'click', closeDeck);
  /** Runs a deck edit in Rust, then shows the result. */
  function editDeck(op, index = 0, to = 0, title = '', caption = '') {
    call(() => app.edit_deck(op, index, to, title, caption));
    refresh(true);
    if (deckDialog.open) showDeck();
  }
  listen($('deck-list'), 'click', guard((event) => {
    const button = event.target.closest('button[data-op]');
    const item = button?.closest('li[data-index]');
    if (!item) return;
    const k = Number(item.dataset.index);
    const op = button.dataset.op;
    if (op === 'open') api.goTo(k);
    else if (op === 'remove') api.removeSlide(k);
    else api.moveSlide(k, op === 'up' ? k - 1 : k + 1);
  }));
  listen($('deck-list'), 'change', guard((event) => {
    const item = event.target.closest('li[data-index]');
    if (!item) return;
    api.editSlide(Number(item.dataset.index), {
      title: item.querySelector('.deck-title').value, caption: item.querySelector('.deck-caption').value,
    });
  }));
  listen($('deck-add'), 'click', guard(() => { const k = api.addSlide(); deckMessage(`Slide ${k + 1} added: give it a title and a caption.`); }));
  listen($('deck-lecture'), 'click', guard(() => { set({ deck: 'lecture' }); showDeck(); }));
  /** The deck alone, as a link: it opens at its first slide. */
  const deckLink = () => {
    const value = new URLSearchParams(app.query()).get('deck') ?? '';
    return `${location.href.split(/[?#]/)[0]}?deck=${encodeURIComponent(value).replace(/%2C/g, ',')}&slide=1`;
  };
  listen($('deck-link'), 'click', async () => {
    if (!deckSlides().length) { deckMessage('The deck is empty: add a view first.'); return; }
    try {
      await navigator.clipboard.writeText(deckLink());
      deckMessage('The deck\'s link is copied: it opens at the first slide.');
    } catch {
      deckMessage(`Copy the deck's link: ${deckLink()}`);
    }
  });
  listen($('deck-download'), 'click', () => {
    if (!deckSlides().length) { deckMessage('The deck is empty: add a view first.'); return; }
    save(new Blob([app.deck_text()], { type: 'text/plain' }), 'descent-deck.txt');
    deckMessage('Saved as descent-deck.txt.');
  });
  listen($('deck-file'), 'change', async (event) => {
    const file = event.target.files?.[0];
    if (!file) return;
    try {
      const { count, warnings } = api.openDeck(await file.text());
      deckMessage(`${file.name}: ${count} slides.${warnings.length ? ` ${warnings.join('; ')}.` : ''}`);
    } catch (error) {
      deckMessage(`${file.name}: ${error.message}`);
    }
    event.target.value = '';
  });

  // Notes: the next click on the contour plot places the label typed.
  let placing = null;
  listen($('note-place'), 'click', () => {
    const label = $('note-label').value.trim();
    if (!label) { deckMessage('Type the note first, then press Point at.'); $('note-label').focus(); return; }
    placing = label;
    closeDeck();
    surface.classList.add('placing');
    put($('remark'), `Click the place on the contour plot the note “${label}” points at (Esc: cancel).`);
  });
  listen($('note-clear'), 'click', guard(() => { set({ notes: '' }); deckMessage('The notes on this view are gone.'); }));
  listen(surface, 'pointerdown', (event) => {
    if (!placing) return;
    event.stopImmediatePropagation();
    const box = surface.getBoundingClientRect();
    const at = call(() => app.params_at(event.clientX - box.left, event.clientY - box.top));
    const label = placing;
    placing = null;
    surface.classList.remove('placing');
    if (at.length === 2) api.addNote(at[0], at[1], label);
    refresh();
  }, { capture: true });

  // Presenting: the deck full screen, large captions, the projector's colours.
  let themeBefore = null;
  /** Axis numbers at least 2.5% of the screen's height while the plots take the screen. */
  const fitText = () => app.set_text_floor(plotsOnly() ? 0.025 * doc.defaultView.innerHeight : 0);
  /** The controls beside the plots while presenting, or put away again (c). */
  function toggleControls(open = !element.classList.contains('controls-open')) {
    element.classList.toggle('controls-open', open);
    $('controls-toggle').setAttribute('aria-expanded', String(open));
    // The slide's control comes into view with the column.
    if (open) spotlight(view().scene?.focus);
    fitText();
    app.invalidate();
    showStatus();
  }
  api.present = () => {
    if (element.classList.contains('presenting')) return;
    themeBefore = state().page.theme;
    element.classList.add('presenting');
    element.classList.remove('controls-open');
    $('controls-toggle').setAttribute('aria-expanded', 'false');
    shownScene = null;
    if (themeBefore !== 'projector') set({ theme: 'projector' });
    if (deckSlides().length && deckIndex() < 0) api.goTo(0);
    closeDeck();
    // The keys go to the deck and the run, not to the button that opened the dialog.
    element.tabIndex = -1;
    element.focus({ preventScroll: true });
    element.requestFullscreen?.().catch(() => {});
    fitText();
    app.invalidate();
  };
  const stopPresenting = () => {
    if (!element.classList.contains('presenting')) return;
    element.classList.remove('presenting', 'controls-open');
    element.removeAttribute('tabindex');
    if (themeBefore && themeBefore !== 'projector' && !state().page.lock.includes('theme')) set({ theme: themeBefore });
    themeBefore = null;
    fitText();
    app.invalidate();
    showStatus();
  };
  listen($('controls-toggle'), 'click', () => toggleControls());
  listen(doc, 'fullscreenchange', () => { if (!doc.fullscreenElement) stopPresenting(); });
  listen($('deck-present'), 'click', () => api.present());

  /** Saves a blob as a file. */
  function save(blob, name) {
    const a = doc.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    doc.body.append(a);
    a.click();
    a.remove();
    later(() => URL.revokeObjectURL(a.href), 10000);
  }
  /**
   * The plots as PNG at `ratio` device pixels per CSS pixel (2: twice
   * their size on screen, for slides): one plot, or `all` three side by
   * side on white.
   */
  async function png(which = 'all', ratio = 2) {
    const names = { surface: 'contour', trace: 'trace', data: 'data' };
    if (which !== 'all' && !names[which]) throw new Error(`descent.png: ${which} is not a plot (choose surface, trace, data or all)`);
    call(() => app.set_export_ratio(ratio));
    try {
      call(() => app.render());
      const canvases = (which === 'all' ? ['surface', 'trace', 'data'] : [which])
        .map((id) => (id === 'surface' && view().view === '3d' ? $('surface3d') : $(id)))
        .filter((c) => c.width > 1 && c.offsetParent !== null);
      if (canvases.length === 0) throw new Error(`the ${names[which]} plot is not shown in this layout`);
      let out = canvases[0];
      if (which === 'all') {
        // The contour plot on the left, the others stacked on the right.
        const [first, ...rest] = canvases;
        const right = rest.reduce((w, c) => Math.max(w, c.width), 0);
        const height = Math.max(first.height, rest.reduce((h, c) => h + c.height, 0));
        out = doc.createElement('canvas');
        out.width = first.width + right;
        out.height = height;
        const ctx = out.getContext('2d');
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, out.width, out.height);
        ctx.drawImage(first, 0, 0);
        let y = 0;
        for (const c of rest) { ctx.drawImage(c, first.width, y); y += c.height; }
      }
      return await new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('the picture could not be made'))), 'image/png'));
    } finally {
      call(() => app.set_export_ratio(0));
      call(() => app.render());
    }
  }
  for (const button of dialog.querySelectorAll('[data-png]')) {
    listen(button, 'click', async () => {
      const which = button.dataset.png;
      try {
        save(await png(which), `descent-${which === 'surface' ? 'contour' : which}.png`);
        shareMessage('Saved.');
      } catch (error) {
        shareMessage(`Not saved: ${error.message}`);
      }
    });
  }
  listen($('download-csv'), 'click', () => {
    save(new Blob([call(() => app.runs_csv())], { type: 'text/csv' }), 'descent-runs.csv');
    shareMessage('Saved.');
  });
  api.png = png;
  api.csv = () => call(() => app.runs_csv());
  api.link = () => viewLink();

  // The contour plot takes focus: the arrow keys move the start by a
  // fiftieth of the window (shift: a fifth), as a click on the plot would.
  listen(surface, 'keydown', guard((event) => {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const move = moves[event.key];
    if (!move || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    event.stopPropagation();
    const by = event.shiftKey ? 0.2 : 0.02;
    call(() => app.nudge(move[0] * by, move[1] * by));
    refresh(true);
  }));

  // Keyboard: space plays or pauses, right arrow steps, r resets; never
  // while typing in a field, and arrows stay with a focused slider. Keys
  // reach this instance when focus is inside it, or anywhere on the page
  // when it is the page's only one.
  listen(doc, 'keydown', (event) => {
    if (stopped) return;
    if (placing && event.key === 'Escape') {
      placing = null;
      surface.classList.remove('placing');
      refresh();
      return;
    }
    const target = event.target;
    const mine = element.contains(target)
      || (instances.size === 1 && (!target || target === doc.body || target === doc.documentElement));
    if (!mine) return;
    const tag = target?.tagName;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // Leave keys to fields, and Space to buttons and checkboxes, which it
    // presses; except while presenting, when a clicker's keys belong to the
    // deck and the run, whatever button was clicked last.
    const presenting = element.classList.contains('presenting');
    const pressable = tag === 'BUTTON' || tag === 'A' || (tag === 'INPUT' && target.type === 'checkbox');
    if (tag === 'SELECT' || tag === 'TEXTAREA' || (tag === 'INPUT' && target.type !== 'range' && !(presenting && pressable))) return;
    if (event.key === ' ' && pressable && !presenting) return;
    if (presenting && (event.key === 'c' || event.key === 'C')) {
      toggleControls();
      return;
    }
    // With a deck, a presentation clicker's keys step through its scenes:
    // Page Down / Page Up, and the arrows unless a slider or the contour
    // plot (whose arrows move the start) has focus; b blanks the screen.
    if (deckSlides().length) {
      const slider = target?.type === 'range' && element.classList.contains('controls-open');
      const arrows = presenting ? !slider : target?.type !== 'range' && target !== $('surface');
      const forward = event.key === 'PageDown' || (arrows && ['ArrowRight', 'ArrowDown'].includes(event.key));
      const back = event.key === 'PageUp' || (arrows && ['ArrowLeft', 'ArrowUp'].includes(event.key));
      if (forward || back) {
        event.preventDefault();
        (forward ? api.next : api.previous)();
        return;
      }
      if (event.key === 'b' || event.key === 'B') {
        $('deck-blank').hidden = !$('deck-blank').hidden;
        return;
      }
      if ((event.key === 'p' || event.key === 'P') && channel) {
        const url = new URL(location.href);
        url.searchParams.set('presenter', '1');
        window.open(url.href, 'descent-presenter', 'width=1000,height=700');
        return;
      }
    }
    if (event.key === ' ') {
      event.preventDefault();
      if (!app.running() && !view().canPlay) return;
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

  // A button or a checkbox keeps focus after a click; while presenting, Space's keyup must not press it.
  listen(doc, 'keyup', (event) => {
    const target = event.target;
    if (event.key === ' ' && element.classList.contains('presenting') && element.contains(target)
      && (['BUTTON', 'A'].includes(target.tagName) || target.type === 'checkbox')) event.preventDefault();
  });

  /** Sizes the layout to the element, not the window. */
  let layout = element.dataset.layout;
  function fitLayout() {
    const next = sizeClasses(element, page);
    if (next && next !== layout) {
      layout = next;
      if (!stopped) showControls(state());
    }
  }
  const resizer = new ResizeObserver(() => {
    fitLayout();
    if (stopped) return;
    if (element.classList.contains('presenting')) fitText();
    app.invalidate();
    emit('resize', { width: element.clientWidth, height: element.scrollHeight, layout });
  });
  resizer.observe(element);
  // A plot's box can change while the instance's does not (a legend
  // growing a row): the module measures its canvases only when told, so
  // tell it, and draw at once, before this frame is painted.
  const plotResizer = new ResizeObserver(() => {
    if (stopped || destroyed) return;
    app.invalidate();
    if (visible && call(() => app.render())) showLegends(view());
  });
  for (const id of ['surface', 'trace', 'data', 'surface3d']) plotResizer.observe($(id));

  // Out of view, an instance stops drawing and playing; back in view, it
  // goes on where it was.
  let visible = true;
  let looping = false;
  let frameId = 0;
  const viewer = new IntersectionObserver((entries) => {
    visible = entries[entries.length - 1].isIntersecting;
    element.dataset.visible = String(visible);
    if (visible && !looping && !stopped) loop();
  });
  viewer.observe(element);

  /** The step event's news: a few numbers of the first run. */
  function news(s) {
    return { step: s.step, epoch: s.epoch, loss: s.loss, theta: s.theta, lr: s.lr, running: s.running, diverged: s.diverged };
  }
  // Step events: at most ten a second, the last one always sent.
  const stepNews = { at: 0, timer: null };
  let divergedRuns = 0;
  function stepped(s) {
    const diverged = s.runs.filter((run) => run.divergedAt !== null).length;
    if (diverged > divergedRuns) emit('diverged', { ...news(s), runs: s.runs.map((run) => run.divergedAt) });
    divergedRuns = diverged;
    if (handlers.get('step').size === 0) return;
    const wait = stepNews.at + 100 - performance.now();
    if (wait <= 0 && !stepNews.timer) {
      stepNews.at = performance.now();
      emit('step', news(s));
    } else if (!stepNews.timer) {
      stepNews.timer = later(() => {
        stepNews.timer = null;
        stepNews.at = performance.now();
        if (!destroyed && !stopped) emit('step', news(state()));
      }, Math.max(0, wait));
    }
  }

  let last = performance.now();
  /** The work of the last frames, in ms (a ring), for frameTimes(). */
  const frameWork = { times: new Float64Array(600), count: 0 };
  function frame(now) {
    const started = performance.now();
    try {
      tick(now);
    } finally {
      frameWork.times[frameWork.count % frameWork.times.length] = performance.now() - started;
      frameWork.count += 1;
    }
  }
  /** The deck's slides, `[{ index, key, title, caption, view }]` (empty without a deck; `key` the built-in scene a slide shows as it is). */
  api.deck = () => JSON.parse(app.deck_json()).map((slide, index) => ({ index, ...slide }));
  /** Opens slide k of the deck (0-based, clamped), its entrance animated, its view as saved (again, if it shows); returns its index, or -1 without a deck. */
  api.goTo = (k) => {
    const count = deckSlides().length;
    if (!count) return -1;
    if (!Number.isInteger(k)) throw new TypeError('descent.goTo expects a whole number, the slide\'s place in the deck from 0');
    const index = Math.max(0, Math.min(count - 1, k));
    enter(() => set({ slide: index + 1 }));
    return index;
  };
  /** The next slide of the deck (on the last, nothing changes). */
  api.next = () => {
    const at = deckIndex();
    return at >= 0 && at === deckSlides().length - 1 ? at : api.goTo(at + 1);
  };
  /** Adds the current view as the deck's last slide (`{ title, caption }`, both optional); returns its index. */
  api.addSlide = ({ title = '', caption = '' } = {}) => {
    const v = view();
    const fresh = deckIndex() < 0;
    editDeck('add', 0, 0, String(title || (fresh && v.scene?.title) || ''), String(caption || (fresh && v.scene?.caption) || ''));
    return deckIndex();
  };
  /** Renames slide k and rewrites its caption (`{ title, caption }`, each optional). */
  api.editSlide = (k, { title, caption } = {}) => {
    const slide = api.deck()[k];
    if (!slide) throw new RangeError(`descent.editSlide: there is no slide ${k} (the deck has ${deckSlides().length}, counted from 0)`);
    editDeck('words', k, 0, String(title ?? slide.title), String(caption ?? slide.caption));
  };
  /** Moves slide k to place `to`. */
  api.moveSlide = (k, to) => editDeck('move', k, to);
  /** Removes slide k. */
  api.removeSlide = (k) => editDeck('remove', k);
  /** The deck as a file's text (title:, caption: and view: lines per slide). */
  api.deckText = () => app.deck_text();
  /** Opens a deck from a file's text at its first slide; returns `{ count, warnings }`, throws when it holds no slide. */
  api.openDeck = (text) => {
    const read = JSON.parse(readDeck(String(text)));
    if (read.error) throw new Error(read.error);
    set({ deck: read.value });
    api.goTo(0);
    return { count: read.count, warnings: read.warnings };
  };
  /** Pins a note, a label with an arrow, to (b0, b1) on the contour plot of this view. */
  api.addNote = (b0, b1, label) => {
    const notes = state().notes.map((n) => `${n.at[0]},${n.at[1]},${n.label}`);
    notes.push(`${+(+b0).toPrecision(4)},${+(+b1).toPrecision(4)},${String(label).replace(/;/g, ',')}`);
    set({ notes: notes.join(';') });
  };
  /** The previous slide of the deck (on the first, nothing changes). */
  api.previous = () => (deckIndex() === 0 ? 0 : api.goTo(Math.max(0, deckIndex() - 1)));
  /** The built-in challenges: `[{ id, section, task }]`. */
  api.challenges = () => JSON.parse(challengesJson());
  /** The challenge on screen: `{ id, section, task, met, why, hint, hintsShown }` (`why` once met, `hint` once shown), or null. */
  api.challengeState = () => {
    const c = view().challenge;
    if (!c) return null;
    return { id: c.key, section: c.section, task: c.task, met: c.met, why: c.met ? c.why : null, hint: hintsShown ? c.hint : null, hintsShown };
  };
  /** Which wasm build runs: 'simd' or 'scalar' (chosen by what the browser can run). */
  api.module = SIMD ? 'simd' : 'scalar';
  /** Frame times so far: the last (up to) 600 frames' work, in ms, oldest first, and how many frames ran. */
  api.frameTimes = () => {
    const { times, count } = frameWork;
    const n = Math.min(count, times.length);
    const out = [];
    for (let k = count - n; k < count; k++) out.push(times[k % times.length]);
    return { times: out, frames: count };
  };
  function tick(now) {
    looping = false;
    // A panic anywhere in the module (this instance's or another's) leaves
    // its state unknown: stop here rather than draw from it.
    if (globalThis.__descentPanic) stop();
    if (stopped || destroyed || !visible) return;
    const elapsed = now - last;
    last = now;
    try {
      if (app.running()) app.advance(elapsed);
      if (app.render()) {
        const s = state();
        if (s.step !== shownStep) {
          shownStep = s.step;
          showStatus(s);
          stepped(s);
        } else {
          showLegends(view());
        }
      }
    } catch (error) {
      if (globalThis.__descentPanic || error instanceof WebAssembly.RuntimeError) {
        stop(error);
        return;
      }
      console.error(error);
    }
    loop();
  }
  function loop() {
    looping = true;
    last = performance.now();
    frameId = requestAnimationFrame(frame);
  }

  let destroyed = false;
  /** Removes this instance: its listeners, timers, observers, canvases and module memory. */
  api.destroy = () => {
    if (destroyed) return;
    destroyed = true;
    cancelAnimationFrame(frameId);
    lifetime.abort();
    resizer.disconnect();
    plotResizer.disconnect();
    viewer.disconnect();
    banner.disconnect();
    channel?.close();
    for (const t of timers) clearTimeout(t);
    timers.clear();
    for (const set of handlers.values()) set.clear();
    instances.delete(api);
    try { app.free(); } catch { /* already freed after a panic */ }
    element.replaceChildren();
    element.classList.remove('descent', 'embedded', 'fill', 'data-2d', 'big', 'mid', 'short', 'shorter', 'cramped', 'tall');
    for (const key of ['layout', 'theme', 'visible', 'stopped']) delete element.dataset[key];
  };
  /**
   * Calls `handler(data)` on each `ready`, `step` (at most ten a second),
   * `diverged` or `resize`; returns a function that stops it. A `ready`
   * handler added after the instance is ready is called at once.
   */
  api.on = (name, handler) => {
    if (!handlers.has(name)) throw new Error(`descent.on: ${name} is not an event (choose ${EVENTS.join(', ')})`);
    if (typeof handler !== 'function') throw new TypeError('descent.on: the handler must be a function');
    handlers.get(name).add(handler);
    if (name === 'ready') queueMicrotask(() => { if (!destroyed) handler(news(state())); });
    return () => handlers.get(name).delete(handler);
  };

  instances.add(api);
  // The layout was set while the element was empty; the resize observer
  // keeps it from here on.
  if (layout) showControls(state());
  refresh(true);
  loop();
  return api;
}
