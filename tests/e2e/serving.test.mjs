// Serving to a lecture hall: `npm start`'s server compresses (brotli, else
// gzip, by Accept-Encoding), answers 304 to a revalidation, caches
// content-hashed files for good; the bundle's precompressed siblings are
// their files exactly; and the page runs from dist/ as served, and with
// every file sent uncompressed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { serve, encodingFor } from '../../scripts/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from './helpers.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'dist');

/** A GET with `headers`: { status, headers, body }. */
function get(base, path, headers = {}) {
  return new Promise((done, fail) => {
    const r = request(base + path.replace(/^\//, ''), { headers }, (response) => {
      const chunks = [];
      response.on('data', (c) => chunks.push(c));
      response.on('end', () => done({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    r.on('error', fail);
    r.end();
  });
}

/** Every file under `dir`. */
const files = (dir) => readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));

let browser;
before(async () => {
  execFileSync('node', ['scripts/bundle.mjs'], { cwd: ROOT, stdio: 'pipe' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});
after(async () => { await browser?.close(); });

test('the server compresses by Accept-Encoding, sends an ETag and answers 304', async () => {
  assert.equal(encodingFor('gzip, deflate, br'), 'br');
  assert.equal(encodingFor('gzip;q=1, br;q=0'), 'gzip');
  assert.equal(encodingFor('identity'), null);
  assert.equal(encodingFor(''), null);
  const server = await serve(0);
  const base = `http://127.0.0.1:${server.address().port}/`;
  try {
    const wasm = readFileSync(join(ROOT, 'www/pkg/descent_bg.wasm'));
    const br = await get(base, 'www/pkg/descent_bg.wasm', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers['content-type'], 'application/wasm');
    assert.equal(br.headers.vary, 'Accept-Encoding');
    assert.ok(br.body.length < wasm.length / 2, `${br.body.length} bytes for ${wasm.length}`);
    assert.deepEqual(brotliDecompressSync(br.body), wasm);
    const gz = await get(base, 'www/main.js', { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), readFileSync(join(ROOT, 'www/main.js')));
    const plain = await get(base, 'www/main.js');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(Number(plain.headers['content-length']), statSync(join(ROOT, 'www/main.js')).size);
    // Validators: an unchanged file is a 304 with no body.
    assert.match(plain.headers.etag, /^"[\w-]+"$/);
    assert.ok(plain.headers['last-modified']);
    assert.equal(plain.headers['cache-control'], 'no-cache');
    const again = await get(base, 'www/main.js', { 'if-none-match': plain.headers.etag, 'accept-encoding': 'br' });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal((await get(base, 'www/main.js', { 'if-none-match': '"other"' })).status, 200);
  } finally {
    server.close();
  }
});

test('the bundle names its files by content, and each .br and .gz is its file exactly', async () => {
  const all = files(DIST);
  const siblings = all.filter((f) => /\.(br|gz)$/.test(f));
  assert.ok(siblings.length >= 20, `${siblings.length} precompressed files`);
  for (const sibling of siblings) {
    const source = readFileSync(sibling.replace(/\.(br|gz)$/, ''));
    const unpacked = sibling.endsWith('.br') ? brotliDecompressSync(readFileSync(sibling)) : gunzipSync(readFileSync(sibling));
    assert.ok(unpacked.equals(source), `${sibling} unpacks to its file`);
  }
  // Every script, style and module the page loads is content-hashed, and the server caches those for good.
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const named = [...html.matchAll(/(?:href|src)="(www\/[^"]+)"/g)].map((m) => m[1]);
  assert.ok(named.length >= 5, named.join(' '));
  const server = await serve(0, {}, { root: DIST });
  const base = `http://127.0.0.1:${server.address().port}/`;
  try {
    for (const path of named) {
      assert.match(path, /\.[0-9A-Za-z]{8,12}\.(js|css|wasm)$/, `${path} is content-hashed`);
      const answer = await get(base, path, { 'accept-encoding': 'br' });
      assert.equal(answer.status, 200, path);
      assert.equal(answer.headers['cache-control'], 'public, max-age=31536000, immutable', path);
      // The precompressed sibling is what goes out.
      assert.ok(answer.body.equals(readFileSync(join(DIST, `${path}.br`))), `${path}: its .br sent as it is`);
    }
  } finally {
    server.close();
  }
});

/** Opens `base` in Chromium, waits for the first frame; returns { bytes on the wire, problems, encodings }. */
async function firstFrame(base) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  let wire = 0;
  const encodings = {};
  cdp.on('Network.responseReceived', (e) => { encodings[e.response.url.split('/').pop()] = e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? 'identity'; });
  cdp.on('Network.loadingFinished', (e) => { wire += e.encodedDataLength; });
  await page.goto(base);
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 20000 });
  const s = await page.evaluate(() => window.descent.step(20));
  await page.close();
  return { wire, problems, encodings, step: s.step };
}

test('the page runs from dist/ as npm start serves it, and with every file sent uncompressed', async () => {
  const dist = await serve(0, {}, { root: DIST });
  const plain = await serve(0, {}, { compress: false });
  try {
    const served = await firstFrame(`http://127.0.0.1:${dist.address().port}/`);
    assert.deepEqual(served.problems, []);
    assert.equal(served.step, 20);
    const wasm = Object.keys(served.encodings).find((name) => name.endsWith('.wasm'));
    assert.equal(served.encodings[wasm], 'br', 'the module goes as brotli');
    const raw = await firstFrame(`http://127.0.0.1:${plain.address().port}/`);
    assert.deepEqual(raw.problems, []);
    assert.equal(raw.step, 20);
    assert.ok(Object.values(raw.encodings).every((e) => e === 'identity'), JSON.stringify(raw.encodings));
    assert.ok(served.wire < raw.wire / 2.5, `${served.wire} bytes on the wire from dist/, ${raw.wire} uncompressed`);
  } finally {
    dist.close();
    plain.close();
  }
});

/** The three plots' pictures as data URLs, and their sizes. */
const pictures = (page) => page.evaluate(() => ['surface', 'trace', 'data'].map((id) => {
  const c = document.getElementById(id);
  return { id, size: `${c.width}x${c.height}`, url: c.toDataURL() };
}));

test('the page shows its layout and first frame at once, while the module is still on its way', async () => {
  const server = await serve(0, {}, { root: DIST });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    let release;
    const held = new Promise((r) => { release = r; });
    // The page's module arrives only when the test lets it (the first-frame module comes).
    await page.route(/descent(_scalar)?_bg\.[0-9a-f]{10}\.wasm$/, async (route) => { await held; await route.continue(); });
    await page.addInitScript(() => {
      window.shifted = 0;
      new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.shifted += e.value; })
        .observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForSelector('#surface');
    const early = await page.evaluate(() => {
      const box = (id) => document.getElementById(id).getBoundingClientRect();
      return { ready: document.body.dataset.ready, surface: box('surface'), play: box('play'), starting: document.getElementById('app').classList.contains('starting'),
        words: ['remark', 'status', 'surface-caption'].map((id) => document.getElementById(id).textContent) };
    });
    assert.equal(early.ready, undefined, 'not ready: the module has not come');
    assert.ok(early.starting);
    assert.ok(early.surface.width > 300 && early.surface.height > 300, JSON.stringify(early.surface));
    assert.ok(early.play.width > 0 && early.play.bottom < 800);
    // The page opened with no settings has its words already (baked at build), read while the module comes.
    assert.match(early.words[0], /^Tip: press Play or Step; click the contour plot/);
    assert.match(early.words[1], /^Step 0 /);
    // The first-frame module draws the three plots meanwhile.
    await page.waitForFunction(() => performance.getEntriesByName('descent:first').length > 0);
    assert.equal(await page.evaluate(() => document.body.dataset.ready), undefined, 'still not ready');
    const first = await pictures(page);
    const blank = await page.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = document.getElementById('surface').width;
      c.height = document.getElementById('surface').height;
      return c.toDataURL();
    });
    assert.notEqual(first[0].url, blank, 'the contour plot is drawn');
    assert.ok(await page.evaluate(() => document.getElementById('surface').dataset.plot), 'the contour plot marks its plotting area');
    release();
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    assert.deepEqual(await page.evaluate(() => ['remark', 'status', 'surface-caption'].map((id) => document.getElementById(id).textContent)), early.words,
      'the module says the same words');
    // The page's module draws the same frame over it, pixel for pixel.
    const after = await pictures(page);
    for (let k = 0; k < 3; k++) {
      assert.equal(after[k].size, first[k].size, `${first[k].id}: the same size`);
      assert.ok(after[k].url === first[k].url, `${first[k].id}: the same pixels from both modules`);
    }
    // Little moves when the module came (the words fill their lines): a
    // cumulative layout shift well under 0.1, what counts as good.
    const shift = await page.evaluate(() => window.shifted);
    assert.ok(shift < 0.1, `cumulative layout shift ${shift}`);
  } finally {
    await page.close();
    server.close();
  }
});

