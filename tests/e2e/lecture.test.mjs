// The lecture as it is given: the deck presented on a projector with a
// clicker's keys at 1920x1080, 1280x720 and 1024x768, and every scene
// followed on a 390x844 phone by touch. Each slide and scene is checked for
// what would cost a lecturer the room: Play out of reach, text cut or too
// small to read from the back, the chain-rule table cut, the start not
// following a finger, the plot moving under it when a challenge is met.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, open } from './helpers.mjs';

/**
 * What is wrong with the page as presented now, in words: Play and Step
 * out of reach, meaningful text cut, overflowing, off the screen or under
 * 2.5% of the screen's height (axis text included), the chain table cut.
 */
function presentingProblems() {
  const problems = [];
  const H = innerHeight;
  const W = innerWidth;
  const floor = 0.025 * H - 0.01;
  const root = document.getElementById('app');
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
    && !el.closest('[hidden]');
  const name = (el) => `#${el.id || el.className || el.tagName}`;
  // Play and Step: on screen, not covered, not scrolled away.
  for (const id of ['play', 'step']) {
    const el = document.getElementById(id);
    const r = el.getBoundingClientRect();
    const hit = shown(el) && r.bottom <= H && r.top >= 0 && r.right <= W && r.left >= 0
      && el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
    if (!hit) problems.push(`${id} is not reachable without scrolling (${Math.round(r.top)}..${Math.round(r.bottom)})`);
  }
  // Every element that carries words, on the stage.
  const words = root.querySelectorAll(['.scene-banner', '.status', '.alert', '.remark', 'figcaption', '.legend',
    '.legend > span', '.run-legend .run', '.update', '.deck-corner', '.challenge-banner', '.chain-panel',
    '.chain-panel th', '.chain-panel td', '.buttons button'].join(','));
  for (const el of words) {
    if (!shown(el) || !el.textContent.trim()) continue;
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.right > W + 0.5 || r.bottom > H + 0.5 || r.left < -0.5 || r.top < -0.5) {
      problems.push(`${name(el)} is off the screen (${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)}): "${el.textContent.trim().slice(0, 40)}"`);
    }
    if (style.display !== 'inline' && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
      problems.push(`${name(el)} is cut or overflows (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}): "${el.textContent.trim().slice(0, 50)}"`);
    }
    // Type: the smallest of its own text (a legend's entries, a table's cells).
    const size = parseFloat(style.fontSize);
    const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (ownText && size < floor) problems.push(`${name(el)} has ${size.toFixed(1)} px type (at least ${(0.025 * H).toFixed(1)}): "${el.textContent.trim().slice(0, 30)}"`);
  }
  // Axis text on the plots, as drawn.
  for (const canvas of root.querySelectorAll('canvas[data-text-px]')) {
    if (!shown(canvas)) continue;
    const px = Number(canvas.dataset.textPx);
    if (!(px >= floor)) problems.push(`${canvas.id}'s axis text is ${px.toFixed(1)} px`);
  }
  if (!root.querySelector('canvas[data-text-px]')) problems.push('no canvas says the size of its text (data-text-px)');
  // Every plot shown keeps a plotting area worth looking at: a quarter of
  // the screen's height, and a seventh of its width.
  for (const canvas of root.querySelectorAll('canvas[data-plot]')) {
    if (!shown(canvas)) continue;
    const [left, top, right, bottom] = canvas.dataset.plot.split(',').map(Number);
    if (!(bottom - top >= 0.25 * H && right - left >= W / 7)) {
      problems.push(`${canvas.id}'s plotting area is ${Math.round(right - left)}x${Math.round(bottom - top)} (at least ${Math.round(W / 7)}x${Math.round(0.25 * H)})`);
    }
  }
  // The chain-rule table whole, without scrolling inside its panel.
  const panel = document.getElementById('chain-panel');
  if (shown(panel)) {
    const box = panel.getBoundingClientRect();
    for (const row of panel.querySelectorAll('tr')) {
      const r = row.getBoundingClientRect();
      if (r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5 || r.bottom > H || r.right > box.right + 0.5) {
        problems.push(`chain table row "${row.textContent.trim().slice(0, 30)}" is cut (${Math.round(r.top)}..${Math.round(r.bottom)} in ${Math.round(box.top)}..${Math.round(box.bottom)})`);
      }
    }
  }
  if (document.documentElement.scrollWidth > W || document.documentElement.scrollHeight > H) {
    problems.push(`the page scrolls (${document.documentElement.scrollWidth}x${document.documentElement.scrollHeight})`);
  }
  return problems;
}

