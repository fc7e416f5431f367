// The class picture on the lecturer's screen, drawn as SVG from the
// server's summary (server/src/questions.rs): the chosen rates as a
// histogram coloured by each answer's fate, with the stability limit; the
// clicks as a heatmap over the window, the truth after a reveal; the starts
// as dots coloured by the minimum they reached; the batch sizes against
// steps per epoch; how many met a challenge. The words come with the summary.

const NS = 'http://www.w3.org/2000/svg';
const W = 640;
const H = 300;
const PAD = { left: 48, right: 16, top: 34, bottom: 40 };

/** A fate's colour (the page's run colours): converged sky blue, falling vermillion, oscillating purple, diverged black, local green. */
const FATES = [['converged', '#56b4e9'], ['falling', '#d55e00'], ['oscillating', '#cc79a7'], ['diverged', '#141414'], ['local', '#009e73']];

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
    svg.append(el(doc, 'text', { x: at + 4, y: PAD.top + 12, class: 'mark' }, '2/λmax'));
  }
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
  axes(doc, svg, 'b0 (across the window)', 'b1');
}

function start(doc, svg, s) {
  const [[a0, a1], [b0, b1]] = s.window;
  const x = across(a0, a1);
  const y = up(b0, b1);
  const colour = (o) => (o === null || o === undefined ? '#969696' : o === 0 ? '#56b4e9' : '#d55e00');
  for (const p of s.starts) {
    svg.append(el(doc, 'circle', { cx: x(p.b0), cy: y(p.b1), r: 5, fill: colour(p.outcome), stroke: '#fff', 'data-outcome': p.outcome ?? 'none' }));
  }
  for (const m of s.tally) {
    svg.append(el(doc, 'text', { x: x(m.theta[0]), y: y(m.theta[1]) + 7, 'text-anchor': 'middle', class: 'truth' }, m.global ? '✕' : '+'));
  }
  axes(doc, svg, 'first parameter', 'second parameter');
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
  axes(doc, svg, 'batch size (log scale); over each bar, steps an epoch', 'answers');
}

function challenge(doc, svg, s) {
  svg.append(el(doc, 'text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'big' }, `${s.met} / ${s.of}`));
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
