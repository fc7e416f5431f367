// The module measures its canvases only when a resize observer says a box
// changed (a layout read mid-frame costs a layout of the whole page): boxes
// that change while the window does not must still get canvases of their
// size, drawn before the next paint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, open } from './helpers.mjs';

test('canvases follow their boxes when only the plots change size', async () => {
  const env = await start();
  try {
    const page = await open(env, '?dataset=cancer&standardize=true', { width: 1280, height: 800 });
    const fitted = () => page.evaluate(async () => {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return ['surface', 'trace', 'data', 'surface3d']
        .map((id) => document.getElementById(id))
        .filter((c) => c.clientWidth > 0)
        .map((c) => ({ id: c.id, box: [Math.round(c.clientWidth * devicePixelRatio), Math.round(c.clientHeight * devicePixelRatio)], pixels: [c.width, c.height] }));
    });
    const check = (sizes, when) => {
      for (const s of sizes) assert.deepEqual(s.pixels, s.box, `${when}: ${s.id} has ${s.pixels} pixels for a ${s.box} box`);
    };
    const before = await fitted();
    check(before, 'at first');
    // The 3-D view takes half the contour plot's place; the window stays.
    await page.evaluate(() => window.descent.set({ view: 'both' }));
    const both = await fitted();
    check(both, 'with the 3-D view');
    const surface = (sizes) => sizes.find((s) => s.id === 'surface').box[0];
    assert.ok(surface(both) < surface(before) * 0.8, `the contour plot narrowed (${surface(before)} to ${surface(both)})`);
    assert.equal(both.length, 4);
    await page.evaluate(() => window.descent.set({ view: 'contour', runs: '0.5,2,5,10,20,30' }));
    check(await fitted(), 'back, with six runs');
    assert.deepEqual(page.problems, []);
  } finally {
    await env.close();
  }
});