for (const [width, height] of [[1920, 1080], [1280, 720], [1024, 768]]) {
  test(`the lecture's deck presented at ${width}x${height} with a clicker: every slide readable, Play in reach, Space plays`, async () => {
    const env = await start();
    try {
      // From the trace slide, whose caption says "press Play".
      const page = await open(env, '?deck=lecture&slide=5', { width, height });
      await page.click('#deck-edit');
      await page.click('#deck-present');
      await page.waitForFunction(() => document.fullscreenElement?.id === 'app');
      await page.waitForTimeout(100);
      const found = [];
      const expect = async (what, fn, want) => { if ((await page.evaluate(fn)) !== want) found.push(what); };
      const running = () => window.descent.state().running;
      await expect('the dialog is still open after Present', () => document.getElementById('deck-dialog').open, false);
      await page.keyboard.press(' ');
      await page.waitForTimeout(50);
      await expect('Space after Present opened the Deck dialog', () => document.getElementById('deck-dialog').open, false);
      await page.evaluate(() => document.getElementById('deck-dialog').close());
      await expect('Space after Present does not play', running, true);
      await page.keyboard.press(' ');
      await expect('Space does not pause', running, false);
      // A button pressed with the mouse keeps focus: the clicker's keys still go to the deck and the run.
      await page.click('#step', { timeout: 3000 }).catch(() => found.push('Step cannot be clicked'));
      await page.keyboard.press(' ');
      await expect('Space does not play with Step focused', running, true);
      await page.keyboard.press(' ');
      await expect('Space does not pause with Step focused', running, false);
      // The slide's own control in the bottom row, clicked: Space still plays, and the box stays as it was.
      if (await page.evaluate(() => window.descent.goTo(5) === 5 && Boolean(document.querySelector('.slide-control input[type=checkbox]')))) {
        await page.click('.slide-control input[type=checkbox]');
        const ticked = await page.evaluate(() => window.descent.state().standardize);
        await page.keyboard.press(' ');
        await expect('Space does not play with the slide\'s checkbox focused', () => window.descent.state().running || window.descent.state().path === 'live', true);
        await expect('Space ticked the slide\'s checkbox', () => window.descent.state().standardize, ticked);
        await page.evaluate(() => window.descent.pause());
      } else {
        found.push('slide 6 has no checkbox beside Play');
      }
      await page.evaluate(() => document.getElementById('deck-dialog').close());
      // End and Home go to the deck's ends; then the walk: Page Down through every slide.
      const slides = await page.evaluate(() => window.descent.deck());
      const count = slides.length;
      const at = () => window.descent.state().page.slide;
      await page.keyboard.press('End');
      await expect('End does not go to the last slide', at, count - 1);
      await page.keyboard.press('Home');
      await expect('Home does not go to the first slide', at, 0);
      for (let k = 0; k < count; k++) {
        if (k > 0) await page.keyboard.press('PageDown');
        // After the entrance: the old picture gone, the paths replayed.
        await page.waitForTimeout(1300);
        const at = await page.evaluate(() => window.descent.state().page.slide);
        if (at !== k) found.push(`Page Down reached slide ${at + 1}, not ${k + 1}`);
        await page.evaluate(() => window.descent.render());
        for (const problem of await page.evaluate(presentingProblems)) found.push(`slide ${k + 1}: ${problem}`);
        // The control the slide's caption asks for is at hand in the bottom row.
        const control = await page.evaluate(() => {
          const el = document.querySelector('.slide-control');
          const r = el?.getBoundingClientRect();
          return el ? { id: el.dataset.key, inside: r.width > 0 && r.bottom <= innerHeight && r.right <= innerWidth && r.top > innerHeight / 2 } : null;
        });
        const asks = { 'learning-rates': 'lr', scaling: 'standardize', penalty: 'lambda' }[slides[k].key];
        if (asks && !(control?.id === asks && control.inside)) found.push(`slide ${k + 1}: its control ${asks} is not at hand (${JSON.stringify(control)})`);
      }
      assert.deepEqual(found, [], `${found.length} problems at ${width}x${height}:\n${found.join('\n')}`);
      assert.deepEqual(page.problems, []);
    } finally {
      await env.close();
    }
  });
}

