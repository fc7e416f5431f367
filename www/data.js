// Your own data: a CSV from a file, a drop or a paste, its columns guessed
// and changeable; a file or columns that are refused leave every control
// showing the data on screen. And points added or removed by clicking the
// data view, or a click on a point to follow its chain rule.
import { escape, put } from './dom.js';

/** The largest file descent reads, in bytes. */
const MAX_FILE = 10 * 1024 * 1024;

/** The data box: a file, a drop or a paste, and the column menus. */
function installCsv(ctx) {
  const { $, listen, element } = ctx;
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
    if (ctx.stopped) return;
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
      columns = JSON.parse(ctx.call(() => ctx.app.csv_columns(text)));
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
      const summary = ctx.api.loadCsv(csvText, chosen);
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
    if (file.size > MAX_FILE) {
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

}

/** A click on a point of the data view opens its chain; in edit mode a
 * click adds a point (shift: class 0) and a click on a point removes it. */
function installPicking(ctx) {
  const { $, call, app } = ctx;
  ctx.listen($('data'), 'pointerdown', ctx.guard((event) => {
    const box = $('data').getBoundingClientRect();
    const [cx, cy] = [event.clientX - box.left, event.clientY - box.top];
    const i = call(() => app.pick_point(cx, cy));
    if ($('edit-data').checked) {
      if (i >= 0) {
        ctx.api.removePoint(i);
      } else {
        const at = call(() => app.data_at(cx, cy));
        if (at.length === 2) ctx.api.addPoint(at[0], ctx.state().data.columns.length > 1 ? at[1] : null, event.shiftKey ? 0 : 1);
      }
      return;
    }
    if (i >= 0) ctx.set({ point: i, panel: 'chain' });
  }));
}

/** Installs the data box and the data view's clicks. */
export function install(ctx) {
  installCsv(ctx);
  installPicking(ctx);
}
