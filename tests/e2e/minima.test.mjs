// The chain rule and the non-convex scenes in a real browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, canvasSummary } from './helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const state = (page) => page.evaluate(() => window.descent.state());

test('the chain panel shows exactly the state\'s numbers, as text', async () => {
  const page = await open(env, '?panel=chain&point=5');
  await page.evaluate(() => window.descent.step(3));
  const s = await state(page);
  assert.ok(await page.isVisible('#chain-panel'));
  assert.ok(await page.isHidden('#trace'));
  for (const node of s.chain.nodes) {
    const row = page.locator(`#chain-nodes tr[data-node="${node.id}"]`);
    assert.equal(await row.locator('.value').textContent(), node.text.value, node.id);
    assert.equal(await row.locator('.grad').textContent(), node.text.grad, node.id);
  }
  const cells = await page.$$eval('#chain-backward td', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(cells, s.chain.text.backward);
  assert.deepEqual(await page.$$eval('#chain-numeric td', (tds) => tds.map((td) => td.textContent)), s.chain.text.numeric);
  assert.deepEqual(s.chain.text.backward, s.chain.text.analytic, 'the product is the gradient');
  assert.match(await page.textContent('#chain-nodes'), /ξ5/);
  // The panel follows the run.
  const next = await page.evaluate(() => window.descent.step(1));
  assert.notEqual(next.chain.nodes[0].value, s.chain.nodes[0].value);
  assert.equal(await page.locator('#chain-nodes tr[data-node="xi4"] .value').textContent(),
    next.chain.nodes.find((n) => n.id === 'xi4').text.value);
  // The update strip says the step with its numbers.
  assert.match(await page.textContent('#update'), /^Step 4:\s+θ ← θ − η ∇L_B\(θ\)/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('clicking a point in the data view opens its chain', async () => {
  const page = await open(env);
  const picked = await page.evaluate(() => {
    // Where point 12 is drawn: found by asking the page for the point under each pixel.
    const canvas = document.getElementById('data');
    return { width: canvas.clientWidth, height: canvas.clientHeight };
  });
  const box = await page.locator('#data').boundingBox();
  // Scan a coarse grid for a pixel that picks a point, then click it.
  let target = null;
  for (let fy = 0.1; fy < 0.95 && !target; fy += 0.02) {
    for (let fx = 0.1; fx < 0.95 && !target; fx += 0.01) {
      await page.mouse.move(box.x + fx * box.width, box.y + fy * box.height);
      target = null;
      const hit = await page.evaluate(([x, y]) => {
        const el = document.elementFromPoint(x, y);
        return el?.id === 'data';
      }, [box.x + fx * box.width, box.y + fy * box.height]);
      if (hit) {
        await page.mouse.down();
        await page.mouse.up();
        const s = await state(page);
        if (s.panel === 'chain') target = s.point;
      }
    }
  }
  assert.ok(picked.width > 100);
  assert.notEqual(target, null, 'a point was picked');
  const s = await state(page);
  assert.equal(s.panel, 'chain');
  assert.ok(await page.isVisible('#chain-panel'));
  assert.equal(await page.inputValue('#point'), String(s.point));
  assert.match(await page.evaluate(() => location.search), /point=\d+/);
  await page.click('#panel-trace');
  assert.ok(await page.isVisible('#trace'));
  await page.close();
});

test('the batch sum in the panel is the batch gradient', async () => {
  const page = await open(env, '?panel=chain&chain=batch&batch=10');
  const s = await page.evaluate(() => window.descent.step(2));
  assert.equal(s.chain.batch.points.length, 10);
  for (let k = 0; k < 2; k++) assert.ok(Math.abs(s.chain.batch.mean[k] - s.batchGrad[k]) < 1e-12);
  assert.match(await page.textContent('#chain-batch-mean'), new RegExp(s.chain.batch.text[0].replace('.', '\\.')));
  await page.close();
});

test('the hidden unit: two minima, a run stuck in the local one, said in words', async () => {
  const page = await open(env, '?model=hidden');
  let s = await state(page);
  assert.equal(s.objective.model, 'hidden');
  assert.equal(s.objective.convex, false);
  assert.deepEqual(s.objective.constants, { c: -0.5, d: 0.5 });
  assert.equal(s.minima.length, 2);
  assert.ok(s.minima[0].global && !s.minima[1].global);
  assert.ok(await page.isVisible('#local-key'));
  s = await page.evaluate(() => window.descent.step(2000));
  assert.equal(s.runs[0].status, 'converged');
  assert.match(s.runs[0].statusText, /local minimum/);
  assert.match(await page.textContent('#remark'), /local minimum/);
  assert.match(await page.textContent('#data-caption'), /tanh\(w1 x − 0\.5\) \+ 0\.5/);
  await page.selectOption('#loss', 'squared');
  s = await state(page);
  assert.equal(s.objective.loss, 'squared');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('random restarts: paths coloured by the minimum reached, and a tally', async () => {
  const page = await open(env, '?model=hidden&restarts=30&path=live&steps=300');
  const s = await state(page);
  assert.equal(s.runs.length, 30);
  assert.equal(new Set(s.runs.map((r) => r.start.join())).size, 30, 'thirty different starts');
  assert.equal(s.tally.reduce((sum, t) => sum + t.count, 0), 30);
  assert.ok(s.tally[0].global && s.tally[0].count > 0);
  assert.match(await page.textContent('#run-legend'), /of 30 reached the global minimum/);
  assert.match(await page.textContent('#status'), /of 30 reached the global minimum/);
  assert.ok(await page.isHidden('#run-rows'));
  // Another seed, other starts, another tally.
  await page.fill('#seed', '9');
  await page.dispatchEvent('#seed', 'change');
  const other = await state(page);
  assert.notDeepEqual(other.runs.map((r) => r.start), s.runs.map((r) => r.start));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('gradient noise, set from its field, shakes the run out of the local minimum', async () => {
  const page = await open(env, '?model=hidden&lr=0.5&seed=6&path=live&steps=3000');
  const stuck = await state(page);
  // Noise still jiggles the run a little at the end: near means within 0.3.
  const near = (t, m) => Math.hypot(t[0] - m[0], t[1] - m[1]) < 0.3;
  assert.ok(near(stuck.theta, stuck.minima[1].theta), 'without noise: the local minimum');
  await page.fill('#noise', '1');
  await page.dispatchEvent('#noise', 'change');
  await page.fill('#noise-decay', '0.5');
  await page.dispatchEvent('#noise-decay', 'change');
  const shaken = await state(page);
  assert.equal(shaken.noise, 1);
  assert.equal(shaken.noiseDecay, 0.5);
  assert.ok(near(shaken.theta, shaken.minima[0].theta), `with noise: the global minimum (${shaken.theta})`);
  await page.close();
});

test('the 3-D view shows the surface and turns when dragged', async () => {
  const page = await open(env, '?model=hidden&view=both');
  assert.ok(await page.isVisible('#surface3d') && await page.isVisible('#surface'));
  const before = await canvasSummary(page, 'surface3d');
  assert.ok(before.colours > 8, 'the surface is drawn');
  const camera = await page.evaluate(() => window.descent.camera());
  const box = await page.locator('#surface3d').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 20, { steps: 5 });
  await page.mouse.up();
  const turned = await page.evaluate(() => window.descent.camera());
  assert.ok(turned[0] > camera[0] + 0.3, `turned: ${camera} to ${turned}`);
  assert.notEqual((await canvasSummary(page, 'surface3d')).hash, before.hash);
  assert.equal((await state(page)).step, 0, 'dragging the 3-D view does not move the start');
  await page.selectOption('#view', '3d');
  assert.ok(await page.isHidden('#surface'));
  await page.selectOption('#view', 'contour');
  assert.ok(await page.isHidden('#surface3d'));
  assert.deepEqual(page.problems, []);
  await page.close();
});