/** Bytes on the wire for what the page asked before the first-frame module was in (the page, styles, first scripts, that module), by Resource Timing. */
const firstFrameBytes = () => {
  const t = performance.getEntriesByName('descent:first-module')[0].startTime;
  const asked = performance.getEntriesByType('resource').filter((r) => r.startTime < t);
  return { bytes: asked.reduce((n, r) => n + r.transferSize, performance.getEntriesByType('navigation')[0].transferSize), names: asked.map((r) => r.name.split('/').pop()) };
};

test('the first frame comes with at most 150 KB on the wire, and no request for the page\'s module before it', async () => {
  const server = await serve(0, {}, { root: DIST });
  const page = await browser.newPage({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
  try {
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    const { bytes, names } = await page.evaluate(firstFrameBytes);
    assert.ok(names.some((n) => /^first_bg\.[0-9a-f]{10}\.wasm$/.test(n)), names.join(' '));
    assert.ok(!names.some((n) => /^descent(_scalar)?_bg/.test(n)), `the page's module waits for the first frame's: ${names.join(' ')}`);
    assert.ok(bytes <= 150 * 1024, `${bytes} bytes before the first frame: ${names.join(' ')}`);
  } finally {
    await page.close();
    server.close();
  }
});

test('a page opened with settings is served with the page\'s module preloaded, and asks for no first-frame module', async () => {
  const server = await serve(0, {}, { root: DIST });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url().split('/').pop()); });
  try {
    const base = `http://127.0.0.1:${server.address().port}/`;
    const html = await (await fetch(`${base}?lr=0.1`)).text();
    assert.match(html, /<link rel="preload" href="www\/pkg\/descent_bg\.[0-9a-f]{10}\.wasm"/);
    assert.doesNotMatch(html, /first_bg/);
    // A class's join link is the page with no settings: the first frame first.
    assert.match(await (await fetch(`${base}?class=ABCD`)).text(), /first_bg\.[0-9a-f]{10}\.wasm/);
    await page.goto(`${base}?lr=0.1`);
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    assert.deepEqual(wasm.map((name) => name.replace(/\.[0-9a-f]{10}\./, '.')), ['descent_bg.wasm']);
    assert.equal((await page.evaluate(() => window.descent.state())).lr, 0.1);
  } finally {
    await page.close();
    server.close();
  }
});

test('on a slow device the batch surface is drawn on a coarser grid, and playing keeps its pace', async () => {
  const server = await serve(0);
  const grids = {};
  try {
    for (const rate of [1, 6]) {
      const page = await browser.newPage({ viewport: { width: 412, height: 823 } });
      const cdp = await page.context().newCDPSession(page);
      await page.goto(`http://127.0.0.1:${server.address().port}/?batch=32&surface=both&speed=30`);
      await page.waitForFunction(() => document.body.dataset.ready === '1');
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      await page.evaluate(() => window.descent.play());
      await page.waitForTimeout(3000);
      grids[rate] = await page.evaluate(() => window.descent.frameTimes().batchGrid);
      await page.close();
    }
  } finally {
    server.close();
  }
  assert.equal(grids[1], 200, 'a fast machine keeps the fine grid');
  assert.ok(grids[6] < 200, `a CPU slowed 6x draws the batch surface coarser (${grids[6]} a side)`);
});
