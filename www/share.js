// Share, embed, download: a link to this view, an <iframe> for a course
// page, the plots as PNG and the runs as CSV, in one dialog; and saving a
// file, which the deck uses too.
import { fullViewLink, here, readable } from './address.js';
import { escape, put } from './dom.js';

/** How long a saved file's object URL is kept, in ms. */
const KEEP_URL_MS = 10000;

/** Saves a blob as a file named `name`. */
export function save(ctx, blob, name) {
  const a = ctx.doc.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  ctx.doc.body.append(a);
  a.click();
  a.remove();
  ctx.later(() => URL.revokeObjectURL(a.href), KEEP_URL_MS);
}

/** Puts the canvases side by side on white: the first on the left, the others stacked on its right. */
function composite(doc, [first, ...rest]) {
  const right = rest.reduce((w, c) => Math.max(w, c.width), 0);
  const out = doc.createElement('canvas');
  out.width = first.width + right;
  out.height = Math.max(first.height, rest.reduce((h, c) => h + c.height, 0));
  const g = out.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, out.width, out.height);
  g.drawImage(first, 0, 0);
  let y = 0;
  for (const c of rest) { g.drawImage(c, first.width, y); y += c.height; }
  return out;
}

/**
 * The plots as PNG at `ratio` device pixels per CSS pixel (2: twice their
 * size on screen, for slides): one plot, or `all` three side by side on
 * white.
 */
async function png(ctx, which = 'all', ratio = 2) {
  const { $, app, call } = ctx;
  const names = { surface: 'contour', trace: 'trace', data: 'data' };
  if (which !== 'all' && !names[which]) throw new Error(`descent.png: ${which} is not a plot (choose surface, trace, data or all)`);
  call(() => app.set_export_ratio(ratio));
  try {
    call(() => app.render());
    const canvases = (which === 'all' ? ['surface', 'trace', 'data'] : [which])
      .map((id) => (id === 'surface' && ctx.view().view === '3d' ? $('surface3d') : $(id)))
      .filter((c) => c.width > 1 && c.offsetParent !== null);
    if (canvases.length === 0) throw new Error(`the ${names[which]} plot is not shown in this layout`);
    const out = which === 'all' ? composite(ctx.doc, canvases) : canvases[0];
    return await new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('the picture could not be made'))), 'image/png'));
  } finally {
    call(() => app.set_export_ratio(0));
    call(() => app.render());
  }
}

/** The <iframe> for a course page, of the size and controls chosen in the dialog. */
function embedCode(ctx) {
  const { $ } = ctx;
  const [w, h] = $('embed-size').value.split('x');
  const params = new URLSearchParams(ctx.app.query());
  for (const key of ['embed', 'controls', 'lock']) params.delete(key);
  params.set('embed', '1');
  const controls = $('embed-controls').value.replace(/\s+/g, '');
  if (controls) params.set('controls', controls);
  const src = `${here()}?${readable(params)}`;
  return `<iframe src="${escape(src)}" width="${w}" height="${h}" style="border:0;max-width:100%" `
    + 'title="descent: gradient descent on a logistic-regression loss" loading="lazy" allow="fullscreen; clipboard-write"></iframe>';
}

/** Installs the dialog; offers the API's `png`, `csv`, `python`, `notebook`, `animation` and `link`. */
export function install(ctx) {
  const { $, listen, call, app } = ctx;
  const dialog = $('share-dialog');
  const say = (text) => put($('share-message'), text);
  async function copy(text, what) {
    try {
      await navigator.clipboard.writeText(text);
      say(`${what} copied.`);
    } catch {
      say(`${what} selected: copy it with Ctrl+C (⌘C).`);
    }
  }
  function openDialog(section) {
    $('share-link').value = fullViewLink(ctx);
    $('embed-code').value = embedCode(ctx);
    // A slide's entrance can be the animation while a slide is on screen.
    $('animation-entrance-box').hidden = (ctx.state().page.slide ?? -1) < 0;
    say('');
    if (!dialog.open) dialog.showModal?.() ?? dialog.setAttribute('open', '');
    dialog.querySelector(`section:nth-of-type(${section})`)?.querySelector('input, select, button')?.focus();
  }
  listen($('share'), 'click', () => openDialog(1));
  listen($('embed'), 'click', () => openDialog(2));
  listen($('export'), 'click', () => openDialog(3));
  listen($('share-close'), 'click', () => dialog.close?.() ?? dialog.removeAttribute('open'));
  listen($('copy-link'), 'click', () => { $('share-link').select(); copy($('share-link').value, 'The link is'); });
  listen($('copy-embed'), 'click', () => { $('embed-code').select(); copy($('embed-code').value, 'The embed code is'); });
  for (const id of ['embed-size', 'embed-controls']) listen($(id), 'input', () => { $('embed-code').value = embedCode(ctx); });
  for (const button of dialog.querySelectorAll('[data-png]')) {
    listen(button, 'click', async () => {
      const which = button.dataset.png;
      try {
        save(ctx, await png(ctx, which), `descent-${which === 'surface' ? 'contour' : which}.png`);
        say('Saved.');
      } catch (error) {
        say(`Not saved: ${error.message}`);
      }
    });
  }
  /** The view as code: `python` or `notebook`, around the port of the model (loaded on first use). */
  async function code(kind) {
    const { default: port } = await import('./pkg/port.js');
    return call(() => app[kind](port));
  }
  for (const [id, text, type, name] of [
    ['download-csv', async () => call(() => app.runs_csv()), 'text/csv', 'descent-runs.csv'],
    ['download-notebook', () => code('notebook'), 'application/x-ipynb+json', 'descent.ipynb'],
    ['download-python', () => code('python'), 'text/x-python', 'descent.py'],
  ]) {
    listen($(id), 'click', async () => {
      try {
        save(ctx, new Blob([await text()], { type }), name);
        say('Saved.');
      } catch (error) {
        say(`Not saved: ${error.message}`);
      }
    });
  }
  /** The animation (a Blob); `progress(done, total)` after each frame. */
  async function makeAnimation(options = {}, progress = () => {}) {
    const { animation } = await import('./animation.js');
    const s = ctx.state();
    return animation(ctx.doc, call(() => app.query()), options, progress, { step: s.step, slide: s.page.slide ?? -1 });
  }
  listen($('download-animation'), 'click', async () => {
    const button = $('download-animation');
    const bar = $('animation-progress');
    const format = $('animation-format').value;
    const entrance = !$('animation-entrance-box').hidden && $('animation-entrance').checked;
    button.disabled = true;
    bar.value = 0;
    bar.hidden = false;
    say('Making the animation…');
    try {
      save(ctx, await makeAnimation({ format, entrance }, (done, total) => { bar.value = done / total; }), `descent${entrance ? '-entrance' : ''}.${format}`);
      say('Saved.');
    } catch (error) {
      say(`Not made: ${error.message}`);
    } finally {
      button.disabled = false;
      bar.hidden = true;
    }
  });
  return {
    animation: makeAnimation,
    png: (which, ratio) => png(ctx, which, ratio),
    csv: () => call(() => app.runs_csv()),
    python: () => code('python'),
    notebook: () => code('notebook'),
    link: () => fullViewLink(ctx),
  };
}
