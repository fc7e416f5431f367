// The page in a real browser: loading, the API, the controls, the URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, canvasSummary } from './helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('loads, draws all three canvases, and logs no error', async () => {
  const page = await open(env);
  for (const id of ['surface', 'trace', 'data']) {
    const s = await canvasSummary(page, id);
    assert.ok(s.width > 100 && s.height > 100, `${id} is sized: ${s.width}x${s.height}`);
    assert.ok(s.colours > 8, `${id} is drawn (${s.colours} colours)`);
  }
  for (const id of ['lr', 'batch', 'play', 'step', 'reset', 'dataset']) {
    assert.ok(await page.$(`#${id}`), `#${id} exists`);
  }
  const state = await page.evaluate(() => window.descent.state());
  assert.equal(state.step, 0);
  assert.equal(state.dataset, 'overlap');
  assert.equal(state.n, 100);
  assert.equal(state.batchSize, 100);
  assert.equal(state.batchLoss, null);
  assert.equal(state.diverged, false);
  assert.equal(state.running, false);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the API steps, sets, resets, and refuses bad values without changing anything', async () => {
  const page = await open(env);
  const after5 = await page.evaluate(() => window.descent.step(5));
  assert.equal(after5.step, 5);
  assert.equal(after5.epoch, 5, 'full batch: every step is an epoch');
  const s0 = await page.evaluate(() => { window.descent.reset(); return window.descent.state(); });
  assert.equal(s0.step, 0);
  assert.ok(after5.loss < s0.loss, 'the loss falls');
  for (const v of [...after5.theta, ...after5.grad, after5.loss, after5.batchLoss]) assert.ok(Number.isFinite(v));

  const error = await page.evaluate(() => {
    try { window.descent.set({ lr: 0.2, batch: 'abc' }); return null; } catch (e) { return e.message; }
  });
  assert.match(error, /batch/);
  assert.match(error, /abc/);
  for (const bad of ['-1', '1.5', '1e9', '"3"']) {
    const message = await page.evaluate(`(() => { try { window.descent.step(${bad}); return null; } catch (e) { return e.message; } })()`);
    assert.match(message, /descent.step: k must be a whole number/, `step(${bad})`);
  }
  const typeError = await page.evaluate(() => {
    try { window.descent.set({ lr: undefined }); return null; } catch (e) { return e.message; }
  });
  assert.match(typeError, /lr must be a number/);
  assert.equal((await page.evaluate(() => window.descent.state())).lr, 0.5, 'nothing changed');

  await page.evaluate(() => window.descent.set({ dataset: 'cancer', standardize: true, batch: 32, seed: 7 }));
  const s = await page.evaluate(() => window.descent.state());
  assert.equal(s.n, 569);
  assert.equal(s.batchSize, 32);
  assert.equal(s.seed, 7);
  assert.equal(s.batchesPerEpoch, 18);
  const data = await page.evaluate(() => window.descent.dataset());
  assert.equal(data.x.length, 569);
  const mean = data.x.reduce((a, b) => a + b, 0) / data.x.length;
  assert.ok(Math.abs(mean) < 1e-9, 'standardised x has mean 0');
  assert.ok(data.y.every((y) => y === 0 || y === 1));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('epochs advance when the last batch of an epoch is taken', async () => {
  const page = await open(env, '?batch=30&seed=3');
  const states = await page.evaluate(() => [1, 2, 3, 4, 5].map(() => window.descent.step(1)));
  assert.deepEqual(states.map((s) => s.epoch), [0, 0, 0, 1, 1]);
  assert.deepEqual(states.map((s) => s.batchIndex), [1, 2, 3, 4, 1]);
  assert.ok(states.every((s) => s.batchesPerEpoch === 4));
  assert.ok(states.every((s) => Number.isFinite(s.batchLoss)));
  // Same seed, same path.
  const again = await page.evaluate(() => { window.descent.reset(); window.descent.step(5); return window.descent.state(); });
  assert.deepEqual(again.theta, states[4].theta);
  await page.close();
});

