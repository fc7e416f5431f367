// The words of the view on the page: the buttons' state, the status line,
// messages, captions, legends and the update line, each written only when
// it changed; taps that open a text cut short on a phone; the plots' own
// full-screen buttons.
import { attr, mark, put, show, yieldToPage } from './dom.js';

/** Legend entries for what is drawn now. Entries for what is not drawn
 * keep their place, invisible, so the plots never change size. */
function showLegends(ctx, v) {
  const { $ } = ctx;
  for (const [id, on] of Object.entries(v.legend)) {
    const el = $(id);
    if (!el) continue;
    show(el, on !== null);
    mark(el, 'off', on === false);
  }
  const legend = $('run-legend');
  const key = JSON.stringify([v.runs, v.tally]);
  if (legend.dataset.key === key) return;
  legend.dataset.key = key;
  const entry = (colour, dash, words, title) => {
    const item = ctx.doc.createElement('span');
    item.className = 'run';
    const swatch = ctx.doc.createElement('span');
    swatch.className = 'key';
    // Colours through the CSSOM: a style attribute in markup breaks a strict
    // Content-Security-Policy (style-src 'self'). A dashed run's swatch is
    // dashed as its line is (dash and gap from the module).
    swatch.style.borderColor = colour;
    if (dash) {
      const [on, off] = dash;
      swatch.classList.add('dashed');
      swatch.style.backgroundImage = `repeating-linear-gradient(90deg, ${colour} 0 ${on}px, transparent ${on}px ${on + off}px)`;
    }
    item.append(swatch, ` ${words}`);
    if (title) item.title = title;
    return item;
  };
  // Random restarts: a line per minimum reached, in its colour and dash.
  if (v.tally) {
    legend.replaceChildren(...v.tally.map((t) => entry(t.colour, t.dash, t.label)));
    return;
  }
  legend.replaceChildren(...v.runs.map((run) => entry(run.colour, run.dash, run.legend, run.statusText)));
}

/** Play, Step and Epoch: Pause while playing, disabled (saying why) when nothing can play. */
function showButtons(ctx, s, v) {
  const play = ctx.$('play');
  put(play, s.running ? '❚❚ Pause' : '▶ Play');
  attr(play, 'aria-pressed', String(s.running));
  for (const id of ['play', 'step', 'epoch']) {
    const el = ctx.$(id);
    if (el.disabled !== v.canPlay) continue;
    el.disabled = !v.canPlay;
    // A disabled button says why, on hover and to screen readers.
    if (!v.canPlay) el.dataset.title ??= el.title;
    el.title = v.canPlay ? (el.dataset.title ?? el.title)
      : (v.live ? 'The live path shows the first T steps at once: untick “whole path, live” to play step by step'
        : 'Every run has stopped: lower the learning rate and press Reset');
  }
}

/** The status, the messages (an alert, or a remark or tip), the captions and the update line. */
function showWords(ctx, s, v) {
  const { $ } = ctx;
  const refusal = ctx.refusal && performance.now() < ctx.refusal.until ? ctx.refusal.text : null;
  show($('alert'), Boolean(v.alert || refusal));
  put($('alert'), v.alert ?? refusal ?? '');
  put($('remark'), v.remark);
  mark($('remark'), 'tip', v.tip);
  // While presenting, a tip for the person at the keyboard is left out: the lecturer is there.
  show($('remark'), $('alert').hidden && !(ctx.plotsOnly() && v.tip));
  // Cut to a line in a small frame: the whole message on hover.
  for (const id of ['alert', 'remark']) if ($(id).title !== $(id).textContent) $(id).title = $(id).textContent;
  // A narrow box shows the short status; the whole line is a tap (or a hover) away.
  const whole = ctx.layout === 'wide' || $('status').classList.contains('open');
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
  put($('fit-key-label'), v.fitLabel);
  put($('colourbar-low'), v.colourbar[0]);
  put($('colourbar-high'), v.colourbar[1]);
  put($('threshold-key-label'), v.thresholdLabel);
}

/**
 * The words of the page opened with no settings (`v`, baked at build by
 * scripts/table.mjs), shown while the module is on its way; the module's
 * first view writes the same words again.
 */
export function showFirstWords(element, prefix, layout, v) {
  const $ = (id) => element.querySelector(`#${prefix}${id}`);
  showWords({ $, layout, plotsOnly: () => false }, null, v);
}

