// A class, with real pages on descent's own server (server/, its binary
// from `cargo test --workspace`, a fresh SQLite file): a lecturer starts a
// class, three students join by its code on phones and follow the
// lecturer's view, and the class goes through a question of each kind:
// the answers reach the lecturer's picture, judged by the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './helpers.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BINARY = join(ROOT, 'target', 'debug', 'descent-server');

let server;
let base;
let browser;

/** Starts the classroom server on a free port, serving the project's own files. */
async function startServer(db) {
  if (!existsSync(BINARY)) execFileSync('cargo', ['build', '-p', 'descent-server'], { cwd: ROOT, stdio: 'pipe' });
  const child = spawn(BINARY, [], { env: { ...process.env, PORT: '0', DESCENT_DB: db, DESCENT_ROOT: ROOT }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(Number(String(d).match(/127\.0\.0\.1:(\d+)/)?.[1])));
    child.once('exit', (code) => reject(new Error(`the server stopped (${code})`)));
  });
  return { child, base: `http://127.0.0.1:${port}/` };
}

before(async () => {
  ({ child: server, base } = await startServer(join(mkdtempSync(join(tmpdir(), 'descent-class-')), 'classroom.sqlite')));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  server?.kill();
});

/** A page ready at `query`, with its errors collected. */
async function page(query, viewport = { width: 1280, height: 800 }, extra = {}) {
  const context = await browser.newContext({ viewport, ...extra });
  const p = await context.newPage();
  p.problems = [];
  p.on('pageerror', (e) => p.problems.push(String(e)));
  p.on('console', (m) => { if (m.type() === 'error') p.problems.push(m.text()); });
  await p.goto(base + query);
  await p.waitForFunction(() => document.body.dataset.ready === '1');
  return p;
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe's WCAG 2.1 A and AA violations on the page now, in words. */
async function axe(p) {
  await p.addScriptTag({ path: AXE });
  return p.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
}

/** The lecturer's class picture once `n` answers are in for the question asked. */
const answered = (lecturer, n) => lecturer.waitForFunction(
  (n) => window.descent.classroom.results()?.answers === n && window.descent.classroom.results()?.summary?.of === n, n, { timeout: 20000 },
);

test('a class goes through a question of each kind, every answer reaching the lecturer\'s picture', async () => {
  // The server sends the strict policy; the pages axe reads let its script in, the others keep it.
  const policy = (await fetch(base)).headers.get('content-security-policy');
  assert.match(policy, /default-src 'self'; script-src 'self' 'wasm-unsafe-eval'/);
  const lecturer = await page('?dataset=cancer&standardize=true', undefined, { bypassCSP: true });
  await lecturer.click('#class-start');
  await lecturer.waitForFunction(() => /^[A-Z0-9]{5}$/.test(document.getElementById('class-code').textContent));
  const code = await lecturer.textContent('#class-code');
  assert.equal(await lecturer.getAttribute('#class-link', 'href'), `${base}?class=${code}`);
  assert.match(lecturer.url(), new RegExp(`class=${code}`), 'a reload rehosts the class');
  // The QR code for the projector is an SVG from the server.
  const qr = await lecturer.evaluate(async () => (await fetch(document.getElementById('class-qr').src)).text());
  assert.match(qr, /^<\?xml|<svg/);
  // Three students on phones, joining by the code; they follow the lecturer's view.
  const phone = { viewport: { width: 390, height: 844 }, extra: { hasTouch: true, isMobile: true } };
  const students = [];
  for (let k = 0; k < 3; k++) students.push(await page(`?class=${code}`, phone.viewport, { ...phone.extra, bypassCSP: k === 0 }));
  for (const s of students) {
    await s.waitForFunction(() => !document.getElementById('class-banner').hidden);
    await s.waitForFunction(() => window.descent.state().dataset === 'cancer' && window.descent.state().standardize);
  }
  await lecturer.waitForFunction(() => /3 joined/.test(document.getElementById('class-count').textContent));
  assert.deepEqual(await axe(lecturer), [], 'the class panel');
  assert.deepEqual(await axe(students[0]), [], 'the class banner');
  // A student gives a nickname; the lecturer sees it, as text.
  await students[1].fill('#class-nickname', '<i>Ana</i>');
  await students[1].press('#class-nickname', 'Enter');
  await students[1].waitForFunction(() => /sees you as <i>Ana<\/i>/.test(document.getElementById('class-note').textContent));
  await lecturer.waitForFunction(() => document.getElementById('class-names').textContent === '<i>Ana</i>');
  assert.equal(await lecturer.evaluate(() => document.getElementById('class-names-box').open), false, 'closed on the projector until opened');
  assert.equal(await lecturer.locator('#class-names i').count(), 0);
  const lrMax = await lecturer.evaluate(() => window.descent.state().stability.lrMax);

  // Rate: each student sets a rate and sends it; the server runs each.
  await lecturer.click('#ask-rate');
  const rates = [0.001 * lrMax, 0.5 * lrMax, 1.6 * lrMax];
  for (const [k, s] of students.entries()) {
    await s.waitForFunction(() => !document.getElementById('class-send').hidden);
    assert.match(await s.textContent('#class-prompt'), /Choose a learning rate/);
    if (k < 2) {
      await s.evaluate((lr) => window.descent.set({ lr }), rates[k]);
      await s.click('#class-send');
    } else {
      // On the phone the slider is far down: one tap to it, Send waits at the bottom, one tap back.
      await s.tap('#class-go');
      await s.waitForFunction(() => {
        const r = document.getElementById('lr').getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight && !document.getElementById('class-back').hidden;
      });
      await s.evaluate((lr) => window.descent.set({ lr }), rates[k]);
      await s.tap('#class-back');
      await s.waitForFunction(() => document.getElementById('class-back').hidden && document.getElementById('class-banner').getBoundingClientRect().top > -1);
    }
    await s.waitForFunction(() => /^Sent\. The server ran it: /.test(document.getElementById('class-note').textContent));
  }
  await answered(lecturer, 3);
  let r = await lecturer.evaluate(() => window.descent.classroom.results());
  assert.equal(r.summary.fates.converged, 1, JSON.stringify(r.summary));
  assert.equal(r.summary.fates.falling, 1);
  assert.equal(r.summary.fates.oscillating + r.summary.fates.diverged, 1);
  assert.equal(await lecturer.locator('#class-picture svg rect[data-fate]').count(), 3, 'a bar for each answer');
  assert.match(await lecturer.textContent('#class-picture .class-words'), /^Of 3: /);
  // Reveal: everyone's page runs the class's rates side by side.
  await lecturer.click('#class-reveal');
  for (const p of [lecturer, ...students]) await p.waitForFunction(() => window.descent.state().runs.length === 3);
  // Answers close with the reveal.
  for (const s of students) await s.waitForFunction(() => document.getElementById('class-send').hidden);

  // Point: where is the minimum? Each student places their start there and sends it.
  await lecturer.evaluate(() => window.descent.set({ runs: '' }));
  await lecturer.evaluate(() => window.descent.classroom.ask({ kind: 'point', target: 'minimum' }));
  const optimum = await lecturer.evaluate(() => window.descent.state().optimum);
  for (const [k, s] of students.entries()) {
    await s.waitForFunction(() => /minimum is/.test(document.getElementById('class-prompt').textContent));
    await s.evaluate((b) => window.descent.set({ start: b.join(',') }), [optimum[0] + 0.1 * k, optimum[1]]);
    await s.click('#class-send');
  }
  await answered(lecturer, 3);
  assert.ok(await lecturer.locator('#class-picture rect[data-count]').count() >= 1);
  // The clicks are also a heatmap on the lecturer's contour plot, inside its plotting area.
  const over = await lecturer.evaluate(() => {
    const svg = document.querySelector('.class-overlay');
    const plot = document.getElementById('surface').dataset.plot.split(',').map(Number);
    const c = document.getElementById('surface').getBoundingClientRect();
    const o = svg.getBoundingClientRect();
    return { cells: svg.querySelectorAll('rect[data-count]').length, left: o.left - c.left - plot[0], top: o.top - c.top - plot[1], width: o.width - (plot[2] - plot[0]) };
  });
  assert.ok(over.cells >= 1, JSON.stringify(over));
  for (const d of [over.left, over.top, over.width]) assert.ok(Math.abs(d) < 1, JSON.stringify(over));

  // Start, on the hidden unit's two valleys: each start's minimum.
  await lecturer.evaluate(() => window.descent.set({ scene: 'local-minima' }));
  for (const s of students) await s.waitForFunction(() => window.descent.state().model === 'hidden');
  await lecturer.evaluate(() => window.descent.classroom.ask({ kind: 'start', steps: 300 }));
  for (const [k, s] of students.entries()) {
    await s.waitForFunction(() => /Choose a start/.test(document.getElementById('class-prompt').textContent));
    await s.evaluate((b) => window.descent.set({ start: b }), ['-2,3', '0.5,3', '1.5,1'][k]);
    await s.click('#class-send');
  }
  await answered(lecturer, 3);
  assert.equal(await lecturer.locator('#class-picture circle[data-outcome]').count(), 3);
  // Every start's path, faintly, on the lecturer's surface.
  assert.equal(await lecturer.locator('.class-overlay polyline').count(), 3);
  // The reveal runs on every phone from that student's own start.
  await lecturer.click('#class-reveal');
  for (const [k, s] of students.entries()) {
    await s.waitForFunction((b) => window.descent.state().start.join(',') === b, ['-2,3', '0.5,3', '1.5,1'][k]);
  }

  // Batch: steps per epoch, on the tumours.
  await lecturer.evaluate(() => { window.descent.set({ scene: 'batch-surface' }); window.descent.set({ dataset: 'cancer' }); });
  for (const s of students) await s.waitForFunction(() => window.descent.state().dataset === 'cancer' && window.descent.state().surface === 'both');
  await lecturer.evaluate(() => window.descent.classroom.ask({ kind: 'batch' }));
  for (const [k, s] of students.entries()) {
    await s.waitForFunction(() => /batch size/.test(document.getElementById('class-prompt').textContent));
    await s.evaluate((b) => window.descent.set({ batch: b }), [8, 32, 75][k]);
    await s.click('#class-send');
  }
  await answered(lecturer, 3);
  r = await lecturer.evaluate(() => window.descent.classroom.results());
  assert.deepEqual(r.summary.bins.map((b) => b.stepsPerEpoch), [72, 18, 8]);
  assert.equal(await lecturer.locator('#class-picture circle[data-noise]').count(), 3, 'the noise each size gives');
  assert.equal(await lecturer.locator('.class-overlay').count(), 0, 'no clicks over the surface for a batch question');
  assert.deepEqual(await axe(lecturer), [], 'the class panel with a picture');
  // The answers download as CSV, a row each.
  const [download] = await Promise.all([lecturer.waitForEvent('download'), lecturer.click('#class-csv')]);
  assert.match(download.suggestedFilename(), /^descent-class-[A-Z0-9]+-\d+\.csv$/);
  const rows = (await readFile(await download.path(), 'utf8')).trim().split('\n');
  assert.equal(rows[0], 'answer,nickname,batch,stepsPerEpoch,noise');
  assert.deepEqual(rows.slice(1).map((row) => row.split(',')[2]).sort(), ['32', '75', '8']);

  // Challenge: an epoch of eight steps; met by the students whose batch gives it.
  await lecturer.evaluate(() => window.descent.classroom.ask({ kind: 'challenge', challenge: 'epoch-of-8' }));
  for (const s of students) {
    await s.waitForFunction(() => /^Challenge: /.test(document.getElementById('class-prompt').textContent));
    await s.click('#class-send');
  }
  await answered(lecturer, 3);
  r = await lecturer.evaluate(() => window.descent.classroom.results());
  assert.equal(r.summary.met, 1, JSON.stringify(r.summary));

  // A student who explores on their own no longer follows.
  await students[0].click('#class-follow');
  await lecturer.evaluate(() => window.descent.set({ scene: 'trace' }));
  await students[1].waitForFunction(() => window.descent.state().speed === 15);
  assert.notEqual(await students[0].evaluate(() => window.descent.state().speed), 15);
  // The class ends for everyone.
  await lecturer.click('#class-close');
  for (const s of students) await s.waitForFunction(() => /ended/.test(document.getElementById('class-note').textContent));
  for (const p of [lecturer, ...students]) assert.deepEqual(p.problems, []);
});

test('served without descent\'s server, "Start a class" says what it needs', async () => {
  const { serve } = await import('../../scripts/serve.mjs');
  const plain = await serve(0);
  const context = await browser.newContext();
  const p = await context.newPage();
  try {
    await p.goto(`http://127.0.0.1:${plain.address().port}/`);
    await p.waitForFunction(() => document.body.dataset.ready === '1');
    await p.click('#class-start');
    await p.waitForFunction(() => /needs descent's own server/.test(document.getElementById('class-message').textContent + document.getElementById('class-note').textContent));
  } finally {
    await context.close();
    plain.close();
  }
});
