// The class picture on the lecturer's screen, drawn as SVG from the
// server's summary (server/src/questions.rs): the chosen rates as a
// histogram coloured by each answer's fate, with the stability limit; the
// clicks as a heatmap over the window, the truth after a reveal; the starts
// as dots coloured by the minimum they reached; the batch sizes against
// steps per epoch and the noise they give; how many met a challenge. The
// words come with the summary. Clicks and starts are also drawn over the
// contour plot itself (overlay), with every start's path.

const NS = 'http://www.w3.org/2000/svg';
const W = 640;
const H = 300;
const PAD = { left: 48, right: 16, top: 34, bottom: 40 };

/** A fate's colour (the page's run colours): converged sky blue, falling vermillion, oscillating purple, diverged black, local green. */
const FATES = [['converged', '#56b4e9'], ['falling', '#d55e00'], ['oscillating', '#cc79a7'], ['diverged', '#141414'], ['local', '#009e73']];

/** A start's colour: the global minimum sky blue, a local one vermillion, unsettled grey. */
const outcomeColour = (o) => (o === null || o === undefined ? '#969696' : o === 0 ? '#56b4e9' : '#d55e00');

/** An SVG element with attributes and, optionally, text. */
function el(doc, name, attrs = {}, text) {
  const e = doc.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The plotting area's mapping from [lo, hi] to pixels, across or up. */
const across = (lo, hi) => (v) => PAD.left + ((v - lo) / (hi - lo || 1)) * (W - PAD.left - PAD.right);
const up = (lo, hi) => (v) => H - PAD.bottom - ((v - lo) / (hi - lo || 1)) * (H - PAD.top - PAD.bottom);

function axes(doc, svg, xLabel, yLabel) {
  svg.append(el(doc, 'line', { x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom, stroke: '#444' }));
  svg.append(el(doc, 'line', { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom, stroke: '#444' }));
  svg.append(el(doc, 'text', { x: (W + PAD.left) / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis' }, xLabel));
  svg.append(el(doc, 'text', { x: 12, y: (H - PAD.bottom + PAD.top) / 2, 'text-anchor': 'middle', transform: `rotate(-90 12 ${(H - PAD.bottom + PAD.top) / 2})`, class: 'axis' }, yLabel));
}

/** Ticks up the left: 0 and the tallest count. */
function counts(doc, svg, y, tallest) {
  for (const n of [0, tallest]) {
    svg.append(el(doc, 'text', { x: PAD.left - 6, y: y(n) + 4, 'text-anchor': 'end', class: 'tick' }, String(n)));
  }
}

function rate(doc, svg, s) {
  const lo = Math.log10(s.bins[0].from);
  const hi = Math.log10(s.bins[s.bins.length - 1].to);
  const x = across(lo, hi);
  const tallest = Math.max(1, ...s.bins.map((b) => FATES.reduce((n, [f]) => n + b[f], 0)));
  const y = up(0, tallest);
  for (const b of s.bins) {
    let base = 0;
    for (const [fate, colour] of FATES) {
      if (!b[fate]) continue;
      const x0 = x(Math.log10(b.from)) + 1;
      const x1 = x(Math.log10(b.to)) - 1;
      svg.append(el(doc, 'rect', { x: x0, y: y(base + b[fate]), width: Math.max(1, x1 - x0), height: y(base) - y(base + b[fate]), fill: colour, 'data-fate': fate }));
      base += b[fate];
    }
  }
  for (let e = Math.ceil(lo); e <= hi; e++) {
    svg.append(el(doc, 'text', { x: x(e), y: H - PAD.bottom + 16, 'text-anchor': 'middle', class: 'tick' }, `1e${e}`));
  }
  if (s.marks) {
    const at = x(Math.log10(s.marks.lrMax));
    svg.append(el(doc, 'line', { x1: at, y1: PAD.top, x2: at, y2: H - PAD.bottom, stroke: '#d55e00', 'stroke-dasharray': '6 4', 'stroke-width': 2 }));
    svg.append(el(doc, 'text', { x: at + 4, y: PAD.top + 12, class: 'limit' }, '2/λmax'));
  }
  counts(doc, svg, y, tallest);
  axes(doc, svg, 'learning rate η (log scale)', 'answers');
  // The key in a row above the bars, where no bar reaches.
  const key = el(doc, 'g', { class: 'key' });
  FATES.forEach(([fate, colour], k) => {
    const x0 = PAD.left + k * 118;
    key.append(el(doc, 'rect', { x: x0, y: 8, width: 10, height: 10, fill: colour }));
    key.append(el(doc, 'text', { x: x0 + 14, y: 17, class: 'tick' }, `${fate} ${s.fates[fate] ?? 0}`));
  });
  svg.append(key);
}

/** The window's ends along both axes. */
function windowTicks(doc, svg, [[a0, a1], [b0, b1]]) {
  const f = (v) => String(Number(v.toPrecision(3)));
  svg.append(el(doc, 'text', { x: PAD.left, y: H - PAD.bottom + 16, 'text-anchor': 'start', class: 'tick' }, f(a0)));
  svg.append(el(doc, 'text', { x: W - PAD.right, y: H - PAD.bottom + 16, 'text-anchor': 'end', class: 'tick' }, f(a1)));
  svg.append(el(doc, 'text', { x: PAD.left - 6, y: H - PAD.bottom, 'text-anchor': 'end', class: 'tick' }, f(b0)));
  svg.append(el(doc, 'text', { x: PAD.left - 6, y: PAD.top + 10, 'text-anchor': 'end', class: 'tick' }, f(b1)));
}

function point(doc, svg, s) {
  const [[a0, a1], [b0, b1]] = s.window;
  const x = across(a0, a1);
  const y = up(b0, b1);
  const most = Math.max(1, ...s.counts);
  const cw = (W - PAD.left - PAD.right) / s.size;
  const ch = (H - PAD.top - PAD.bottom) / s.size;
  s.counts.forEach((n, k) => {
    if (!n) return;
    const i = k % s.size;
    const j = Math.floor(k / s.size);
    svg.append(el(doc, 'rect', { x: PAD.left + i * cw, y: H - PAD.bottom - (j + 1) * ch, width: cw, height: ch, fill: '#d55e00', 'fill-opacity': 0.15 + 0.85 * (n / most), 'data-count': n }));
  });
  if (s.truth) {
    svg.append(el(doc, 'text', { x: x(s.truth[0]), y: y(s.truth[1]) + 7, 'text-anchor': 'middle', class: 'truth' }, '✕'));
  }
  windowTicks(doc, svg, s.window);
  axes(doc, svg, 'first parameter (as on the contour plot)', 'second');
}

function start(doc, svg, s) {
  const [[a0, a1], [b0, b1]] = s.window;
  const x = across(a0, a1);
  const y = up(b0, b1);
  for (const p of s.starts) {
    svg.append(el(doc, 'circle', { cx: x(p.b0), cy: y(p.b1), r: 5, fill: outcomeColour(p.outcome), stroke: '#fff', 'data-outcome': p.outcome ?? 'none' }));
  }
  for (const m of s.tally) {
    svg.append(el(doc, 'text', { x: x(m.theta[0]), y: y(m.theta[1]) + 7, 'text-anchor': 'middle', class: 'truth' }, m.global ? '✕' : '+'));
  }
  windowTicks(doc, svg, s.window);
  axes(doc, svg, 'first parameter (as on the contour plot)', 'second');
}

function batch(doc, svg, s) {
  const x = across(0, Math.log10(s.n));
  const most = Math.max(1, ...s.bins.map((b) => b.count));
  const y = up(0, most);
  for (const b of s.bins) {
    const at = x(Math.log10(b.batch));
    svg.append(el(doc, 'rect', { x: at - 6, y: y(b.count), width: 12, height: y(0) - y(b.count), fill: '#56b4e9', 'data-batch': b.batch }));
    svg.append(el(doc, 'text', { x: at, y: y(b.count) - 4, 'text-anchor': 'middle', class: 'tick' }, `${b.stepsPerEpoch}`));
  }
  for (const b of [1, 10, 100, 1000].filter((v) => v <= s.n)) {
    svg.append(el(doc, 'text', { x: x(Math.log10(b)), y: H - PAD.bottom + 16, 'text-anchor': 'middle', class: 'tick' }, String(b)));
  }
  // The noise each size gives a step's gradient, on its own scale up the right: a line through the chosen sizes.
  const loudest = Math.max(...s.bins.map((b) => b.noise));
  if (loudest > 0) {
    const z = up(0, loudest);
    const at = s.bins.map((b) => `${x(Math.log10(b.batch))},${z(b.noise)}`);
    svg.append(el(doc, 'polyline', { points: at.join(' '), fill: 'none', stroke: '#141414', 'stroke-width': 2, 'stroke-dasharray': '5 3' }));
    for (const b of s.bins) svg.append(el(doc, 'circle', { cx: x(Math.log10(b.batch)), cy: z(b.noise), r: 4, fill: '#141414', 'data-noise': b.noise }));
    svg.append(el(doc, 'text', { x: W - PAD.right, y: PAD.top - 12, 'text-anchor': 'end', class: 'tick' }, '- - ● noise of a step\'s gradient (right scale, 0 at the bottom)'));
  }
  counts(doc, svg, y, most);
  axes(doc, svg, 'batch size (log scale); over each bar, steps an epoch', 'answers');
}

function challenge(doc, svg, s) {
  svg.append(el(doc, 'text', { x: W / 2, y: H / 2 - 20, 'text-anchor': 'middle', class: 'big' }, `${s.met} / ${s.of}`));
  // How fast: a dot for each who met it, at the seconds it took.
  const times = s.seconds ?? [];
  if (!times.length) return;
  const slowest = Math.max(1, ...times);
  const x = across(0, slowest);
  const at = H - PAD.bottom;
  svg.append(el(doc, 'line', { x1: PAD.left, y1: at, x2: W - PAD.right, y2: at, stroke: '#444' }));
  times.forEach((t, k) => svg.append(el(doc, 'circle', { cx: x(t), cy: at - 8 - (k % 4) * 9, r: 4, fill: '#009e73', 'data-seconds': t })));
  for (const [t, anchor] of [[0, 'start'], [slowest, 'end']]) {
    svg.append(el(doc, 'text', { x: x(t), y: at + 16, 'text-anchor': anchor, class: 'tick' }, `${Number(t.toPrecision(2))} s`));
  }
  svg.append(el(doc, 'text', { x: (W + PAD.left) / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis' }, 'seconds from the question to meeting it, one dot each'));
}

/** What the overlay last drew, by canvas, so a frame that changes nothing of it costs nothing. */
const drawnOver = new WeakMap();

/**
 * Draws a point question's clicks (a heatmap, and the answer after the
 * reveal) or a start question's starts with their paths, faintly, over the
 * contour plot `canvas` whose window is `window` (`[[b0 from, to], [b1
 * from, to]]`), where the class sees the surface itself; removes them for
 * any other picture (or none). Returns whether it is drawn.
 */
export function overlay(canvas, s, window) {
  const box = canvas.parentElement;
  const plot = canvas.dataset.plot;
  const shown = s && (s.kind === 'point' || s.kind === 'start') && !canvas.hidden && plot && window;
  const key = shown ? `${plot} ${canvas.offsetLeft} ${canvas.offsetTop} ${window.flat().join()}` : '';
  const last = drawnOver.get(canvas);
  if (last && last.s === s && last.key === key) return Boolean(shown);
  drawnOver.set(canvas, { s, key });
  let svg = box.querySelector(':scope > svg.class-overlay');
  if (!shown) {
    svg?.remove();
    return false;
  }
  const doc = canvas.ownerDocument;
  const [left, top, right, bottom] = plot.split(',').map(Number);
  const [w, h] = [right - left, bottom - top];
  if (!svg) {
    svg = el(doc, 'svg', { class: 'class-overlay', 'aria-hidden': 'true' });
    box.append(svg);
  }
  Object.assign(svg.style, { left: `${canvas.offsetLeft + left}px`, top: `${canvas.offsetTop + top}px`, width: `${w}px`, height: `${h}px` });
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  const [[a0, a1], [c0, c1]] = window;
  const x = (v) => ((v - a0) / (a1 - a0)) * w;
  const y = (v) => h - ((v - c0) / (c1 - c0)) * h;
  const parts = [];
  const cross = (at, mark) => parts.push(el(doc, 'text', { x: x(at[0]), y: y(at[1]) + 8, 'text-anchor': 'middle', class: 'truth' }, mark));
  if (s.kind === 'point') {
    const [[p0, p1], [q0, q1]] = s.window;
    const most = Math.max(1, ...s.counts);
    s.counts.forEach((n, k) => {
      if (!n) return;
      const [i, j] = [k % s.size, Math.floor(k / s.size)];
      const [xa, xb] = [x(p0 + ((p1 - p0) * i) / s.size), x(p0 + ((p1 - p0) * (i + 1)) / s.size)];
      const [ya, yb] = [y(q0 + ((q1 - q0) * (j + 1)) / s.size), y(q0 + ((q1 - q0) * j) / s.size)];
      parts.push(el(doc, 'rect', { x: xa, y: ya, width: xb - xa, height: yb - ya, fill: '#d55e00', 'fill-opacity': 0.3 + 0.6 * (n / most), stroke: '#fff', 'stroke-opacity': 0.6, 'data-count': n }));
    });
    if (s.truth) cross(s.truth, '✕');
  } else {
    for (const p of s.starts) {
      if (!p.path) continue;
      const points = p.path.map(([b0, b1]) => `${x(b0).toFixed(1)},${y(b1).toFixed(1)}`).join(' ');
      parts.push(el(doc, 'polyline', { points, fill: 'none', stroke: outcomeColour(p.outcome), 'stroke-width': 1.5, 'stroke-opacity': 0.55 }));
    }
    for (const p of s.starts) {
      parts.push(el(doc, 'circle', { cx: x(p.b0), cy: y(p.b1), r: 3.5, fill: outcomeColour(p.outcome), stroke: '#fff', 'stroke-width': 1, 'data-outcome': p.outcome ?? 'none' }));
    }
    for (const m of s.tally) cross(m.theta, m.global ? '✕' : '+');
  }
  svg.replaceChildren(...parts);
  return true;
}

/** Draws the summary `s` in `box` (an element), with its words; nothing while there is none. */
export function draw(box, s) {
  const doc = box.ownerDocument;
  if (!s) {
    box.replaceChildren();
    return;
  }
  const svg = el(doc, 'svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': s.words, class: `class-picture kind-${s.kind}` });
  ({ rate, point, start, batch, challenge })[s.kind]?.(doc, svg, s);
  const words = doc.createElement('p');
  words.className = 'class-words';
  words.textContent = s.words;
  box.replaceChildren(svg, words);
}
