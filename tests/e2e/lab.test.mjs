// The learning-rate lab in a real browser: runs side by side, the trio,
// scenes, the stability marks, the live path, optimizers, panics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, canvasSummary } from './helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const state = (page) => page.evaluate(() => window.descent.state());

test('runs side by side from the URL: a path, a trace line and a legend entry each', async () => {
  const single = await open(env, '?dataset=cancer&standardize=true');
  await single.evaluate(() => window.descent.step(20));
  const oneRun = await canvasSummary(single, 'trace');
  await single.close();

  const page = await open(env, '?dataset=cancer&standardize=true&runs=gd:0.5,momentum:0.5,adam:0.05');
  assert.ok(await page.isHidden('#notices'));
  const s = await page.evaluate(() => window.descent.step(20));
  assert.equal(s.runs.length, 3);
  assert.deepEqual(s.runs.map((r) => r.optimizer), ['gd', 'momentum', 'adam']);
  assert.deepEqual(s.runs.map((r) => r.step), [20, 20, 20]);
  assert.equal(s.lr, 0.5);
  assert.ok(s.runs.every((r) => ['falling', 'converged', 'oscillating', 'diverged'].includes(r.status)));
  assert.ok(s.runs.every((r) => r.evaluations.gradient === 20 && r.evaluations.total === 20));
  const legend = await page.textContent('#run-legend');
  assert.match(legend, /1 GD, η 0\.5/);
  assert.match(legend, /2 Momentum, η 0\.5/);
  assert.match(legend, /3 Adam, η 0\.05/);
  assert.ok(await page.isVisible('#run-2') && await page.isVisible('#run-3'));
  assert.equal(await page.inputValue('#run-3-optimizer'), 'adam');
  assert.notEqual((await canvasSummary(page, 'trace')).hash, oneRun.hash, 'three series, not one');

  // Editing run 3's rate changes it alone, without a reset.
  await page.$eval('#run-3-lr', (el) => { el.value = String(Math.log10(0.2)); el.dispatchEvent(new Event('input', { bubbles: true })); });
  let after = await state(page);
  assert.equal(after.runs[2].lr, 0.2);
  assert.equal(after.runs[0].lr, 0.5);
  assert.equal(after.step, 20, 'no reset');
  assert.match(await page.evaluate(() => location.search), /runs=gd%3A0\.5%2Cmomentum%3A0\.5%2Cadam%3A0\.2|runs=gd:0\.5,momentum:0\.5,adam:0\.2/);
  await page.click('#run-2-remove');
  after = await state(page);
  assert.deepEqual(after.runs.map((r) => r.optimizer), ['gd', 'adam']);
  await page.click('#single-run');
  assert.equal((await state(page)).runs.length, 1);
  assert.ok(await page.isHidden('#single-run'));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the trio button sets too small, about right and too large from the stability limit', async () => {
  const page = await open(env, '?dataset=cancer&standardize=true');
  await page.click('#trio');
  let s = await state(page);
  assert.equal(s.runs.length, 3);
  assert.deepEqual(s.runs.map((r) => r.lr), s.stability.trio);
  assert.ok(s.runs[1].lr < s.stability.lrMax && s.runs[2].lr > s.stability.lrMax);
  s = await page.evaluate(() => window.descent.step(200));
  assert.deepEqual(s.runs.map((r) => r.status), ['falling', 'converged', 'oscillating']);
  const legend = await page.textContent('#run-legend');
  assert.match(legend, /still falling/);
  assert.match(legend, /converged at step \d+/);
  assert.match(legend, /oscillating/);
  assert.match(await page.evaluate(() => location.search), /runs=trio/);
  // The same link on the raw data gives that data's own trio.
  await page.selectOption('#dataset', 'cancer');
  await page.uncheck('#standardize');
  s = await state(page);
  assert.deepEqual(s.runs.map((r) => r.lr), s.stability.trio);
  assert.ok(s.stability.condition > 1000, 'the raw data is a thin valley');
  assert.match(await page.textContent('#status'), /condition number 1[0-9]{4}/);
  await page.close();
});

