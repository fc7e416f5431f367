// A deck: a clicker's keys step through its scenes, the corner says where,
// b blanks the screen, the link reopens the same deck at the same scene,
// and the API moves through it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, open } from './helpers.mjs';

test('a deck is stepped through with the keys and reopens from its link', async () => {
  const env = await start();
  try {
    const page = await open(env, '?deck=lecture', { width: 1280, height: 720 });
    const deck = await page.evaluate(() => window.descent.deck());
    assert.ok(deck.length >= 16);
    assert.deepEqual(deck.slice(0, 2).map((d) => d.key), ['loss-surface', 'two-features']);
    assert.match(await page.textContent('#deck-corner'), /16 slides: Page Down to start/);
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('ArrowRight');
    let s = await page.evaluate(() => window.descent.state());
    assert.equal(s.scene, deck[2].key);
    assert.equal(await page.textContent('#deck-corner'), `3 / ${deck.length} · ${deck[2].title}`);
    await page.keyboard.press('PageUp');
    assert.equal(await page.evaluate(() => window.descent.state().scene), deck[1].key);
    // The contour plot keeps its arrows (they move the start); Page Down still moves the deck.
    await page.focus('#surface');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => window.descent.state().scene), deck[1].key);
    await page.keyboard.press('PageDown');
    assert.equal(await page.evaluate(() => window.descent.state().scene), deck[2].key);
    await page.keyboard.press('PageUp');
    // b blanks the screen and brings it back.
    await page.keyboard.press('b');
    assert.equal(await page.isVisible('#deck-blank'), true);
    await page.keyboard.press('b');
    assert.equal(await page.isVisible('#deck-blank'), false);
    // The link reopens the same deck at the same scene.
    const again = await open(env, page.url().slice(env.base.length), { width: 1280, height: 720 });
    s = await again.evaluate(() => window.descent.state());
    assert.equal(s.scene, deck[1].key);
    assert.equal((await again.evaluate(() => window.descent.deck())).length, deck.length);
    // The API: to the end and past it, back to the start and before it.
    const moves = await again.evaluate(() => {
      const api = window.descent;
      const n = api.deck().length;
      return [api.goTo(n + 5), api.next(), api.goTo(0), api.previous(), api.state().scene];
    });
    assert.deepEqual(moves, [deck.length - 1, deck.length - 1, 0, 0, deck[0].key]);
    // A deck of chosen scenes, and a bad one named.
    const chosen = await open(env, '?deck=trace,scaling', { width: 1280, height: 720 });
    assert.deepEqual((await chosen.evaluate(() => window.descent.deck())).map((d) => d.key), ['trace', 'scaling']);
    const bad = await open(env, '?deck=trace,nope&lr=0.2', { width: 1280, height: 720 });
    assert.deepEqual(await bad.evaluate(() => window.descent.deck()), []);
    assert.match(await bad.textContent('#notice-list'), /"nope", which is not a scene/);
    assert.equal(await bad.evaluate(() => window.descent.state().lr), 0.2);
    for (const p of [page, again, chosen]) assert.deepEqual(p.problems, []);
  } finally {
    await env.close();
  }
});

test('a presenter window shows the notes and the next slide, and drives the deck', async () => {
  const env = await start();
  try {
    // One browser profile, as a lecturer's two windows are.
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const shared = { ...env, browser: context };
    const deck = await open(shared, '?deck=lecture&scene=learning-rates', { width: 1280, height: 720 });
    const presenter = await open(shared, '?deck=lecture&presenter=1', { width: 1000, height: 700 });
    await presenter.waitForFunction(() => window.descentPresenter?.at?.key === 'learning-rates');
    assert.equal(await presenter.textContent('#presenter-at'), 'Slide 4 of 16');
    assert.match(await presenter.textContent('#presenter-notes'), /stability limit/);
    assert.equal(await presenter.textContent('#presenter-next-title'), 'Reading a trace plot');
    // The next slide, live in a figure of its own.
    const preview = presenter.frameLocator('#presenter-preview');
    assert.match(await presenter.getAttribute('#presenter-preview', 'src'), /\?scene=trace&embed=1&controls=none$/);
    await preview.locator('body[data-ready="1"]').waitFor({ timeout: 15000 });
    assert.equal(await preview.locator('#play').isVisible(), false, 'a figure, without controls');
    assert.equal(await preview.locator('#surface').isVisible(), true);
    // The presenter's Next and its clicker keys move the deck's window.
    await presenter.click('#presenter-next');
    await deck.waitForFunction(() => window.descent.state().scene === 'trace');
    await presenter.keyboard.press('PageDown');
    await deck.waitForFunction(() => window.descent.state().scene === 'scaling');
    // And the deck's own keys move the presenter's notes.
    await deck.keyboard.press('PageUp');
    await presenter.waitForFunction(() => window.descentPresenter.at.key === 'trace');
    assert.deepEqual(deck.problems, []);
    assert.deepEqual(presenter.problems, []);
  } finally {
    await env.close();
  }
});
