// Projectors, phones and keyboards: what a lecturer and a student meet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, open } from './helpers.mjs';

const box = (page, id) => page.$eval(`#${id}`, (el) => {
  const r = el.getBoundingClientRect();
  return { x: r.x, y: r.y, w: r.width, h: r.height, bottom: r.bottom };
});

test('on a 390x844 phone the plot, Play, Step and the trace fit the first screen, and nothing moves while playing', async () => {
  const env = await start();
  try {
    const page = await open(env, '?dataset=cancer&standardize=true&batch=8', { width: 390, height: 844 });
    assert.equal(await page.$eval('#app', (el) => el.dataset.layout), 'stack');
    const before = { surface: await box(page, 'surface'), play: await box(page, 'play'), step: await box(page, 'step'), trace: await box(page, 'trace') };
    assert.ok(before.surface.w >= 300, `contour plot ${before.surface.w} wide`);
    for (const id of ['surface', 'play', 'step', 'trace']) assert.ok(before[id].bottom <= 844, `${id} ends at ${before[id].bottom}`);
    // The surface legend sits by its plot, before the buttons.
    const legend = await page.$eval('.surface-figure .legend', (el) => el.getBoundingClientRect().top);
    assert.ok(legend > before.surface.bottom - 1 && legend < before.play.y, 'the legend between the plot and Play');
    await page.click('#play');
    const seen = [];
    for (let i = 0; i < 8; i++) {
      await page.waitForTimeout(150);
      seen.push([(await box(page, 'surface')).y, (await box(page, 'play')).y, (await box(page, 'trace')).y]);
    }
    assert.ok((await page.evaluate(() => window.descent.state().step)) > 3);
    for (const ys of seen) assert.deepEqual(ys, [before.surface.y, before.play.y, before.trace.y]);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390);
    assert.deepEqual(page.problems, []);
    await page.close();
    // The chain-rule scene's panel shows its table on a phone.
    const chain = await open(env, '?scene=chain-rule', { width: 390, height: 844 });
    assert.ok((await box(chain, 'chain-panel')).h > 200, 'the chain panel has room');
    await chain.close();
  } finally {
    await env.close();
  }
});

test('the projector theme scales chart text with the plot and keeps the plots large at 1280x720', async () => {
  const env = await start();
  try {
    const plain = await open(env, '', { width: 1280, height: 720 });
    const projector = await open(env, '?theme=projector', { width: 1280, height: 720 });
    assert.equal(await projector.$eval('#app', (el) => el.dataset.theme), 'projector');
    assert.equal(await projector.$eval('#theme', (el) => el.value), 'projector');
    const surface = await box(projector, 'surface');
    assert.ok(surface.w >= 480 && surface.h >= 450, `contour plot ${surface.w}x${surface.h}`);
    // Chart text is drawn larger: measure the axis numbers' ink by the
    // height of the x axis's label row (dark pixels below the plot area).
    const inkRows = (page) => page.evaluate(() => {
      window.descent.render();
      const c = document.getElementById('trace');
      const { data, width, height } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      let rows = 0;
      for (let y = Math.floor(height * 0.7); y < height; y++) {
        let dark = 0;
        for (let x = 0; x < width; x++) if (data[(y * width + x) * 4] < 110) dark++;
        if (dark > 2) rows++;
      }
      return rows;
    });
    const [a, b] = [await inkRows(plain), await inkRows(projector)];
    assert.ok(b > a * 1.15, `projector axis text ${b} rows of ink vs ${a}`);
    // Page text is larger too.
    const size = (page) => page.$eval('#status', (el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok((await size(projector)) >= (await size(plain)));
    // A theme is a setting: it travels in the link and changes live.
    await plain.selectOption('#theme', 'dark');
    assert.equal(await plain.$eval('#app', (el) => el.dataset.theme), 'dark');
    await plain.waitForFunction(() => location.search.includes('theme=dark'));
    assert.deepEqual(plain.problems, []);
    assert.deepEqual(projector.problems, []);
    await plain.close();
    await projector.close();
  } finally {
    await env.close();
  }
});

test('keyboard: the speed slider steps by arrow keys, the plot moves the start, notices never widen the page', async () => {
  const env = await start();
  try {
    const page = await open(env, `?lr=${'9'.repeat(5000)}&dataset=${'x'.repeat(300)}`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 1280);
    const notices = await page.textContent('#notice-list');
    assert.match(notices, /\(5000 characters in all\)/);
    assert.ok(notices.length < 600, `${notices.length} characters of notices`);
    await page.focus('#speed');
    const speeds = [];
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('ArrowRight');
      speeds.push(await page.evaluate(() => window.descent.state().speed));
    }
    assert.ok(speeds.every((v, i) => i === 0 || v > speeds[i - 1]), `speeds ${speeds}`);
    assert.ok(speeds[9] > 12, `ten presses from 10 reach ${speeds[9]}`);
    // The contour plot takes focus and the arrows move the start; the
    // start is kept when the data set is the same, and a new one brings its own.
    await page.focus('#surface');
    const s0 = await page.evaluate(() => window.descent.state().start);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Shift+ArrowDown');
    const s1 = await page.evaluate(() => window.descent.state().start);
    assert.ok(s1[0] < s0[0] && s1[1] < s0[1], `${s0} to ${s1}`);
    assert.equal(await page.evaluate(() => window.descent.state().step), 0, 'arrows on the plot do not step');
    await page.evaluate(() => window.descent.reset());
    assert.deepEqual(await page.evaluate(() => window.descent.state().start), s1);
    await page.selectOption('#dataset', 'cancer');
    assert.deepEqual(await page.evaluate(() => window.descent.state().start), [0, 0]);
    await page.close();
  } finally {
    await env.close();
  }
});

test('a plot goes full screen and comes back, drawn at its new size', async () => {
  const env = await start();
  try {
    const page = await open(env, '', { width: 1280, height: 800 });
    const before = await page.$eval('#trace', (el) => el.width);
    await page.click('.trace-figure [data-fullscreen]');
    await page.waitForFunction(() => document.fullscreenElement?.classList.contains('trace-figure'));
    await page.waitForFunction((w) => document.getElementById('trace').width > w * 1.5, before);
    await page.keyboard.press('Escape').catch(() => {});
    await page.evaluate(() => document.fullscreenElement && document.exitFullscreen());
    await page.waitForFunction(() => !document.fullscreenElement);
    await page.waitForFunction((w) => document.getElementById('trace').width === w, before);
    assert.deepEqual(page.problems, []);
    await page.close();
  } finally {
    await env.close();
  }
});

test('the trace shows L − L* on a log scale, and the colour bar has numbers', async () => {
  const env = await start();
  try {
    const page = await open(env, '?dataset=cancer&standardize=true&lr=5&trace_y=gap');
    await page.evaluate(() => window.descent.step(40));
    assert.match(await page.textContent('#trace-caption'), /L − L\*/);
    assert.equal(await page.$eval('#trace-y', (el) => el.value), 'gap');
    const [lo, hi] = [await page.textContent('#colourbar-low'), await page.textContent('#colourbar-high')];
    assert.ok(Number(lo) > 0.28 && Number(lo) < 0.3, `colour bar from ${lo}`);
    assert.ok(Number(hi) > Number(lo), `to ${hi}`);
    await page.selectOption('#trace-y', 'loss');
    assert.match(await page.textContent('#trace-caption'), /^Loss against step/);
    assert.deepEqual(page.problems, []);
    await page.close();
  } finally {
    await env.close();
  }
});
