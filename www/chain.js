// The chain-rule panel beside the data: one row per variable of one
// point's loss, each local derivative, their products against the formula
// and a finite difference, and with `chain=batch` the last batch's points.
import { attr, escape, mark, put, show } from './dom.js';
import { scopeIds } from './template.js';

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
    put(row.querySelector('.local'), n.text.locals);
    put(row.querySelector('.grad'), n.text.grad);
  }
  const [a, b] = c.text.columns;
  put($('chain-d0'), a);
  put($('chain-d1'), b);
  for (const [row, values] of [['chain-backward', c.text.backward], ['chain-analytic', c.text.analytic], ['chain-numeric', c.text.numeric]]) {
    const cells = $(row).querySelectorAll('td');
    put(cells[0], values[0]);
    put(cells[1], values[1]);
  }
  put($('chain-point'), c.text.point);
  put($('chain-note'), c.text.note);
  const batch = c.batch;
  const box = $('chain-batch');
  const key = batch ? JSON.stringify(batch) : '';
  if (box.dataset.key !== key) {
    box.dataset.key = key;
    box.innerHTML = batch ? `<p>${escape(batch.words.intro)}</p>`
      + `<table class="chain-result"><thead><tr><th>point</th><th>x</th><th>y</th><th>${a}</th><th>${b}</th></tr></thead><tbody>`
      + batch.points.slice(0, batch.words.shown).map((p) => `<tr><td>${p.index}</td><td>${p.text.x}</td><td>${p.y}</td><td>${p.text.grad[0]}</td><td>${p.text.grad[1]}</td></tr>`).join('')
      + (batch.words.more ? `<tr><td colspan="5">${escape(batch.words.more)}</td></tr>` : '')
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