test('the scene menu sets data, runs and view, with a title and caption', async () => {
  const page = await open(env);
  const options = await page.$$eval('#scene option', (els) => els.map((e) => e.value).filter(Boolean));
  assert.ok(options.length >= 7, options.join());
  for (const key of ['learning-rates', 'trace', 'scaling', 'momentum', 'newton', 'adam', 'batches']) {
    assert.ok(options.includes(key), key);
  }
  await page.selectOption('#scene', 'newton');
  const s = await state(page);
  assert.equal(s.scene, 'newton');
  assert.equal(s.dataset, 'cancer');
  assert.deepEqual(s.runs.map((r) => r.optimizer), ['gd', 'newton']);
  assert.equal(s.path, 'live');
  assert.ok(s.runs[1].convergedAt !== null && s.runs[1].convergedAt <= 8, `Newton converges in a few steps (${s.runs[1].convergedAt})`);
  assert.ok(await page.isVisible('#scene-banner'));
  assert.match(await page.textContent('#scene-title'), /Newton/);
  assert.ok((await page.textContent('#scene-caption')).length > 80);
  assert.equal(await page.evaluate(() => location.search), '?scene=newton');
  // Every scene opens by link without a notice, and draws.
  for (const key of options) {
    const other = await open(env, `?scene=${key}`);
    assert.ok(await other.isHidden('#notices'), `${key}: ${await other.textContent('#notice-list')}`);
    assert.equal((await state(other)).scene, key);
    assert.ok((await canvasSummary(other, 'surface')).colours > 8);
    assert.deepEqual(other.problems, [], key);
    await other.close();
  }
  await page.close();
});

test('the learning-rate slider marks the stability limit and reaches past it', async () => {
  const page = await open(env, '?dataset=cancer&standardize=true');
  const s = await state(page);
  const marks = await page.$$eval('#lr-marks .mark', (els) => els.map((e) => ({ kind: e.classList[1], at: Number(e.dataset.at) })));
  assert.deepEqual(marks.map((m) => m.kind), ['max', 'best']);
  assert.ok(Math.abs(marks[0].at - Math.log10(s.stability.lrMax)) < 1e-9);
  assert.ok(Math.abs(marks[1].at - Math.log10(s.stability.lrBest)) < 1e-9);
  const max = Number(await page.getAttribute('#lr', 'max'));
  assert.ok(10 ** max >= 4 * s.stability.lrMax, `the slider reaches ${10 ** max}, past 2/λmax = ${s.stability.lrMax}`);
  assert.match(await page.textContent('#stability'), /2\/λmax = 22\.3/);
  // A mark sits under the slider where its rate is.
  const box = await page.locator('#lr').boundingBox();
  const tick = await page.locator('#lr-marks .mark.max').boundingBox();
  const fraction = (tick.x + tick.width / 2 - box.x) / box.width;
  const expected = (marks[0].at - Number(await page.getAttribute('#lr', 'min'))) / (max - Number(await page.getAttribute('#lr', 'min')));
  assert.ok(Math.abs(fraction - expected) < 0.05, `${fraction} vs ${expected}`);
  // Past the limit the run does not settle.
  await page.evaluate((lr) => window.descent.set({ lr }), Number((1.5 * s.stability.lrMax).toPrecision(3)));
  const after = await page.evaluate(() => window.descent.step(300));
  assert.notEqual(after.runs[0].status, 'converged');
  await page.close();
});

