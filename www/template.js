// The instance's markup: the controls built from the settings table, the
// plots, the messages and the dialogs, in a few named parts; and the ids
// made unique when a page holds several instances.
import { escape } from './dom.js';

/** The order of the control groups in the column, and their headings. */
const GROUPS = [
  ['playback', null],
  ['runs', 'Runs'],
  ['data', 'Data and batches'],
  ['batches', 'Stochastic gradient descent'],
  ['minima', 'Local minima: restarts and noise'],
  ['view', 'Views'],
];

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
  sound: '<button type="button" id="hear-trace" aria-keyshortcuts="h" title="The first run\'s loss as a rising and falling tone, start to now, in three seconds (h)">Hear the trace</button>',
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

/** The page's markup: notices, the controls, the stage with its plots, and
 * the dialogs. */
export function template(table) {
  return NOTICES + controls(table) + STAGE_TOP + plots(table) + STAGE_END + SHARE_DIALOG + DECK_DIALOG + READING_DIALOGS + CLASS;
}

/** The controls of one group of the settings table, each with what follows it. */
function rows(table, group) {
  return table.filter((row) => row.group === group)
    .map((row) => controlHtml(row) + (AFTER[row.key] ?? '')).join('');
}

/** The controls column: the scene row, the buttons, the groups built from
 * the settings table, the share tools. */
function controls(table) {
  const groups = GROUPS.map(([group, heading]) => `<div class="choices group-${group}" role="group"${heading ? ` aria-label="${heading}"` : ''}>
      ${heading ? `<h2>${heading}</h2>` : ''}${rows(table, group)}</div>`).join('');
  return `
<section class="controls" aria-label="Controls">
  <div class="choices group-scene">${rows(table, 'scene')}<button type="button" id="deck-edit" class="deck-edit" title="Slides for a lecture: add this view, reorder, share, present">Deck…</button></div>
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
    <button type="button" id="show-tables" aria-keyshortcuts="t" title="The plots' data as tables: each run's path and loss, the data's points (t)">Tables</button>
    <button type="button" id="show-keys" aria-keyshortcuts="?" title="Every key the page answers (?)">Keys</button>
    <button type="button" id="class-start" title="A class: students join with a code and answer by doing; their answers on this screen">Start a class</button>
  </div>
</section>`;
}

/** Notices about the address, shown when a setting could not be used. */
const NOTICES = `
<div class="notices" id="notices" role="status" aria-live="polite" hidden>
  <button type="button" class="dismiss" id="dismiss-notices" aria-label="Dismiss these notices">×</button>
  <p>Some settings in the address could not be used:</p>
  <ul id="notice-list"></ul>
</div>`;

/** The stage above the plots: banners, the deck's corner, the status and
 * the messages. */
const STAGE_TOP = `
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
<div class="class-banner" id="class-banner" role="region" aria-label="The class" hidden>
  <strong id="class-title"></strong> <span id="class-prompt"></span>
  <button type="button" id="class-send" hidden>Send my answer</button>
  <button type="button" id="class-go" hidden>To the slider ↓</button>
  <button type="button" id="class-follow"></button>
  <label class="class-nickname">Nickname (optional; only the lecturer sees it) <input type="text" id="class-nickname" maxlength="24" autocomplete="nickname" enterkeyhint="done"></label>
  <span class="help" id="class-note" role="status" aria-live="polite"></span>
</div>
<button type="button" class="challenge-back" id="class-back" hidden>Send my answer ↑</button>
<p class="status" id="status"></p>
<div class="messages">
  <p class="alert" id="alert" role="alert" hidden></p>
  <p class="remark" id="remark"></p>
</div>`;

/** The three plots with their legends (the chain-rule panel, built from
 * the settings table's chain group, shares the trace's figure). The legend
 * entries start as the default view has them (those it leaves out hidden),
 * so the page keeps its layout when the module arrives. */
