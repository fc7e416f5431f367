// Stochastic gradient descent made visible: batch surfaces, batches in the
// data, epochs, sampling, schedules, the gradient fan.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, canvasSummary } from './helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const state = (page) => page.evaluate(() => window.descent.state());

test('SGD settings come from the URL', async () => {
  const page = await open(env, '?batch=10&surface=batch&sampling=replacement&drop_last=true&schedule=step&decay=0.5&every=5&fan=20&per_epoch=1');
  assert.equal(await page.textContent('#notice-list'), '');
  assert.ok(await page.isHidden('#notices'));
  const s = await state(page);
  assert.equal(s.surface, 'batch');
  assert.equal(s.sampling, 'replacement');
  assert.equal(s.dropLast, true);
  assert.equal(s.schedule, 'step');
  assert.equal(s.decay, 0.5);
  assert.equal(s.every, 5);
  assert.equal(s.fan, 20);
  assert.equal(s.perEpoch, true);
  assert.equal(await page.inputValue('#surface-view'), 'batch');
  assert.equal(await page.inputValue('#schedule'), 'step');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('bad SGD values get notices, and the API refuses them', async () => {
  const page = await open(env, '?surface=sideways&schedule=bogus&fan=500&sampling=maybe');
  const text = await page.textContent('#notices');
  assert.match(text, /surface = "sideways" is not full, batch or both; using full/);
  assert.match(text, /schedule = "bogus"/);
  assert.match(text, /fan = "500" is not a whole number from 0 to 200; using 200/);
  assert.match(text, /sampling = "maybe"/);
  const error = await page.evaluate(() => {
    try { window.descent.set({ schedule: 'cosine' }); return null; } catch (e) { return e.message; }
  });
  assert.match(error, /schedule = "cosine"/);
  assert.equal((await state(page)).schedule, 'constant');
  await page.close();
});

test('the batch surface is drawn, and changes from step to step', async () => {
  const page = await open(env, '?batch=30&surface=batch');
  assert.match(await page.textContent('#remark'), /Take a step/);
  const first = await page.evaluate(() => window.descent.step(1));
  assert.equal(first.batch.length, 30);
  const batchView = await canvasSummary(page, 'surface');
  await page.evaluate(() => { window.descent.set({ surface: 'full' }); window.descent.render(); });
  const fullView = await canvasSummary(page, 'surface');
  assert.notEqual(batchView.hash, fullView.hash, 'the batch surface differs from the full one');
  await page.evaluate(() => { window.descent.set({ surface: 'batch' }); window.descent.render(); });
  const again = await canvasSummary(page, 'surface');
  assert.deepEqual([again.width, again.height], [batchView.width, batchView.height], 'the plot keeps its size');
  assert.equal(again.hash, batchView.hash, 'the same batch draws the same surface');

  const minima = [first.batchOptimum];
  for (let k = 0; k < 3; k++) minima.push((await page.evaluate(() => window.descent.step(1))).batchOptimum);
  const distinct = new Set(minima.filter((m) => m !== null).map((m) => JSON.stringify(m)));
  assert.ok(distinct.size >= 3, `the batch minimum jumps: ${[...distinct].join(' ')}`);
  assert.notEqual((await canvasSummary(page, 'surface')).hash, batchView.hash);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the ringed points are the batch the last step used', async () => {
  const page = await open(env, '?batch=7&seed=11');
  assert.equal(await page.getAttribute('#data', 'data-batch'), '', 'nothing ringed before a step');
  for (let k = 0; k < 3; k++) {
    const s = await page.evaluate(() => window.descent.step(1));
    const ringed = await page.getAttribute('#data', 'data-batch');
    assert.equal(ringed, s.batch.join(','));
    assert.equal(s.batch.length, 7);
  }
  await page.evaluate(() => window.descent.set({ batch: 'full' }));
  await page.evaluate(() => window.descent.step(1));
  assert.equal(await page.getAttribute('#data', 'data-batch'), '', 'full batches ring nothing');
  await page.close();
});

test('epochs: counters, the epoch button, reshuffles', async () => {
  const page = await open(env, '?batch=30');
  let s = await page.evaluate(() => window.descent.step(1));
  assert.equal(s.batchIndex, 1);
  assert.equal(s.batchesPerEpoch, 4);
  assert.match(await page.textContent('#status'), /batch 1 of 4/);
  const firstBatch = s.batch;
  await page.click('#epoch');
  s = await state(page);
  assert.equal(s.epoch, 1);
  assert.equal(s.step, 4);
  assert.equal(s.batchIndex, 4);
  assert.equal(s.endsEpoch, true);
  assert.equal(s.batch.length, 10, 'the last batch of 100 in 30s has 10 points');
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('e');
  s = await state(page);
  assert.equal(s.epoch, 2);
  assert.equal(s.step, 8);
  // The same seed reshuffles the same way; the second epoch's first batch differs from the first's.
  const again = await page.evaluate(() => { window.descent.reset(); return window.descent.step(5); });
  assert.notDeepEqual(again.batch, firstBatch);
  const replay = await page.evaluate(() => { window.descent.reset(); window.descent.step(4); return window.descent.step(1); });
  assert.deepEqual(replay.batch, again.batch);
  await page.close();
});

test('the SGD controls change settings without a reset', async () => {
  const page = await open(env, '?batch=10');
  await page.evaluate(() => window.descent.step(3));
  await page.selectOption('#surface-view', 'both');
  await page.selectOption('#sampling', 'replacement');
  await page.check('#drop-last');
  await page.selectOption('#schedule', 'step');
  await page.fill('#decay', '0.25');
  await page.dispatchEvent('#decay', 'change');
  await page.fill('#every', '2');
  await page.dispatchEvent('#every', 'change');
  await page.$eval('#fan', (el) => { el.value = '40'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.check('#per-epoch');
  const s = await state(page);
  assert.equal(s.step, 3, 'no reset');
  assert.equal(s.surface, 'both');
  assert.equal(s.sampling, 'replacement');
  assert.equal(s.dropLast, true);
  assert.equal(s.schedule, 'step');
  assert.equal(s.decay, 0.25);
  assert.equal(s.every, 2);
  assert.equal(s.fan, 40);
  assert.equal(s.perEpoch, true);
  assert.equal(s.effectiveLr, 0.5 * 0.25, 'after 3 steps: eta * decay^floor(3 / 2)');
  assert.match(await page.textContent('#status'), /η_t = 0\.125/);
  assert.ok(await page.isVisible('#every'));
  await page.selectOption('#schedule', 'inv');
  assert.ok(await page.isHidden('#every'), 'every only shows for the step schedule');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('schedules set the learning rate each step takes', async () => {
  const page = await open(env, '?lr=0.8&schedule=exp&decay=0.1');
  const before = await state(page);
  assert.equal(before.effectiveLr, 0.8);
  const s = await page.evaluate(() => window.descent.step(10));
  assert.ok(Math.abs(s.effectiveLr - 0.8 * Math.exp(-1)) < 1e-12);
  await page.close();
});

test('the fan and the arrows are drawn; full batches say the surfaces coincide', async () => {
  const page = await open(env, '?batch=5');
  await page.evaluate(() => window.descent.step(2));
  const plain = await canvasSummary(page, 'surface');
  await page.evaluate(() => { window.descent.set({ fan: 50 }); window.descent.render(); });
  assert.notEqual((await canvasSummary(page, 'surface')).hash, plain.hash, 'the fan is drawn');
  assert.ok(await page.isVisible('#fan-key'));
  await page.evaluate(() => window.descent.set({ batch: 'full', surface: 'both' }));
  assert.match(await page.textContent('#remark'), /coincide/);
  await page.close();
});

test('the trace switches to loss per epoch', async () => {
  const page = await open(env, '?batch=20');
  await page.evaluate(() => window.descent.step(12));
  const perStep = await canvasSummary(page, 'trace');
  await page.check('#per-epoch');
  await page.evaluate(() => window.descent.render());
  assert.notEqual((await canvasSummary(page, 'trace')).hash, perStep.hash);
  assert.match(await page.evaluate(() => location.search), /per_epoch=true/);
  await page.close();
});
