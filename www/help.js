// Reading the page without seeing it: the keyboard help (?) listing every
// key, and the plots' data as tables (t): each run's path with its loss and
// gradient, and the data's points. Both are filled, when opened, from the
// module's words (view/keys.rs, view/tables.rs), as plain text.
import { keysHelp } from './wasm.js';

/** An element with `text`, built with textContent (never markup). */
function el(doc, tag, text, className) {
  const e = doc.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/** A table with a caption, headers and rows, in a box that scrolls (and takes focus, so keys scroll it). */
function table(doc, { caption, headers, rows }) {
  const box = el(doc, 'div', undefined, 'table-box');
  box.tabIndex = 0;
  const t = el(doc, 'table');
  t.append(el(doc, 'caption', caption));
  const head = el(doc, 'tr');
  for (const h of headers) {
    const th = el(doc, 'th', h);
    th.scope = 'col';
    head.append(th);
  }
  t.append(el(doc, 'thead'));
  t.tHead.append(head);
  const body = el(doc, 'tbody');
  for (const row of rows) {
    const tr = el(doc, 'tr');
    for (const cell of row) tr.append(el(doc, 'td', cell));
    body.append(tr);
  }
  t.append(body);
  box.setAttribute('aria-label', caption);
  box.append(t);
  return box;
}

/** Installs the two dialogs; offers `keys` and `tables` (to open them). */
export function install(ctx) {
  const { $, app, doc, listen } = ctx;
  function keys() {
    const help = JSON.parse(keysHelp());
    $('keys-title').textContent = help.title;
    $('keys-list').replaceChildren(...help.groups.map((group) => table(doc, {
      caption: group.title,
      headers: [],
      rows: group.keys.map((k) => [k.keys, k.what]),
    })));
    for (const th of $('keys-list').querySelectorAll('thead')) th.remove();
    for (const first of $('keys-list').querySelectorAll('tbody td:first-child')) {
      const kbd = el(doc, 'kbd', first.textContent);
      first.replaceChildren(kbd);
    }
    if (!$('keys-dialog').open) $('keys-dialog').showModal();
  }
  function tables() {
    const data = JSON.parse(ctx.call(() => app.tables()));
    $('tables-title').textContent = data.title;
    $('tables-list').replaceChildren(...data.tables.map((t) => table(doc, t)));
    if (!$('tables-dialog').open) $('tables-dialog').showModal();
  }
  listen($('show-keys'), 'click', () => keys());
  listen($('show-tables'), 'click', () => tables());
  listen($('keys-close'), 'click', () => $('keys-dialog').close());
  listen($('tables-close'), 'click', () => $('tables-dialog').close());
  ctx.parts.help = { keys, tables };
  return ctx.parts.help;
}