/** Touches the screen at `from`, moves the finger to `to` in steps, lifts it (CDP touch events). */
async function drag(page, from, to, steps = 12) {
  const cdp = await page.context().newCDPSession(page);
  const at = ([x, y]) => [{ x, y, id: 1, radiusX: 4, radiusY: 4, force: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(from) });
  for (let k = 1; k <= steps; k++) {
    const p = [from[0] + ((to[0] - from[0]) * k) / steps, from[1] + ((to[1] - from[1]) * k) / steps];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(p) });
    await page.waitForTimeout(16);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.waitForTimeout(100);
  await cdp.detach();
}

/** The plotting rectangle of a canvas in page CSS pixels, from its data-plot attribute. */
const plotRect = (page, id) => page.evaluate((id) => {
  const canvas = document.getElementById(id);
  const box = canvas.getBoundingClientRect();
  const [left, top, right, bottom] = (canvas.dataset.plot ?? '').split(',').map(Number);
  return { left: box.left + left, top: box.top + top, right: box.left + right, bottom: box.top + bottom };
}, id);

const phone = { width: 390, height: 844 };

test('every scene on a 390x844 phone by touch: the status whole, the start follows the finger', async () => {
  const env = await start();
  try {
    const context = await env.browser.newContext({ viewport: phone, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    const shared = { ...env, browser: context };
    const lecture = await open(shared, '?deck=lecture', phone);
    const scenes = (await lecture.evaluate(() => window.descent.deck())).map((slide) => slide.key);
    await lecture.close();
    const found = [];
    for (const scene of scenes) {
      const page = await open(shared, `?scene=${scene}`, phone);
      // Sixty steps on, as a class would see it: the numbers have their length.
      await page.evaluate(() => { window.descent.step(60); window.descent.render(); });
      const status = await page.$eval('#status', (el) => ({
        text: el.textContent, cut: el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1,
      }));
      if (status.cut) found.push(`${scene}: the status is cut: "${status.text}"`);
      // The chain rule's table whole across the phone, its last column too.
      const chain = await page.$eval('#chain-panel', (el) => (el.hidden ? null : { scroll: el.scrollWidth, width: el.clientWidth }));
      if (chain && chain.scroll > chain.width + 1) found.push(`${scene}: the chain table is ${chain.scroll} px wide in ${chain.width}`);
      // The start, dragged by a finger from a third of the way to two thirds.
      await page.$eval('#surface', (el) => el.scrollIntoView({ block: 'center' }));
      const r = await plotRect(page, 'surface');
      const from = [r.left + 0.3 * (r.right - r.left), r.top + 0.35 * (r.bottom - r.top)];
      const to = [r.left + 0.7 * (r.right - r.left), r.top + 0.65 * (r.bottom - r.top)];
      await drag(page, from, to);
      const s = await page.evaluate(() => window.descent.state());
      const [[a0, a1], [c0, c1]] = s.window;
      const x = r.left + ((s.start[0] - a0) / (a1 - a0)) * (r.right - r.left);
      const y = r.top + ((c1 - s.start[1]) / (c1 - c0)) * (r.bottom - r.top);
      if (!(Math.hypot(x - to[0], y - to[1]) <= 4)) {
        found.push(`${scene}: the start ended at (${x.toFixed(0)}, ${y.toFixed(0)}), the finger at (${to[0].toFixed(0)}, ${to[1].toFixed(0)})`);
      }
      if (page.problems.length) found.push(`${scene}: ${page.problems.join('; ')}`);
      await page.close();
    }
    assert.deepEqual(found, [], found.join('\n'));
  } finally {
    await env.close();
  }
});

/** A known solution of each challenge, through the API a student's controls use. */
const SOLUTIONS = {
  'near-minimum': (api) => api.set({ start: api.state().optimum.join(',') }),
  'finite-minimum': (api) => api.set({ penalty: 'l2', lambda: 0.05 }),
  'move-slope': (api) => api.addPoint(2.1, 0),
  'largest-gradient': (api) => {
    api.set({ point: 0 });
    let best = 0;
    let most = -1;
    for (let i = 0; i < api.dataset().y.length; i++) {
      api.set({ point: i });
      const g = Math.abs(api.state().chain.backward[1]);
      if (g > most) { most = g; best = i; }
    }
    api.set({ point: best });
  },
  diverge: (api) => { api.set({ lr: 0.5 }); api.step(200); },
  'largest-rate': (api) => { api.set({ lr: 0.95 * api.state().stability.lrMax }); api.step(200); },
  scaling: (api) => { api.set({ standardize: true }); api.step(200); },
  'global-minimum': (api) => { api.set({ noise: 1, noise_decay: 0.5 }); api.step(3000); },
  'epoch-of-8': (api) => api.set({ batch: 75 }),
};

test('on a phone, meeting a challenge moves nothing under the finger, and the result is one tap from the control', async () => {
  const env = await start();
  try {
    const context = await env.browser.newContext({ viewport: phone, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    const shared = { ...env, browser: context };
    const found = [];
    const first = await open(shared, '', phone);
    const challenges = await first.evaluate(() => window.descent.challenges().map((c) => c.id));
    await first.close();
    for (const id of challenges) {
      const page = await open(shared, `?challenge=${id}`, phone);
      const boxes = () => page.evaluate(() => ['surface', 'play', 'status', 'trace', 'data'].map((k) => {
        const r = document.getElementById(k).getBoundingClientRect();
        return `${k} ${Math.round(r.top + scrollY)} ${Math.round(r.height)}`;
      }));
      const before = await boxes();
      assert.ok(SOLUTIONS[id], `a solution for ${id}`);
      await page.evaluate(`(${SOLUTIONS[id].toString()})(window.descent)`);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      if (!(await page.evaluate(() => window.descent.challengeState().met))) found.push(`${id}: not met by its solution`);
      const after = await boxes();
      if (JSON.stringify(after) !== JSON.stringify(before)) found.push(`${id}: the layout moved: ${before} -> ${after}`);
      await page.close();
    }
    // To the control and back: the result and the plot one tap away.
    const page = await open(shared, '?challenge=epoch-of-8', phone);
    await page.tap('#challenge-go');
    await page.waitForTimeout(700);
    assert.ok(await page.$eval('#batch', (el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }), 'the control is on screen');
    await page.fill('#batch', '75');
    await page.press('#batch', 'Enter');
    await page.waitForFunction(() => window.descent.challengeState().met);
    // The result shows where the student is, and a tap goes back to the plot.
    const result = await page.evaluate(() => [...document.querySelectorAll('.challenge-banner, .challenge-back')]
      .filter((el) => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight && el.getClientRects().length; })
      .map((el) => el.textContent).join(' '));
    assert.match(result, /Done/, 'the result is on screen at the control');
    await page.tap('#challenge-back');
    await page.waitForTimeout(700);
    assert.ok(await page.$eval('#surface', (el) => { const r = el.getBoundingClientRect(); return r.top >= -1 && r.top < innerHeight / 2; }), 'back at the plot');
    assert.deepEqual(found, [], found.join('\n'));
    assert.deepEqual(page.problems, []);
  } finally {
    await env.close();
  }
});

test('the deck stepped through at 1280x720 without presenting: Play stays in view, no control overflows its column', async () => {
  const env = await start();
  try {
    const page = await open(env, '?deck=lecture', { width: 1280, height: 720 });
    const count = await page.evaluate(() => window.descent.deck().length);
    const found = [];
    for (let k = 0; k < count; k++) {
      await page.keyboard.press('PageDown');
      await page.waitForTimeout(150);
      const problems = await page.evaluate(() => {
        const out = [];
        const play = document.getElementById('play').getBoundingClientRect();
        const hit = document.elementFromPoint(play.x + play.width / 2, play.y + play.height / 2);
        if (play.top < 0 || play.bottom > innerHeight || !document.getElementById('play').contains(hit)) out.push(`Play is out of view (${Math.round(play.top)}..${Math.round(play.bottom)})`);
        const column = document.querySelector('.controls');
        const edge = column.getBoundingClientRect().right;
        if (column.scrollWidth > column.clientWidth + 1) out.push(`the controls column scrolls sideways (${column.scrollWidth} in ${column.clientWidth})`);
        for (const el of column.querySelectorAll('label, input, select, button, output, .run-row')) {
          if (!el.getClientRects().length) continue;
          const r = el.getBoundingClientRect();
          if (r.right > edge + 0.5) out.push(`${el.id || el.className || el.tagName} overflows the column by ${Math.round(r.right - edge)} px`);
        }
        for (const output of column.querySelectorAll('.slider output')) {
          if (output.getClientRects().length && !output.textContent.trim()) out.push(`the slider ${output.id} shows no value`);
        }
        return out;
      });
      for (const problem of problems) found.push(`slide ${k + 1}: ${problem}`);
    }
    assert.deepEqual(found, [], found.join('\n'));
    assert.deepEqual(page.problems, []);
  } finally {
    await env.close();
  }
});

test('by touch a note is dragged as by a mouse, and the 3-D view turns', async () => {
  const env = await start();
  try {
    const context = await env.browser.newContext({ viewport: phone, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    const page = await open({ ...env, browser: context }, '?scene=learning-rates', phone);
    await page.$eval('#surface', (el) => el.scrollIntoView({ block: 'center' }));
    const card = await page.evaluate(() => {
      const canvas = document.getElementById('surface');
      const box = canvas.getBoundingClientRect();
      const [l, t, r, b] = canvas.dataset.notes.split(';')[0].split(',').map(Number);
      return [box.left + (l + r) / 2, box.top + (t + b) / 2];
    });
    const before = await page.evaluate(() => window.descent.state());
    const r = await plotRect(page, 'surface');
    const [[a0, a1], [c0, c1]] = before.window;
    const toPixel = ([b0, b1]) => [r.left + ((b0 - a0) / (a1 - a0)) * (r.right - r.left), r.top + ((c1 - b1) / (c1 - c0)) * (r.bottom - r.top)];
    const [x0, y0] = toPixel(before.notes[0].at);
    await drag(page, card, [card[0] - 60, card[1] + 50]);
    const after = await page.evaluate(() => window.descent.state());
    const [x1, y1] = toPixel(after.notes[0].at);
    assert.ok(Math.hypot(x1 - x0 + 60, y1 - y0 - 50) <= 4, `the note's place moved by (${(x1 - x0).toFixed(0)}, ${(y1 - y0).toFixed(0)}), the finger by (-60, 50)`);
    assert.deepEqual(after.start, before.start, 'the start stayed');
    assert.equal(after.notes[0].label, before.notes[0].label);
    await page.waitForFunction(() => /notes=/.test(location.search) && !location.search.includes('1.94,4.49'));
    // The 3-D view of the local-minima scene turns under a finger.
    await page.goto(`${env.base}?scene=local-minima`);
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    await page.$eval('#surface3d', (el) => el.scrollIntoView({ block: 'center' }));
    const camera = await page.evaluate(() => window.descent.camera());
    const box = await page.$eval('#surface3d', (el) => { const b = el.getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]; });
    await drag(page, box, [box[0] + 80, box[1] + 20]);
    const turned = await page.evaluate(() => window.descent.camera());
    assert.ok(Math.abs(turned[0] - camera[0]) > 0.2, `the view turned: ${camera} -> ${turned}`);
    assert.deepEqual(page.problems, []);
  } finally {
    await env.close();
  }
});