function plots(table) {
  return `
<div class="plots">
  <figure class="surface-figure">
    <figcaption id="surface-caption"></figcaption>
    <div class="canvas-box">
      <button type="button" class="fullscreen" data-fullscreen title="This plot on the whole screen (Esc to leave)" aria-label="Show this plot on the whole screen"><svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" fill="none" stroke="currentColor" stroke-width="2"/></svg></button>
      <canvas id="surface" tabindex="0" role="img" aria-label="Contour plot of the loss over intercept b0 and slope b1, with the paths of the runs" aria-describedby="surface-description"></canvas>
      <canvas id="surface3d" tabindex="0" role="img" aria-label="The loss surface in 3-D with the paths on it; drag it, or its arrow keys, to turn it" aria-describedby="surface-description" hidden></canvas>
    </div>
    <p class="legend"><span id="path-key"><span class="key path"></span> path</span> <span><span class="key start"></span> start</span>
      <span id="optimum-key"><span class="key optimum">✕</span> minimum of L</span>
      <span id="local-key" hidden><span class="key optimum">+</span> a local minimum</span>
      <span id="batch-min-key" hidden><span class="key batch-min">◆</span> minimum of the last batch's L<sub>k</sub></span>
      <span id="batch-contour-key" hidden><span class="key batch-contour"></span> contours of L<sub>k</sub></span>
      <span><span class="key arrow"></span> −∇L</span>
      <span id="batch-arrow-key" hidden><span class="key arrow batch"></span> −∇L<sub>k</sub> of the last batch</span>
      <span id="fan-key" hidden><span class="key arrow fan"></span> −∇ of random batches</span>
      <span id="trial-key" hidden><span class="key trial"></span> steps the line search tried</span>
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
    <canvas id="trace" role="img" aria-label="Trace plot of the loss against the step number, one line per run" aria-describedby="trace-description"></canvas>
    <div class="chain-panel" id="chain-panel" role="region" aria-label="Derivatives by the chain rule" hidden>
      <div class="chain-head">${rows(table, 'chain')}<span id="chain-point"></span></div>
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
    <p class="legend" id="trace-legend"><span id="run-legend" class="run-legend"></span> <span id="batch-key" hidden><span class="key batch"></span> batch loss L<sub>k</sub></span>
      <span id="epoch-key" hidden><span class="key epoch-end"></span> epoch ends</span>
      <span id="floor-key"><span class="key floor"></span> minimum</span>
      <span id="marks-key" hidden><span class="key mark-change"></span> a setting changed</span></p>
  </figure>
  <figure class="data-figure">
    <button type="button" class="fullscreen" data-fullscreen title="This plot on the whole screen (Esc to leave)" aria-label="Show this plot on the whole screen"><svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" fill="none" stroke="currentColor" stroke-width="2"/></svg></button>
    <figcaption id="data-caption">Data and the fitted curve p(x) = σ(b0 + b1 x)</figcaption>
    <canvas id="data" role="img" aria-label="The data points and the fitted logistic curve of each run" aria-describedby="data-description"></canvas>
    <p class="legend"><span id="class-keys"><span class="key class0"></span> y = 0 &nbsp;<span class="key class1"></span> y = 1</span>
      <span><span class="key full"></span> <span id="fit-key-label">p(x)</span></span> <span id="threshold-key"><span class="key floor"></span> <span id="threshold-key-label">p = 0.5</span></span>
      <span id="shading-key" hidden><span class="key shading"></span> shading: p from 0 to 1</span>
      <span id="batch-points-key" hidden><span class="key ring"></span> this batch</span>
      <span id="batch-fit-key" hidden><span class="key batch-fit"></span> this batch's own fit</span>
      <span id="reshuffle-key" hidden><span class="key reshuffle"></span> colours: the new epoch's batches</span></p>
  </figure>
</div>`;
}

/** The update line, the stage's end, and an embed's link to the full view. */
const STAGE_END = `
<p class="update" id="update" aria-live="off"></p>
<div class="sr-only" id="descriptions">
  <p id="surface-description"></p>
  <p id="trace-description"></p>
  <p id="data-description"></p>
</div>
<p class="sr-only" id="live-description" role="status" aria-live="polite" aria-atomic="true"></p>
</div>
<a class="full-view" id="full-view" target="_blank" rel="noopener" hidden>Open full view ↗</a>`;

