// The chain-rule panel beside the data: one row per variable of one
// point's loss, each local derivative, their products against the formula
// and a finite difference, and with `chain=batch` the last batch's points.
import { attr, escape, mark, put, show } from './dom.js';
import { scopeIds } from './template.js';

/** A number for people: `digits` significant digits, an exponent only when tiny or huge. */
function fmt(v, digits = 4) {
  if (v === null || v === undefined) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2).replace('e+', 'e');
  return String(Number(v.toPrecision(digits)));
}

const fmtPair = (p) => `(${fmt(p[0])}, ${fmt(p[1])})`;

/** The chain-rule panel: one row per variable, the products, and with
 * `chain=batch` the batch's points; every number is text. */
function showChain(ctx, c, v) {
  const { $, element, prefix } = ctx;
  const panel = $('chain-panel');
  const open = v.panel === 'chain';
  show(panel, open);
  // The chain's table wants the height the trace plot needs less.
  mark(element, 'chain-open', open);
  show($('trace'), !open);
  show($('trace-legend'), !open);
  for (const [id, on] of [['panel-trace', !open], ['panel-chain', open]]) attr($(id), 'aria-selected', String(on));
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


/** Installs the panel: shown with the view; its tabs switch the panel beside the data. */
export function install(ctx) {
  const { $, listen, guard } = ctx;
  ctx.hook('show', (s, v) => showChain(ctx, s.chain, v));
  listen($('panel-trace'), 'click', guard(() => ctx.set({ panel: 'trace' })));
  listen($('panel-chain'), 'click', guard(() => ctx.set({ panel: 'chain' })));
}
