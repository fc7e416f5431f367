// The controls built from the settings table: kept in line with the
// settings, each sending its value through `set` as a page script would;
// the rows of runs 2 to 6; the buttons that play, step and reset; which
// controls show (controls=), the theme, and the control a scene asks for.
import { fullViewLink } from './address.js';
import { attr, escape, mark, put, show } from './dom.js';
import { LAYOUT_CONTROLS } from './layout.js';
import { scopeIds } from './template.js';
import { sliderValue } from './wasm.js';

/** How long a spotlit control stays lit, in ms. */
const SPOTLIGHT_MS = 2500;

/** Puts one control in line with the view, unless it is being typed in. */
function syncControl(ctx, row, shown, all) {
  const el = ctx.$(row.id);
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
  } else if ((all || ctx.doc.activeElement !== el) && el.value !== value) {
    el.value = value;
  }
  if (shown.text !== undefined) {
    put(ctx.$(`${row.id}-value`), shown.text);
    attr(el, 'aria-valuetext', `${row.label} ${shown.text}`);
  }
}

/** Ticks under the learning-rate slider at the stability limits. */
function showMarks(ctx, shown) {
  const marks = ctx.$('lr-marks');
  const key = JSON.stringify([shown.min, shown.max, shown.marks]);
  if (marks.dataset.key === key) return;
  marks.dataset.key = key;
  const span = Number(shown.max) - Number(shown.min);
  marks.replaceChildren(...(shown.marks ?? []).map((m) => {
    const tick = ctx.doc.createElement('span');
    tick.className = `mark ${m.kind}`;
    const at = Math.min(1, Math.max(0, (m.at - shown.min) / span));
    // The thumb's centre travels from half a thumb in to half a thumb from the end.
    tick.style.left = `calc(${(at * 100).toFixed(2)}% + ${(8 - 16 * at).toFixed(1)}px)`;
    tick.title = m.label;
    tick.dataset.at = String(m.at);
    // Named under the tick where the line explaining the marks is away (presenting).
    const name = ctx.doc.createElement('span');
    name.className = 'mark-label';
    name.textContent = m.label;
    tick.append(name);
    return tick;
  }));
}

/** The markup of the rows of runs 2 to `count`, offering `options` ([key, name] each). */
function runRowsHtml(count, options) {
  const menu = options.map(([value, text]) => `<option value="${value}">${escape(text)}</option>`).join('');
  return Array.from({ length: count - 1 }, (_, i) => {
    const k = i + 2;
    return `<div class="run-row" id="run-${k}">
      <span class="swatch">${k}</span>
      <select id="run-${k}-optimizer" aria-label="Optimizer of run ${k}">${menu}</select>
      <input type="range" id="run-${k}-lr" step="0.01" aria-label="Learning rate of run ${k}">
      <output id="run-${k}-lr-value" for="run-${k}-lr"></output>
      <button type="button" class="remove" id="run-${k}-remove" aria-label="Remove run ${k}" title="Remove run ${k}">×</button>
    </div>`;
  }).join('');
}

/** The rows of runs 2 to 6, rebuilt when their number changes. */
function showRunRows(ctx, s, v) {
  const { $, element } = ctx;
  const rows = $('run-rows');
  const { options, canAdd, rows: shown } = v.runRows;
  const count = shown.length + 1;
  if (rows.childElementCount !== count - 1) {
    rows.innerHTML = runRowsHtml(count, options);
    scopeIds(rows, ctx.prefix);
  }
  // Colours through the CSSOM: a style attribute in markup breaks a strict
  // Content-Security-Policy (style-src 'self').
  rows.querySelectorAll('.run-row .swatch').forEach((swatch, i) => {
    const colour = v.runs[i + 1]?.colour;
    if (colour && swatch.dataset.colour !== colour) {
      swatch.dataset.colour = colour;
      swatch.style.background = colour;
    }
  });
  shown.forEach((row, i) => {
    const k = i + 2;
    $(`run-${k}-optimizer`).value = row.optimizer;
    const slider = $(`run-${k}-lr`);
    slider.min = row.min;
    slider.max = row.max;
    slider.value = row.value;
    // The rate, and under it the batch size when the run has its own.
    put($(`run-${k}-lr-value`), row.text);
  });
  const several = s.runs.length > 1 && s.restarts === 0;
  show(rows, s.restarts === 0);
  show(element.querySelector('.run-buttons'), s.restarts === 0);
  mark(element.querySelector('.group-runs'), 'several', several);
  $('add-run').disabled = !canAdd;
  $('single-run').hidden = !several;
  $('trio').disabled = !s.stability;
}

/**
 * Shows the controls `controls=` names (or the layout's own choice),
 * the theme, and in an embed the link to the full view.
 */