/** Share, embed and download. */
const SHARE_DIALOG = `
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
    <div class="row">
      <button type="button" id="download-notebook">Notebook</button>
      <button type="button" id="download-python">Python script</button></div>
    <div class="row">
      <label for="animation-format">Animation of the runs so far</label>
      <select id="animation-format"><option value="gif">GIF</option><option value="webm">Video (WebM)</option><option value="mp4">Video (MP4)</option></select>
      <label class="check" id="animation-entrance-box" hidden><input type="checkbox" id="animation-entrance"> this slide's entrance</label>
      <button type="button" id="download-animation">Make it</button>
      <progress id="animation-progress" max="1" value="0" aria-label="The animation, made so far" hidden></progress></div>
    <p class="help">Pictures are PNG at twice their size on screen, for slides. The CSV has a row per step kept in the trace: run, step, epoch, loss, batch loss, b0, b1 and the learning rate in force. The notebook and the script rebuild these runs in NumPy, draw them, and check their numbers against the ones here. The animation shows the contour plot, 800 x 500, from the start to this step (60 steps from a run not started), with the caption and the step: a GIF plays in any slide program. On a deck's slide it can be the slide's entrance instead.</p></section>
  <p class="help" id="share-message" role="status" aria-live="polite"></p>
</dialog>`;

/** A class: the lecturer's panel (the code, the link and its QR code, the
 * questions, the class picture); the student's banner is in the stage. */
const CLASS = `
<aside class="class-panel" id="class-panel" aria-label="The class" hidden>
  <div class="class-head"><strong>Class <span id="class-code"></span></strong>
    <a id="class-link" target="_blank" rel="noopener"></a>
    <button type="button" id="class-hide" class="dismiss" aria-label="Smaller or larger">▭</button></div>
  <img id="class-qr" alt="QR code of the join link" width="160" height="160">
  <p class="class-count" id="class-count" role="status"></p>
  <details class="help class-names" id="class-names-box" hidden><summary id="class-names-count"></summary><p id="class-names"></p></details>
  <div class="row class-ask">Ask:
    <button type="button" data-ask="rate" id="ask-rate">a rate</button>
    <button type="button" data-ask="point" id="ask-point">a point</button>
    <button type="button" data-ask="start" id="ask-start">a start</button>
    <button type="button" data-ask="batch" id="ask-batch">a batch size</button>
    <button type="button" data-ask="challenge" id="ask-challenge">the challenge</button></div>
  <div class="class-picture-box" id="class-picture"></div>
  <div class="row"><button type="button" id="class-reveal">Reveal</button><button type="button" id="class-csv">Answers as CSV</button><button type="button" id="class-close">End the class</button></div>
  <p class="help" id="class-message" role="status" aria-live="polite"></p>
</aside>`;

/** The keyboard help and the plots' data as tables: filled from the module's words when opened. */
const READING_DIALOGS = `
<dialog class="share-dialog reading-dialog" id="keys-dialog" aria-labelledby="keys-title">
  <div class="dialog-head"><h2 id="keys-title"></h2>
    <button type="button" class="dismiss" id="keys-close" aria-label="Close">×</button></div>
  <div id="keys-list"></div>
</dialog>
<dialog class="share-dialog reading-dialog" id="tables-dialog" aria-labelledby="tables-title">
  <div class="dialog-head"><h2 id="tables-title"></h2>
    <button type="button" class="dismiss" id="tables-close" aria-label="Close">×</button></div>
  <div id="tables-list"></div>
</dialog>`;

/** Making a deck, its notes, and sharing it. */
const DECK_DIALOG = `
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

/** Loads style.css beside this module once, unless the page has it. */
export function ensureStyles(doc) {
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
export function scopeIds(root, prefix) {
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
export function markOwners(root) {
  for (const group of root.querySelectorAll('.controls .choices')) {
    let owner = null;
    for (const el of group.children) {
      if (el.dataset.key) owner = el.dataset.key;
      else if (owner) el.dataset.owner = owner;
    }
  }
}

