// The two wasm builds: the page downloads only the one the browser can run
// (SIMD128 where WebAssembly.validate accepts it, else scalar), and both
// compute the same numbers, the fast loss grids within 1e-12 of the direct
// formula.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, canvasSummary } from './helpers.mjs';

/** Opens the page, noting which wasm files it fetched; `simd: false` makes the browser look like one without SIMD128. */
async function page(env, { simd }) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (!simd) {
    await context.addInitScript(() => {
      // What a browser without SIMD128 answers to the page's probe.
      WebAssembly.validate = () => false;
    });
  }
  const wasm = [];
  context.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url().split('/').pop()); });
  const env2 = { ...env, browser: context };
  const p = await open(env2, '?dataset=cancer&lr=0.005&batch=32&surface=both&seed=3');
  return { page: p, wasm, context };
}

test('each browser gets one module, and both compute the same', async () => {
  const env = await start();
  try {
    const results = {};
    for (const simd of [true, false]) {
      const { page: p, wasm, context } = await page(env, { simd });
      const module = await p.evaluate(() => window.descent.module);
      assert.equal(module, simd ? 'simd' : 'scalar');
      // (The page also preloads the first-frame module, whichever build it runs.)
      assert.deepEqual(wasm.filter((name) => name !== 'first_bg.wasm'), [simd ? 'descent_bg.wasm' : 'descent_scalar_bg.wasm'], 'only the chosen build is downloaded');
      const worst = await p.evaluate(async () => (await import('/www/pkg/descent.js')).grid_worst_error());
      assert.ok(worst < 1e-12, `${module}: fast grids within 1e-12 of the direct formula (worst ${worst})`);
      const state = await p.evaluate(() => window.descent.step(40));
      results[module] = { state: JSON.stringify(state), surface: await canvasSummary(p, 'surface') };
      assert.deepEqual(p.problems, []);
      await context.close();
    }
    assert.equal(results.simd.state, results.scalar.state, 'the same run, number for number');
    assert.deepEqual(results.simd.surface, results.scalar.surface, 'the same contour plot, pixel for pixel');
  } finally {
    await env.close();
  }
});
