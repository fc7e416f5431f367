// Making a deck in the page: add views, rename, caption, reorder, remove;
// the deck's link reopens the same deck; its file opens again; notes pin
// labels to places; a slide change animates; presenting goes full screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, open } from './helpers.mjs';

test('a deck made in the page reopens from its link and its file', async () => {
  const env = await start();
  try {
    const page = await open(env, '?dataset=cancer&standardize=true&lr=30', { width: 1280, height: 720 });
    // What the copy buttons copy, kept where the test can read it.
    await page.evaluate(() => { navigator.clipboard.writeText = async (text) => { window.copied = text; }; });
    await page.click('#deck-edit');
    assert.equal(await page.isVisible('#deck-dialog'), true);
    assert.match(await page.textContent('#deck-list'), /No slides yet/);
    // The current view, named by hand.
    await page.click('#deck-add');
    await page.fill('#deck-list li:nth-child(1) .deck-title', 'Too large');
    await page.fill('#deck-list li:nth-child(1) .deck-caption', 'It overshoots & never settles.');
    await page.locator('#deck-list li:nth-child(1) .deck-caption').blur();
    // A second view, a third from a scene (its words come with it).
    await page.evaluate(() => window.descent.set({ lr: 2 }));
    await page.click('#deck-add');
    await page.evaluate(() => { window.descent.set({ scene: 'scaling' }); window.descent.addSlide(); });
    let deck = await page.evaluate(() => window.descent.deck());
    assert.deepEqual(deck.map((d) => d.title), ['Too large', 'Slide 2', 'Why scaling matters']);
    assert.equal(deck[0].caption, 'It overshoots & never settles.');
    assert.equal(deck[0].view, 'lr=30&dataset=cancer&standardize=true');
    assert.equal(deck[1].view, 'lr=2&dataset=cancer&standardize=true');
    assert.equal(deck[2].key, 'scaling');
    // Reorder with the buttons, remove one, the corner following.
    await page.click('#deck-list li:nth-child(3) [data-op=up]');
    deck = await page.evaluate(() => window.descent.deck());
    assert.deepEqual(deck.map((d) => d.title), ['Too large', 'Why scaling matters', 'Slide 2']);
    assert.equal(await page.textContent('#deck-corner'), '2 / 3 · Why scaling matters', 'the slide showing moved with it');
    await page.click('#deck-list li:nth-child(3) [data-op=remove]');
    assert.equal((await page.evaluate(() => window.descent.deck())).length, 2);
    // Show a slide from the list: its view comes back.
    await page.click('#deck-list li:nth-child(1) [data-op=open]');
    let s = await page.evaluate(() => window.descent.state());
    assert.deepEqual([s.page.slide, s.lr, s.dataset], [0, 30, 'cancer']);
    assert.match(await page.textContent('#scene-banner'), /Too large\. It overshoots & never settles\./);
    // The deck's link reopens the same deck at its first slide.
    await page.click('#deck-link');
    const link = await page.evaluate(() => window.copied);
    assert.match(link, /\?deck=descent%20deck%0A.*&slide=1$/);
    const again = await open(env, link.slice(env.base.length), { width: 1280, height: 720 });
    assert.deepEqual(await again.evaluate(() => window.descent.deck()), await page.evaluate(() => window.descent.deck()));
    s = await again.evaluate(() => window.descent.state());
    assert.deepEqual([s.page.slide, s.lr], [0, 30]);
    await again.keyboard.press('PageDown');
    assert.equal(await again.evaluate(() => window.descent.state().scene), 'scaling');
    // The downloaded file opens in a fresh page, the same deck.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#deck-download')]);
    assert.equal(download.suggestedFilename(), 'descent-deck.txt');
    const path = await download.path();
    const fresh = await open(env, '', { width: 1280, height: 720 });
    await fresh.click('#deck-edit');
    await fresh.setInputFiles('#deck-file', path);
    await fresh.waitForFunction(() => window.descent.deck().length === 2);
    assert.match(await fresh.textContent('#deck-message'), /: 2 slides\.$/);
    assert.deepEqual(await fresh.evaluate(() => window.descent.deck()), await page.evaluate(() => window.descent.deck()));
    // A file that is no deck is said so, and the page keeps its deck.
    const bad = await fresh.evaluate(() => { try { window.descent.openDeck('# nothing here'); return null; } catch (e) { return e.message; } });
    assert.match(bad, /This deck has no slide/);
    assert.equal((await fresh.evaluate(() => window.descent.deck())).length, 2);
    // Bad edits through the API are named, and nothing changes.
    const error = await fresh.evaluate(() => { try { window.descent.removeSlide(9); return null; } catch (e) { return e.message; } });
    assert.match(error, /there is no slide 9 \(the deck has 2/);
    for (const p of [page, again, fresh]) assert.deepEqual(p.problems, []);
  } finally {
    await env.close();
  }
});

test('notes point at places on the contour plot, and slides enter with an animation', async () => {
  const env = await start();
  try {
    const page = await open(env, '?deck=lecture&slide=10', { width: 1280, height: 720 });
    // The local-minima scene points at both minima.
    const notes = await page.evaluate(() => window.descent.state().notes);
    assert.deepEqual(notes.map((n) => n.label), ['a local minimum', 'the global minimum']);
    // A note placed by clicking: type, Point at, click the plot.
    await page.click('#deck-edit');
    await page.fill('#note-label', 'start here');
    await page.click('#note-place');
    assert.equal(await page.isVisible('#deck-dialog'), false);
    const box = await page.locator('#surface').boundingBox();
    const startBefore = await page.evaluate(() => window.descent.state().start);
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.45);
    const after = await page.evaluate(() => window.descent.state());
    assert.equal(after.notes.length, 3);
    assert.equal(after.notes[2].label, 'start here');
    assert.deepEqual(after.start, startBefore, 'placing a note does not move the start');
    assert.match(page.url(), /notes=/);
    // Going to the next slide: the old view's picture moves over the new
    // one and goes; the path replays from its start.
    const frames = await page.evaluate(async () => {
      window.descent.next();
      const seen = [];
      for (let k = 0; k < 8; k++) {
        await new Promise((r) => requestAnimationFrame(r));
        seen.push(document.querySelectorAll('canvas.entrance').length);
      }
      await new Promise((r) => setTimeout(r, 1500));
      seen.push(document.querySelectorAll('canvas.entrance').length);
      return seen;
    });
    assert.equal(frames[0], 1, 'the old picture shows at first');
    assert.equal(frames.at(-1), 0, 'and is gone after the entrance');
    // Presenting: full screen, the projector's colours, back on leaving.
    await page.evaluate(() => window.descent.present());
    await page.waitForFunction(() => document.fullscreenElement?.id === 'app');
    assert.equal(await page.evaluate(() => window.descent.state().page.theme), 'projector');
    const size = await page.evaluate(() => parseFloat(getComputedStyle(document.getElementById('scene-caption')).fontSize));
    assert.ok(size >= 19, `larger captions: ${size}px (the page's are 15.6 px here)`);
    await page.evaluate(() => document.exitFullscreen());
    await page.waitForFunction(() => !document.querySelector('.descent.presenting'));
    assert.equal(await page.evaluate(() => window.descent.state().page.theme), 'light');
    assert.deepEqual(page.problems, []);
  } finally {
    await env.close();
  }
});