test('buttons and keys drive the run; sliders act without a reset', async () => {
  const page = await open(env);
  await page.click('#step');
  await page.click('#step');
  assert.equal((await page.evaluate(() => window.descent.state())).step, 2);

  // The learning-rate slider is log10(lr): -1 means 0.1.
  await page.$eval('#lr', (el) => { el.value = '-1'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  let s = await page.evaluate(() => window.descent.state());
  assert.equal(s.lr, 0.1);
  assert.equal(s.step, 2, 'changing the learning rate does not reset');
  assert.match(await page.textContent('#lr-value'), /0\.1/);

  await page.$eval('#batch', (el) => { el.value = '10'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  s = await page.evaluate(() => window.descent.state());
  assert.equal(s.batchSize, 10);
  assert.equal(s.step, 2);

  // Keys act when no field or button has the focus (Space presses a focused button).
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('ArrowRight');
  assert.equal((await page.evaluate(() => window.descent.state())).step, 3);
  await page.keyboard.press('r');
  assert.equal((await page.evaluate(() => window.descent.state())).step, 0);

  await page.evaluate(() => window.descent.set({ speed: 200 }));
  await page.keyboard.press(' ');
  assert.equal((await page.evaluate(() => window.descent.state())).running, true);
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true');
  await page.waitForFunction(() => window.descent.state().step > 20);
  await page.click('#play');
  s = await page.evaluate(() => window.descent.state());
  // Space on a focused checkbox ticks it rather than playing.
  await page.focus('#log');
  await page.keyboard.press(' ');
  assert.equal((await page.evaluate(() => window.descent.state())).log, true);
  assert.equal((await page.evaluate(() => window.descent.state())).running, false);
  assert.equal(s.running, false);
  const paused = s.step;
  await page.waitForTimeout(200);
  assert.equal((await page.evaluate(() => window.descent.state())).step, paused, 'pause stops stepping');

  await page.selectOption('#dataset', 'separable');
  s = await page.evaluate(() => window.descent.state());
  assert.equal(s.dataset, 'separable');
  assert.equal(s.n, 60);
  assert.equal(s.optimum, null);
  assert.match(await page.textContent('#remark'), /separable/, 'separable data is explained');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('each step redraws the path and the curve', async () => {
  const page = await open(env);
  const before = { surface: await canvasSummary(page, 'surface'), data: await canvasSummary(page, 'data'), trace: await canvasSummary(page, 'trace') };
  await page.evaluate(() => window.descent.step(3));
  for (const id of ['surface', 'data', 'trace']) {
    const now = await canvasSummary(page, id);
    assert.notEqual(now.hash, before[id].hash, `${id} changed after stepping`);
  }
  await page.close();
});

test('clicking the contour plot sets the start and resets', async () => {
  const page = await open(env);
  await page.evaluate(() => window.descent.step(4));
  const box = await page.locator('#surface').boundingBox();
  await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.4);
  const s = await page.evaluate(() => window.descent.state());
  assert.equal(s.step, 0);
  assert.notDeepEqual(s.start, [-4, -1.5]);
  assert.deepEqual(s.theta, s.start);
  assert.match(await page.evaluate(() => location.search), /start=/, 'the URL records the start');
  await page.close();
});

test('bad URL values show a notice naming them and the page still works', async () => {
  const page = await open(env, '?lr=abc&batch=-3&start=1&dataset=nope');
  const text = await page.textContent('#notices');
  assert.match(text, /lr = "abc" is not a number; using 0\.5/);
  assert.match(text, /batch = "-3"/);
  assert.match(text, /start = "1"/);
  assert.match(text, /dataset = "nope"/);
  const s = await page.evaluate(() => window.descent.step(2));
  assert.equal(s.step, 2);
  assert.equal(s.lr, 0.5);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('URL settings are applied and kept in the URL', async () => {
  const page = await open(env, '?lr=0.05&batch=8&dataset=cancer&seed=42&start=-2,0.5&speed=5&log=1');
  const s = await page.evaluate(() => window.descent.state());
  assert.equal(s.lr, 0.05);
  assert.equal(s.batchSize, 8);
  assert.equal(s.dataset, 'cancer');
  assert.equal(s.seed, 42);
  assert.deepEqual(s.start, [-2, 0.5]);
  assert.equal(s.speed, 5);
  assert.equal(s.log, true);
  assert.equal(await page.textContent('#notice-list'), '');
  assert.ok(await page.isHidden('#notices'));
  await page.evaluate(() => window.descent.set({ lr: 0.02 }));
  assert.match(await page.evaluate(() => location.search), /lr=0\.02/);
  await page.close();
});

test('a link copied after choosing a data set reopens it cleanly', async () => {
  const page = await open(env);
  await page.selectOption('#dataset', 'cancer');
  const s = await page.evaluate(() => window.descent.state());
  assert.equal(s.lr, 0.01, 'the breast-cancer data bring their own learning rate');
  const link = await page.evaluate(() => location.search);
  assert.doesNotMatch(link, /start=/, 'a default start stays out of the link');
  const again = await open(env, link);
  assert.ok(await again.isHidden('#notices'), await again.textContent('#notice-list'));
  const reopened = await again.evaluate(() => window.descent.state());
  assert.equal(reopened.dataset, 'cancer');
  assert.equal(reopened.lr, 0.01);
  await again.close();
  await page.close();
});

test('a refused value typed into a control is said, and the control shows the value in force', async () => {
  const page = await open(env, '?schedule=inv');
  await page.fill('#decay', '20');
  await page.dispatchEvent('#decay', 'change');
  assert.ok(await page.isVisible('#alert'));
  assert.match(await page.textContent('#alert'), /decay = "20" is outside 0 to 10/);
  assert.equal(await page.inputValue('#decay'), '0.05', 'the field shows the decay in force');
  assert.equal((await page.evaluate(() => window.descent.state())).decay, 0.05);
  await page.close();
});

test('autoplay plays at the chosen speed', async () => {
  const page = await open(env, '?autoplay=1&speed=100');
  await page.waitForFunction(() => window.descent.state().step >= 10);
  assert.equal((await page.evaluate(() => window.descent.state())).running, true);
  await page.close();
});

test('a diverging run stops and says so in words, with no NaN anywhere', async () => {
  const page = await open(env, '?dataset=cancer&lr=10');
  const s = await page.evaluate(() => window.descent.step(200));
  assert.equal(s.diverged, true);
  assert.ok(s.step < 200, 'the run stopped');
  for (const v of [...s.theta, ...s.grad, s.loss, s.batchLoss]) assert.ok(Number.isFinite(v), `finite: ${v}`);
  assert.ok(await page.isVisible('#alert'));
  assert.match(await page.textContent('#alert'), /Diverged at step \d+/);
  assert.match(await page.textContent('#alert'), /learning rate/);
  await page.evaluate(() => window.descent.play());
  assert.equal((await page.evaluate(() => window.descent.state())).running, false, 'a diverged run cannot play');
  const after = await page.evaluate(() => { window.descent.set({ lr: 0.01 }); window.descent.reset(); return window.descent.step(10); });
  assert.equal(after.diverged, false);
  assert.ok(await page.isHidden('#alert'));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('works on a 390 px phone without sideways scrolling', async () => {
  const page = await open(env, '', { width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px too wide`);
  const s = await canvasSummary(page, 'surface');
  assert.ok(s.colours > 8);
  await page.close();
});