/** Which plots show, and the layout classes that follow from the view. */
function showPlots(ctx, s, v) {
  const { $, element } = ctx;
  // A scatter of two features needs more height than a curve over one.
  mark(element, 'data-2d', s.model === 'features2');
  show($('surface'), v.view !== '3d');
  show($('surface3d'), v.view !== 'contour');
  // Two views of the surface side by side take a wider column.
  mark(element, 'view-both', v.view === 'both');
  // The plots the view leaves out (plots=) give their room to the others.
  mark(element, 'no-trace', !v.showTrace);
  mark(element, 'no-data', !v.showData);
  show($('scene-banner'), Boolean(v.scene));
  put($('scene-title'), v.scene ? `${v.scene.title}.` : '');
  put($('scene-caption'), v.scene?.caption ?? '');
}

/** The texts a phone cuts short (a tap opens each). */
const CUT_SHORT = ['scene-banner', 'surface-caption', 'alert', 'remark'];

/** On a phone, marks each text cut short as `cut` (it shows a ▾ to tap),
 * measured only when its words changed, and after the next frame is laid
 * out: measured at once, in the middle of a change, the page would be laid
 * out an extra time (at the start, 80 ms of a slow phone's task). */
function markCut(ctx) {
  const changed = (el) => !el.hidden && el.dataset.measured !== el.textContent;
  // Nothing new to measure (a frame while playing): nothing scheduled.
  if (ctx.layout !== 'stack' || ctx.cutPending || !CUT_SHORT.some((id) => changed(ctx.$(id)))) return;
  ctx.cutPending = true;
  ctx.doc.defaultView.requestAnimationFrame(() => yieldToPage().then(() => {
    ctx.cutPending = false;
    if (ctx.stopped || ctx.layout !== 'stack') return;
    for (const el of CUT_SHORT.map((id) => ctx.$(id)).filter(changed)) {
      el.dataset.measured = el.textContent;
      mark(el, 'cut', el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1);
    }
  }));
}

/** On a phone the scene's caption is cut to three lines, the messages to
 * two, a caption to one and the status to its main numbers: a tap opens each. */
function installTaps(ctx) {
  const { $, element, listen } = ctx;
  listen($('scene-banner'), 'click', () => $('scene-banner').classList.toggle('open'));
  $('scene-banner').title = 'Tap to read all of it';
  for (const caption of element.querySelectorAll('figcaption')) {
    listen(caption, 'click', (event) => {
      if (ctx.layout === 'wide' || event.target.closest('button')) return;
      caption.classList.toggle('open');
    });
  }
  for (const id of ['status', 'alert', 'remark']) {
    listen($(id), 'click', () => {
      if (ctx.layout === 'wide') return;
      $(id).classList.toggle('open');
      ctx.show();
    });
  }
}

/** Any plot on the whole screen, and back with Esc. */
function installFullScreen(ctx) {
  const { doc, element, listen } = ctx;
  for (const button of element.querySelectorAll('[data-fullscreen]')) {
    const figure = button.closest('figure');
    if (!doc.fullscreenEnabled) button.hidden = true;
    listen(button, 'click', () => {
      if (doc.fullscreenElement === figure) doc.exitFullscreen();
      else figure.requestFullscreen?.().catch((error) => console.warn('descent: no full screen here:', error.message));
    });
  }
  listen(doc, 'fullscreenchange', () => {
    if (!ctx.stopped) ctx.app.invalidate();
  });
}

/** The notices about bad values in the address, once, dismissable. */
function showNotices(ctx) {
  const { $ } = ctx;
  const notices = ctx.app.notices();
  $('notice-list').replaceChildren(...notices.map((message) => {
    const item = ctx.doc.createElement('li');
    item.textContent = message;
    return item;
  }));
  $('notices').hidden = notices.length === 0;
  ctx.listen($('dismiss-notices'), 'click', () => { $('notices').hidden = true; });
}

/** Installs the view's words on the page. */
export function install(ctx) {
  showNotices(ctx);
  ctx.hook('show', (s, v) => {
    showButtons(ctx, s, v);
    showLegends(ctx, v);
    showWords(ctx, s, v);
    showPlots(ctx, s, v);
    markCut(ctx);
  });
  ctx.hook('drawn', (v) => showLegends(ctx, v));
  installTaps(ctx);
  installFullScreen(ctx);
}