test('the live path follows a slider drag within the frame', async () => {
  const page = await open(env, '?dataset=cancer&standardize=true&path=live&steps=100&runs=0.5,5');
  let s = await state(page);
  assert.deepEqual(s.runs.map((r) => r.step), [100, 100]);
  assert.ok(await page.isDisabled('#play') && await page.isDisabled('#step'));
  assert.ok(await page.isVisible('#steps'));
  const before = await canvasSummary(page, 'surface');
  // Drag the first run's learning-rate slider with the mouse.
  const box = await page.locator('#lr').boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.mouse.down();
  const seen = [];
  for (const f of [0.55, 0.6, 0.65, 0.7]) {
    await page.mouse.move(box.x + box.width * f, box.y + box.height / 2);
    // Drawn in the same frame as the input: the canvas already shows the new path.
    seen.push(await page.evaluate(() => {
      const s = window.descent.state();
      return { lr: s.lr, step: s.runs[0].step, theta: s.runs[0].theta, drawn: window.descent.render() };
    }));
  }
  await page.mouse.up();
  assert.ok(new Set(seen.map((x) => x.lr)).size >= 3, `the rate followed the drag: ${seen.map((x) => x.lr)}`);
  assert.ok(seen.every((x) => x.step === 100), 'always the first T steps');
  assert.ok(seen.every((x) => x.drawn === false), 'nothing was left to draw: the frame was drawn at the input');
  assert.ok(new Set(seen.map((x) => x.theta.join())).size >= 3, 'the whole path moved');
  assert.notEqual((await canvasSummary(page, 'surface')).hash, before.hash);
  s = await state(page);
  assert.equal(s.runs[1].lr, 5, 'the other run kept its rate');
  // The address catches up with the drag (its rewrites are rate-limited).
  await page.waitForFunction((lr) => new URLSearchParams(location.search).get('lr') === String(lr), s.lr, { timeout: 2000 });

  // Dragging the start moves every path's start.
  const surface = await page.locator('#surface').boundingBox();
  await page.mouse.move(surface.x + surface.width * 0.5, surface.y + surface.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(surface.x + surface.width * 0.55, surface.y + surface.height * 0.45, { steps: 4 });
  await page.mouse.up();
  const moved = await state(page);
  assert.notDeepEqual(moved.start, s.start);
  assert.deepEqual(moved.runs.map((r) => r.step), [100, 100]);
  await page.close();
});

test('optimizers, their formulas, line search and the evaluation axis', async () => {
  const page = await open(env, '?dataset=cancer&standardize=true');
  await page.selectOption('#optimizer', 'newton');
  assert.match(await page.textContent('#optimizer-formula'), /H⁻¹/);
  assert.match(await page.textContent('#optimizer-description'), /curvature/);
  let s = await page.evaluate(() => window.descent.step(3));
  assert.equal(s.optimizer, 'newton');
  assert.equal(s.runs[0].evaluations.hessian, 3);
  await page.selectOption('#optimizer', 'adam');
  assert.ok(await page.isVisible('#beta1') && await page.isVisible('#beta2') && await page.isVisible('#eps'));
  assert.ok(await page.isHidden('#momentum'));
  await page.fill('#beta1', '0.5');
  await page.dispatchEvent('#beta1', 'change');
  assert.equal((await state(page)).beta1, 0.5);
  await page.fill('#beta2', '1.5');
  await page.dispatchEvent('#beta2', 'change');
  assert.match(await page.textContent('#alert'), /beta2 = "1\.5" is not in \[0, 1\)/);
  assert.equal((await state(page)).beta2, 0.999);

  await page.selectOption('#optimizer', 'gd');
  await page.evaluate(() => window.descent.set({ lr: 100 }));
  await page.check('#line-search');
  assert.match(await page.textContent('#optimizer-formula'), /line search/);
  await page.evaluate(() => window.descent.reset());
  const drawnBefore = await canvasSummary(page, 'surface');
  s = await page.evaluate(() => window.descent.step(5));
  assert.ok(s.runs[0].evaluations.loss > 5, 'the trace counts loss evaluations');
  assert.ok(await page.isVisible('#trial-key'));
  assert.notEqual((await canvasSummary(page, 'surface')).hash, drawnBefore.hash);
  await page.selectOption('#trace-x', 'evaluations');
  assert.match(await page.textContent('#trace-caption'), /evaluations/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a panic is said once in words and stops the animation', async () => {
  const page = await open(env, '?autoplay=1&speed=50');
  await page.waitForFunction(() => window.descent.state().step > 2);
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.evaluate(async () => {
    const wasm = await import('/www/pkg/descent.js');
    try { wasm.panic_for_test(); } catch { /* the module traps after its hook has run */ }
  });
  await page.waitForFunction(() => document.getElementById('app').dataset.stopped === 'true');
  const alert = await page.textContent('#alert');
  assert.match(alert, /descent stopped after an internal error/);
  assert.match(alert, /a deliberate panic/);
  assert.ok(await page.isDisabled('#play'));
  const count = errors.length;
  await page.waitForTimeout(500);
  assert.equal(errors.length, count, 'no error per frame after the panic');
  const message = await page.evaluate(() => { try { window.descent.step(1); return null; } catch (e) { return e.message; } });
  assert.match(message, /descent has stopped/);
  await page.close();
});
