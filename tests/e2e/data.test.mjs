// Your own data in a real browser: CSV files, the link, editing by hand,
// the two-feature model.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, canvasSummary } from './helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const state = (page) => page.evaluate(() => window.descent.state());

const CSV = 'height,weight,sick\n1.0,2.0,no\n1.5,2.5,no\n2.0,2.0,yes\n2.5,3.0,yes\nabc,1.0,yes\n3.0,2.0,no\n3.5,4.0,yes\n,3.0,no\n';

test('a CSV through the file input: columns guessed, rows skipped and named', async () => {
  const page = await open(env);
  await page.setInputFiles('#csv-file', { name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await page.waitForFunction(() => window.descent.state().dataset === 'custom');
  const s = await state(page);
  assert.equal(s.n, 6);
  assert.equal(s.data.source, 'csv');
  assert.equal(s.data.skipped, 2);
  assert.equal(s.standardize, true, 'loaded data are standardised');
  assert.equal(s.data.columns[0].name, 'height');
  const message = await page.textContent('#csv-message');
  assert.match(message, /Loaded 6 rows; skipped 2 \(line 6: height = "abc" is not a number; line 9: height missing\)/);
  assert.match(message, /"yes" became 1 and "no" became 0/);
  assert.match(message, /height: mean 2\.25, sd 0\.8539/);
  assert.ok(await page.isVisible('#csv-columns'));
  // Two features: choose x2, and the two-feature model takes over.
  await page.selectOption('#csv-x2', '1');
  await page.click('#csv-load');
  const two = await state(page);
  assert.equal(two.model, 'features2');
  assert.equal(two.data.columns.length, 2);
  assert.equal((await page.evaluate(() => window.descent.dataset())).x2.length, 6);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a bad file leaves the view untouched and says why; the API throws', async () => {
  const page = await open(env, '?dataset=cancer');
  await page.evaluate(() => window.descent.step(3));
  const before = await state(page);
  for (const [bad, why] of [
    ['x,label\n1,a\n2,b\n3,c\n', /more than two values \(a, b, c/],
    ['x,label\n1,a\n2,a\n', /Every usable row has the label "a"/],
    ['x,label\n', /header row but no data rows/],
    ['\u0000\u0001\u0002binary', /not a text file/],
  ]) {
    await page.setInputFiles('#csv-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.waitForFunction(() => document.getElementById('csv-message').classList.contains('bad'));
    assert.match(await page.textContent('#csv-message'), why);
    assert.match(await page.textContent('#csv-message'), /unchanged/);
    const now = await state(page);
    assert.equal(now.dataset, 'cancer');
    assert.equal(now.step, before.step, 'nothing on screen was lost');
    await page.evaluate(() => { document.getElementById('csv-message').classList.remove('bad'); });
  }
  const error = await page.evaluate(() => { try { window.descent.loadCsv('x,y\n1,2\n3,4\n5,6\n', { label: 'nope' }); return null; } catch (e) { return e.message; } });
  assert.match(error, /no column "nope"/);
  const summary = await page.evaluate(() => window.descent.loadCsv('a;b;label\n1;2;0\n3;4;1\n5;1;1\n0;0;0\n', { label: 'label', x: 'a', x2: 'b' }));
  assert.equal(summary.rows, 4);
  assert.equal(summary.positive, '1');
  await page.close();
});

test('adding and removing points by hand moves the optimum', async () => {
  const page = await open(env);
  const before = await state(page);
  await page.evaluate(() => window.descent.addPoint(8, null, 0));
  const added = await state(page);
  assert.equal(added.n, before.n + 1);
  assert.equal(added.data.source, 'edited');
  assert.notDeepEqual(added.optimum, before.optimum, 'one outlier bends the loss');
  await page.evaluate(() => window.descent.removePoint(100));
  const removed = await state(page);
  assert.equal(removed.n, before.n);
  for (let k = 0; k < 2; k++) assert.ok(Math.abs(removed.optimum[k] - before.optimum[k]) < 1e-9);
  // By clicking, in edit mode: a click off the points adds one.
  await page.check('#edit-data');
  const box = await page.locator('#data').boundingBox();
  await page.mouse.click(box.x + box.width * 0.9, box.y + box.height * 0.5);
  assert.equal((await state(page)).n, before.n + 1);
  const message = await page.evaluate(() => { try { window.descent.removePoint(1e6); return null; } catch (e) { return e.message; } });
  assert.match(message, /no point 1000000/);
  // One feature: addPoint(x, label) is addPoint(x, null, label).
  await page.evaluate(() => window.descent.addPoint(-7, 1));
  const short = await page.evaluate(() => window.descent.dataset());
  assert.equal(short.x.at(-1), -7);
  assert.equal(short.y.at(-1), 1);
  await page.close();
});

test('a link with data= reopens the same points', async () => {
  const page = await open(env);
  await page.evaluate(() => window.descent.loadCsv('x,label\n0.5,0\n1.25,1\n2,0\n3.125,1\n4,1\n'));
  await page.evaluate(() => window.descent.set({ standardize: false }));
  const link = await page.evaluate(() => location.search);
  assert.match(link, /data=/);
  const again = await open(env, link);
  assert.ok(await again.isHidden('#notices'), await again.textContent('#notice-list'));
  const data = await again.evaluate(() => window.descent.dataset());
  assert.deepEqual(data.x, [0.5, 1.25, 2, 3.125, 4]);
  assert.deepEqual(data.y, [0, 1, 0, 1, 1]);
  assert.equal((await state(again)).data.source, 'url');
  const bad = await open(env, '?data=1,0;2,7');
  assert.match(await bad.textContent('#notices'), /data = "1,0;2,7" has a bad point 2/);
  await again.close();
  await bad.close();
  await page.close();
});

test('the two-feature model draws its decision line through the origin', async () => {
  const page = await open(env, '?model=features2');
  const s = await state(page);
  assert.equal(s.dataset, 'cancer2');
  assert.equal(s.model, 'features2');
  assert.match(await page.textContent('#data-caption'), /through the origin/);
  const before = await canvasSummary(page, 'data');
  await page.evaluate(() => window.descent.step(20));
  assert.notEqual((await canvasSummary(page, 'data')).hash, before.hash, 'the line and shading follow the run');
  assert.ok(await page.isVisible('#shading-key'));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('column names travel in the link; the API re-chooses columns of a loaded file', async () => {
  const page = await open(env);
  await page.evaluate(() => window.descent.loadCsv('hours,sleep,age,passed\n1,7,20,no\n2,5,22,no\n3,8,19,yes\n4,6,25,yes\n5,4,21,yes\n0.5,9,23,no\n', { label: 'passed', x: 'hours', x2: 'sleep' }));
  const link = await page.evaluate(() => location.search);
  assert.match(link, /x=hours/);
  assert.match(link, /x2=sleep/);
  assert.match(link, /label=passed/);
  assert.match(link, /model=features2|data=/);
  // Another column of the same file, through set().
  await page.evaluate(() => window.descent.set({ x2: 'age' }));
  assert.equal((await state(page)).data.columns[1].name, 'age');
  await assert.rejects(page.evaluate(() => window.descent.set({ x: 'weight' })), /no column "weight"/);
  // The link reopens the points under their names, in the 2-D view.
  const again = await open(env, await page.evaluate(() => location.search));
  assert.ok(await again.isHidden('#notices'), await again.textContent('#notice-list'));
  const s = await state(again);
  assert.equal(s.model, 'features2');
  assert.deepEqual(s.data.columns.map((c) => c.name), ['hours', 'age']);
  assert.equal(s.data.label, 'passed');
  assert.ok(await again.evaluate(() => document.getElementById('app').classList.contains('data-2d')));
  assert.deepEqual(page.problems, []);
  assert.deepEqual(again.problems, []);
  await again.close();
  await page.close();
});

test('choosing a two-feature data set in the menu shows the two-feature model', async () => {
  const page = await open(env, '?dataset=cancer');
  await page.selectOption('#dataset', 'blobs');
  await page.waitForFunction(() => window.descent.state().model === 'features2');
  assert.ok(await page.isVisible('#shading-key'));
  await page.selectOption('#dataset', 'overlap');
  await page.waitForFunction(() => window.descent.state().model === 'logistic');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the penalty scene brings the λ slider into view and λ moves the minimum', async () => {
  const page = await open(env, '?scene=penalty', { width: 1280, height: 720 });
  const box = await page.locator('#lambda').boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= 720, `λ slider at ${JSON.stringify(box)}`);
  const before = (await state(page)).optimum;
  assert.ok(before, 'a finite minimum with the penalty');
  await page.evaluate(() => window.descent.set({ lambda: 1 }));
  const after = (await state(page)).optimum;
  assert.ok(Math.abs(after[1]) < Math.abs(before[1]), `slope ${after[1]} below ${before[1]}`);
  assert.deepEqual(page.problems, []);
  await page.close();
});