function showControls(ctx, s) {
  const { $, element, layout } = ctx;
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
    if (ctx.page || s.page.embed) {
      for (const theme of ['light', 'dark', 'projector']) ctx.doc.body.classList.toggle(`theme-${theme}`, theme === s.page.theme);
    }
  }
  const link = $('full-view');
  show(link, s.page.embed);
  mark(element, 'embedded', s.page.embed);
  if (s.page.embed) attr(link, 'href', fullViewLink(ctx));
}

/**
 * Puts every control in line with the settings; a field being typed in is
 * left alone unless `all` (after a refused value, which it must undo).
 */
function syncControls(ctx, s, v, all) {
  const { $ } = ctx;
  for (const row of ctx.table) syncControl(ctx, row, v.controls[row.key], all);
  showMarks(ctx, v.controls.lr);
  put($('stability'), v.stability);
  put($('optimizer-description'), v.optimizerDescription);
  put($('optimizer-formula'), v.optimizerFormula);
  put($('schedule-formula'), v.scheduleFormula);
  showRunRows(ctx, s, v);
  showControls(ctx, s);
}

/** Brings the control with id `id` into view and lights it up for a moment. */
function spotlight(ctx, id, block = 'nearest') {
  const control = id && ctx.$(id)?.closest('label');
  if (!control || control.closest('[hidden]')) return;
  control.scrollIntoView({ block });
  control.classList.add('spotlight');
  ctx.later(() => control.classList.remove('spotlight'), SPOTLIGHT_MS);
}

/** The value a control gives, as its setting takes it (a slider's from Rust, which knows its scale). */
function controlValue(row, el) {
  const { type } = row.control;
  if (type === 'check') return row.key === 'path' ? (el.checked ? 'live' : 'play') : el.checked;
  if (type === 'slider') return sliderValue(row.key, Number(el.value));
  return el.value;
}

/** The rows of runs 2 to 6: their rate, optimizer and remove buttons, and the buttons under them. */
function installRuns(ctx) {
  const { $, listen, guard, set, state } = ctx;
  /** An edit of the runs, made in Rust: `what` of run `k` (from 1) with `value`. */
  const edit = (what, k = 0, value = '') => ctx.change(() => ctx.app.edit_runs(what, k, String(value)));
  const run = (event, control) => Number(event.target.closest(`[id$="-${control}"]`)?.id.match(/run-(\d)-/)?.[1] ?? 0);
  listen($('run-rows'), 'input', guard((event) => {
    const k = run(event, 'lr');
    if (k) edit('rate', k, event.target.value);
  }));
  listen($('run-rows'), 'change', guard((event) => {
    const k = run(event, 'optimizer');
    if (k) edit('optimizer', k, event.target.value);
  }));
  listen($('run-rows'), 'click', guard((event) => {
    const k = run(event, 'remove');
    if (k) edit('remove', k);
  }));
  listen($('trio'), 'click', guard(() => set({ runs: 'trio' })));
  listen($('new-sample'), 'click', guard(() => set({ sample: state().sample + 1 })));
  listen($('single-run'), 'click', guard(() => set({ runs: '' })));
  listen($('add-run'), 'click', guard(() => edit('add')));
}

/** Installs the controls; offers `showControls` (after a layout change) and `spotlight`. */
export function install(ctx) {
  const { $, listen, guard, element } = ctx;
  ctx.hook('sync', (s, v, all) => syncControls(ctx, s, v, all));
  // A scene that asks for a control brings it into view (the controls
  // column scrolls on a laptop) and lights it up for a moment; presenting,
  // that control sits in the bottom row, beside Play.
  let shownScene = null;
  ctx.hook('show', (s, v) => {
    if ((v.scene?.key ?? null) === shownScene) return;
    shownScene = v.scene?.key ?? null;
    for (const el of element.querySelectorAll('.slide-control')) el.classList.remove('slide-control');
    if (v.scene?.focus) $(v.scene.focus)?.closest('label')?.classList.add('slide-control');
    if (ctx.layout === 'wide' && !ctx.plotsOnly()) spotlight(ctx, v.scene?.focus);
  });
  // Controls: every one goes through set, like a page script would.
  for (const row of ctx.table) {
    const el = $(row.id);
    const event = row.control.type === 'slider' ? 'input' : 'change';
    listen(el, event, guard(() => ctx.set({ [row.key]: controlValue(row, el) })));
  }
  installRuns(ctx);
  listen($('epoch'), 'click', () => ctx.api.stepEpoch());
  listen($('play'), 'click', () => (ctx.app.running() ? ctx.api.pause() : ctx.api.play()));
  listen($('step'), 'click', () => ctx.api.step(1));
  listen($('reset'), 'click', () => ctx.api.reset());
  ctx.parts.controls = {
    showControls: (s = ctx.state()) => showControls(ctx, s),
    spotlight: (id, block) => spotlight(ctx, id, block),
    /** Forgets the scene shown, so its control is brought into view again. */
    again: () => { shownScene = null; },
  };
  return ctx.parts.controls;
}
