// What fuzzing the page's entry points found (URLs, API calls,
// postMessages, CSV files, deck texts), each fixed and kept fixed here: a
// frame that answers from the first moment, an empty deck refused, long
// words that never widen the page, messages said whole, refused files that
// leave the data on screen named, repeated keys and huge argument lists
// answered in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, open } from './helpers.mjs';

test('a frame answers a command posted on its load event, and a huge argument list in words', async () => {
  const env = await start();
  try {
    const page = await env.browser.newPage({ viewport: { width: 1000, height: 700 } });
    await page.setContent('<!doctype html><title>host</title><body></body>');
    const answers = await page.evaluate(async (src) => {
      const replies = [];
      window.addEventListener('message', (event) => {
        if (event.data?.descent === 1 && event.data.id !== undefined) replies.push(event.data);
      });
      // The usual idiom, five times over: post as soon as the frame's load event fires.
      for (let k = 0; k < 5; k++) {
        const frame = document.createElement('iframe');
        frame.width = 800;
        frame.height = 500;
        frame.addEventListener('load', () => {
          frame.contentWindow.postMessage({ descent: 1, id: `state-${k}`, method: 'state' }, '*');
          frame.contentWindow.postMessage({ descent: 1, id: `set-${k}`, method: 'set', args: [{ lr: 0.2 }] }, '*');
          frame.contentWindow.postMessage({ descent: 1, id: `huge-${k}`, method: 'step', args: new Array(200000).fill(1) }, '*');
        });
        frame.src = `${src}?embed=1&k=${k}`;
        document.body.append(frame);
      }
      const until = Date.now() + 20000;
      while (replies.length < 15 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      return replies;
    }, env.base);
    const by = Object.fromEntries(answers.map((a) => [a.id, a]));
    for (let k = 0; k < 5; k++) {
      assert.equal(typeof by[`state-${k}`]?.result?.step, 'number', `frame ${k} answered state: ${JSON.stringify(by[`state-${k}`])}`);
      assert.equal(by[`set-${k}`]?.result, null, `frame ${k} applied set`);
      assert.match(by[`huge-${k}`]?.error ?? '', /200000 arguments; no command takes more than/);
    }
  } finally {
    await env.close();
  }
});

test('openDeck of an empty or blank text throws and leaves the deck on screen', async () => {
  const env = await start();
  try {
    const page = await open(env, '?deck=lecture&slide=3', { width: 1280, height: 720 });
    const outcome = await page.evaluate(() => {
      const api = window.descent;
      const tries = ['', '   \n  ', 'descent deck\n'].map((text) => {
        try {
          return `returned ${JSON.stringify(api.openDeck(text))}`;
        } catch (error) {
          return error.message;
        }
      });
      return { tries, count: api.deck().length, slide: api.state().page.slide };
    });
    for (const message of outcome.tries) assert.match(message, /no slide/);
    assert.equal(outcome.count, 16);
    assert.equal(outcome.slide, 2);
    assert.match(await page.textContent('#deck-corner'), /^3 \/ 16/);
    assert.deepEqual(page.problems, []);
  } finally {
    await env.close();
  }
});

test('an unbroken title or caption never widens the page, nor a slide entrance', async () => {
  const env = await start();
  try {
    const page = await open(env, '?deck=lecture&slide=1', { width: 1280, height: 720 });
    await page.evaluate(() => {
      const api = window.descent;
      api.editSlide(0, { title: 'W'.repeat(110), caption: 'x'.repeat(1100) });
      api.goTo(0);
    });
    await page.waitForTimeout(100);
    const wide = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
    assert.ok(wide[0] <= wide[1], `the page is ${wide[0]} wide in a ${wide[1]} window`);
    // The plots keep their room, and the deck's corner one line.
    const sizes = await page.evaluate(() => ['surface', 'update', 'deck-corner'].map((id) => document.getElementById(id).getBoundingClientRect().height));
    assert.ok(sizes[0] > 250, `the contour plot is ${sizes[0]} px high`);
    assert.ok(sizes[1] < 80 && sizes[2] < 40, `the update line ${sizes[1]} px and the corner ${sizes[2]} px high`);
    // Each slide change: the old picture moves inside its plot, never past the window.
    const widest = await page.evaluate(async () => {
      let most = 0;
      for (let k = 1; k < 8; k++) {
        window.descent.goTo(k);
        const until = performance.now() + 500;
        while (performance.now() < until) {
          await new Promise((r) => requestAnimationFrame(r));
          most = Math.max(most, document.documentElement.scrollWidth - innerWidth, document.documentElement.scrollHeight - innerHeight);
        }
      }
      return most;
    });
    assert.equal(widest, 0, `the page grew by ${widest} px during an entrance`);
    assert.deepEqual(page.problems, []);
  } finally {
    await env.close();
  }
});

test('a divergence alert is said whole at 1280x800, and notices name what they use', async () => {
  const env = await start();
  try {
    const page = await open(env, '?dataset=cancer&lr=0.5', { width: 1280, height: 800 });
    await page.evaluate(() => window.descent.step(200));
    await page.waitForSelector('#alert', { state: 'visible' });
    const alert = await page.$eval('#alert', (el) => ({
      text: el.innerText, cut: el.scrollHeight > el.clientHeight + 1, bottom: el.getBoundingClientRect().bottom,
    }));
    assert.match(alert.text, /lower it and press Reset/);
    assert.equal(alert.cut, false, `the alert is cut: ${alert.text}`);
    assert.ok(alert.bottom <= 800);
    // A key given twice, an unknown scene and a slide past a one-slide deck, in words.
    const notices = await open(env, '?lr=0.1&lr=0.3&scene=nope', { width: 1280, height: 800 });
    const text = await notices.textContent('#notice-list');
    assert.match(text, /lr is given more than once \("0.1", then "0.3"\); using the last, "0.3"/);
    assert.doesNotMatch(text, /using \.|using $/m);
    assert.match(text, /"nope".*using the default view/);
    assert.equal(await notices.evaluate(() => window.descent.state().lr), 0.3);
    const one = await open(env, '?deck=trace&slide=5', { width: 1280, height: 800 });
    assert.match(await one.textContent('#notice-list'), /slide = "5" is not a whole number from 1 to 1; using 1/);
    for (const p of [page, notices, one]) assert.deepEqual(p.problems, []);
  } finally {
    await env.close();
  }
});

test('a refused file leaves the file button and the column menus naming the data on screen; decimal commas are read', async () => {
  const env = await start();
  try {
    const dir = await mkdtemp(join(tmpdir(), 'descent-csv-'));
    const good = join(dir, 'tumours.csv');
    const bad = join(dir, 'broken.csv');
    const european = join(dir, 'europe.csv');
    await writeFile(good, 'size,kind\n1.5,1\n0.5,0\n2.5,1\n0.2,0\n1.9,0\n0.9,1\n');
    await writeFile(bad, 'only one column\n1\n2\n');
    await writeFile(european, 'radius;label\n12,5;1\n8,25;0\n14,1;1\n9,0;0\n13,2;0\n10,4;1\n');
    const page = await open(env, '', { width: 1280, height: 800 });
    await page.setInputFiles('#csv-file', good);
    await page.waitForFunction(() => window.descent.dataset().y.length === 6);
    const shown = () => page.evaluate(() => ({
      file: document.getElementById('csv-file').files[0]?.name ?? '',
      x: document.getElementById('csv-x').selectedOptions[0]?.textContent,
      label: document.getElementById('csv-label').selectedOptions[0]?.textContent,
      n: window.descent.dataset().y.length,
    }));
    const before = await shown();
    assert.deepEqual(before, { file: 'tumours.csv', x: 'size', label: 'kind', n: 6 });
    await page.setInputFiles('#csv-file', bad);
    await page.waitForFunction(() => /Not used/.test(document.getElementById('csv-message').textContent));
    assert.deepEqual(await shown(), before, 'the controls still name the data on screen');
    // Excel's export in much of Europe: semicolons and decimal commas.
    await page.setInputFiles('#csv-file', european);
    await page.waitForFunction(() => /decimal commas/.test(document.getElementById('csv-message').textContent));
    assert.deepEqual(await shown(), { file: 'europe.csv', x: 'radius', label: 'label', n: 6 });
    assert.deepEqual(page.problems, []);
  } finally {
    await env.close();
  }
});

test('in a small frame the "Open full view" link covers no words', async () => {
  const env = await start();
  try {
    const found = [];
    for (const [query, width, height] of [['?scene=learning-rates&embed=1', 640, 400], ['?scene=learning-rates&embed=1&controls=none', 640, 400],
      ['?scene=batches&embed=1', 800, 500], ['?scene=local-minima&embed=1', 800, 500]]) {
      const page = await open(env, query, { width, height });
      const overlaps = await page.evaluate(() => {
        const link = document.getElementById('full-view').getBoundingClientRect();
        const out = [];
        for (const el of document.querySelectorAll('.status, .remark, .alert, figcaption, .legend, .buttons button, .controls label')) {
          if (!el.getClientRects().length) continue;
          const range = document.createRange();
          range.selectNodeContents(el);
          // The words as shown: clipped to the element's content box (a line cut with … runs on unseen).
          const box = el.getBoundingClientRect();
          const right = box.right - parseFloat(getComputedStyle(el).paddingRight);
          for (const t of range.getClientRects()) {
            const r = { left: t.left, right: Math.min(t.right, right), top: t.top, bottom: t.bottom };
            if (r.right > r.left && r.right > link.left && r.left < link.right && r.bottom > link.top && r.top < link.bottom) {
              out.push(`${el.id || el.className}: "${el.textContent.trim().slice(0, 40)}"`);
              break;
            }
          }
        }
        return out;
      });
      for (const o of overlaps) found.push(`${query} at ${width}x${height}: the link covers ${o}`);
      assert.deepEqual(page.problems, []);
      await page.close();
    }
    assert.deepEqual(found, [], found.join('\n'));
  } finally {
    await env.close();
  }
});
