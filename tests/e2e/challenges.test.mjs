// Challenges: a task with a check on the live state, met through the API
// and through the controls, its hint offered after a while, a bad link a
// notice and the plain page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, open } from './helpers.mjs';

test('a challenge is met through the controls, said with its reason, and reopens from its link', async () => {
  const env = await start();
  try {
    const page = await open(env, '?challenge=epoch-of-8', { width: 1280, height: 800 });
    const list = await page.evaluate(() => window.descent.challenges());
    assert.ok(list.length >= 8 && new Set(list.map((c) => c.section)).size === 5, 'at least eight, across five sections');
    let state = await page.evaluate(() => window.descent.challengeState());
    assert.equal(state.id, 'epoch-of-8');
    assert.equal(state.met, false);
    assert.equal(state.why, null);
    assert.match(await page.innerText('#challenge-banner'), /exactly 8 steps.\s*Not yet/);
    // The batch-size field, as a student types it.
    await page.fill('#batch', '75');
    await page.press('#batch', 'Enter');
    await page.waitForFunction(() => window.descent.challengeState().met);
    state = await page.evaluate(() => window.descent.challengeState());
    assert.match(state.why, /569/);
    assert.match(await page.innerText('#challenge-banner'), /Done/);
    assert.ok(await page.evaluate(() => document.getElementById('challenge-banner').classList.contains('met')));
    // The address carries the challenge and the answer.
    const url = page.url();
    assert.match(url, /challenge=epoch-of-8/);
    assert.match(url, /batch=75/);
    const again = await open(env, url.slice(env.base.length), { width: 1280, height: 800 });
    assert.equal(await again.evaluate(() => window.descent.challengeState().met), true);
    assert.deepEqual(page.problems, []);
  } finally {
    await env.close();
  }
});

test('a challenge is met through the API; its hint is offered after a while; a bad link is a notice', async () => {
  const env = await start();
  try {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.clock?.install?.();
    const page = await open({ ...env, browser: context }, '?challenge=largest-rate', { width: 1280, height: 800 });
    const met = await page.evaluate(() => {
      const api = window.descent;
      const limit = api.state().stability.lrMax;
      return { limit, before: api.challengeState().met };
    });
    assert.equal(met.before, false);
    // The hint: offered after 30 s unsolved, shown when asked for.
    assert.equal(await page.isVisible('#challenge-hint-button'), false);
    if (context.clock) {
      await context.clock.runFor(31000);
      await page.waitForSelector('#challenge-hint-button', { state: 'visible' });
      await page.click('#challenge-hint-button');
      assert.equal(await page.isVisible('#challenge-hint'), true);
      const s = await page.evaluate(() => window.descent.challengeState());
      assert.equal(s.hintsShown, 1);
      assert.match(s.hint, /2\/λmax/);
    }
    // Met through the API: just under the stability limit, played.
    const after = await page.evaluate((limit) => {
      const api = window.descent;
      api.set({ lr: Number((0.95 * limit).toPrecision(4)) });
      api.step(200);
      return api.challengeState();
    }, met.limit);
    assert.equal(after.met, true, JSON.stringify(after));
    assert.match(after.why, /2\/λmax/);
    await page.close();
    const bad = await open(env, '?challenge=nope&lr=0.2', { width: 1280, height: 800 });
    const s = await bad.evaluate(() => ({ challenge: window.descent.challengeState(), lr: window.descent.state().lr, notices: document.getElementById('notice-list').textContent }));
    assert.equal(s.challenge, null);
    assert.equal(s.lr, 0.2, 'the rest of the link still applies');
    assert.match(s.notices, /challenge.*nope.*is not a challenge/);
  } finally {
    await env.close();
  }
});

test('one point added by clicking the data view moves the slope enough', async () => {
  const env = await start();
  try {
    const page = await open(env, '?challenge=move-slope', { width: 1280, height: 720 });
    await page.check('#edit-data');
    const box = await page.locator('#data').boundingBox();
    // Class 0 (shift) near the right end of the plot, where the curve says class 1.
    await page.keyboard.down('Shift');
    await page.mouse.click(box.x + box.width * 0.9, box.y + box.height * 0.5);
    await page.keyboard.up('Shift');
    const c = await page.evaluate(() => window.descent.challengeState());
    assert.equal(c.met, true);
    assert.match(await page.textContent('#challenge-result'), /✓ Done\. A point far out/);
    assert.deepEqual(page.problems, []);
  } finally {
    await env.close();
  }
});

test('the control a challenge needs is lit up on a laptop and one tap away on a phone', async () => {
  const env = await start();
  try {
    const laptop = await open(env, '?challenge=epoch-of-8', { width: 1280, height: 720 });
    assert.equal(await laptop.isVisible('#challenge-go'), false);
    assert.equal(await laptop.evaluate(() => document.getElementById('batch').closest('label').classList.contains('spotlight')), true);
    const phone = await open(env, '?challenge=diverge', { width: 390, height: 844 });
    const inView = () => phone.evaluate(() => {
      const r = document.getElementById('lr').getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    });
    assert.equal(await inView(), false, 'the slider starts far below');
    await phone.click('#challenge-go');
    await phone.waitForFunction(() => {
      const r = document.getElementById('lr').getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    });
    for (const p of [laptop, phone]) assert.deepEqual(p.problems, []);
  } finally {
    await env.close();
  }
});
