// The offline copies: one file that runs from disk with no request, and
// the dist/ folder, which says what to do when opened from disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { start } from './helpers.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('the single-file build runs from file:// and makes no request', async () => {
  // From the build npm test has just made (www/pkg).
  execFileSync('node', ['scripts/bundle.mjs'], { cwd: ROOT, stdio: 'pipe' });
  const file = pathToFileURL(`${ROOT}dist/descent.html`).href;
  const env = await start();
  try {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const requests = [];
    const problems = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    // Anything but the file itself would fail offline: refuse it, and count it.
    await page.route('**/*', (route) => (route.request().url().split('?')[0] === file ? route.continue() : route.abort()));
    await page.goto(`${file}?dataset=cancer&standardize=true&lr=2`);
    await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 20000 });
    assert.equal(await page.evaluate(() => document.body.dataset.ready), '1');
    const s = await page.evaluate(() => window.descent.step(30));
    assert.equal(s.step, 30);
    assert.ok(s.loss < 0.35, `the run descends: loss ${s.loss}`);
    await page.click('#play');
    await page.waitForFunction(() => window.descent.state().step > 32);
    const drawn = await page.evaluate(() => {
      const c = document.getElementById('surface');
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      return new Set(Array.from({ length: 200 }, (_, i) => data[(i * 997 * 4) % data.length])).size;
    });
    assert.ok(drawn > 5, 'the contour plot is drawn');
    // A downloaded deck file opens here too, offline.
    const deckFile = join(mkdtempSync(join(tmpdir(), 'descent-')), 'lecture.txt');
    writeFileSync(deckFile, 'descent deck\n\ntitle: Mine\ncaption: Too large.\nview: dataset=cancer&lr=5\n\nview: scene=trace\n');
    await page.click('#deck-edit');
    await page.setInputFiles('#deck-file', deckFile);
    await page.waitForFunction(() => window.descent.deck().length === 2);
    assert.deepEqual(await page.evaluate(() => [window.descent.state().page.slide, window.descent.state().lr]), [0, 5]);
    assert.match(await page.textContent('#scene-banner'), /Mine\. Too large\./);
    assert.deepEqual(requests.filter((url) => url.split('?')[0] !== file && !url.startsWith('data:')), []);
    assert.deepEqual(problems, []);
    await page.close();
    // dist/ is for a web server; opened from disk it says so, in words.
    assert.ok(existsSync(`${ROOT}dist/index.html`) && readdirSync(`${ROOT}dist/www/pkg`).some((f) => /^descent_bg\.[0-9a-f]{10}\.wasm$/.test(f)));
    const served = await env.browser.newPage();
    await served.goto(pathToFileURL(`${ROOT}dist/index.html`).href);
    await served.waitForFunction(() => document.body.dataset.ready === 'failed', null, { timeout: 10000 });
    assert.match(await served.textContent('#app'), /opened from disk.*Open descent\.html \(the single-file build/);
    await served.close();
  } finally {
    await env.close();
  }
});
