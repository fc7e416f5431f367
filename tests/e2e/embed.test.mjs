// descent on other people's pages: a strict Content-Security-Policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { start, open } from './helpers.mjs';
import { serve } from '../../scripts/serve.mjs';

const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:";

/** The frame of the iframe `selector`, once descent in it is ready. */
async function frameOf(page, selector) {
  const handle = await page.waitForSelector(selector);
  await handle.scrollIntoViewIfNeeded();
  let frame = null;
  for (let i = 0; i < 100 && !frame; i++) {
    frame = await handle.contentFrame();
    if (!frame || frame.url() === 'about:blank') { frame = null; await page.waitForTimeout(100); }
  }
  await frame.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 15000 });
  return frame;
}

/** Opens `path` and records every policy violation the page reports. */
async function openWatched(env, path) {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.violations = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) page.violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Refused to: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  await page.goto(env.base + path);
  if (!path.includes('examples/')) await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 15000 });
  return page;
}

test('under a strict Content-Security-Policy everything works with no violation', async () => {
  const env = await start({ 'content-security-policy': STRICT });
  try {
    const page = await openWatched(env, '?runs=gd:0.5,adam:0.05&dataset=cancer&standardize=true');
    assert.equal(await page.evaluate(() => document.body.dataset.ready), '1');
    await page.evaluate(() => window.descent.step(20));
    await page.click('#play');
    await page.waitForTimeout(300);
    await page.click('#play');
    // Controls built from markup, run rows with their colours, the chain
    // panel, the 3-D view: all without inline style or script.
    await page.click('#panel-chain');
    await page.selectOption('#view', 'both');
    await page.evaluate(() => window.descent.render());
    const swatch = await page.$eval('#run-2 .swatch', (el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(swatch, 'rgba(0, 0, 0, 0)', 'the run colour reaches its swatch');
    assert.deepEqual(page.violations, []);
    await page.close();
    // The worked course page, its two frames and its host script, likewise.
    const course = await openWatched(env, 'www/examples/course-page.html?strict');
    const frame = await frameOf(course, '#figure-rate');
    await frame.click('#play');
    await course.click('[data-lr="10"]');
    await course.waitForFunction(() => /step [1-9]/.test(document.getElementById('news').textContent), null, { timeout: 10000 });
    assert.deepEqual(course.violations, []);
    await course.close();
  } finally {
    await env.close();
  }
});

test('a policy that refuses WebAssembly is said in words', async () => {
  const env = await start({ 'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'" });
  try {
    const page = await env.browser.newPage();
    await page.goto(env.base);
    await page.waitForFunction(() => document.body.dataset.ready === 'failed', null, { timeout: 15000 });
    assert.match(await page.textContent('#app'), /Content-Security-Policy does not allow WebAssembly/);
    await page.close();
  } finally {
    await env.close();
  }
});

test('a cross-origin host page drives a frame by postMessage and hears its events', async () => {
  const env = await start();
  const other = await serve(0);
  try {
    // The course page on one origin, descent in its frames from another.
    const descent = `http://127.0.0.1:${other.address().port}/`;
    assert.notEqual(new URL(descent).origin, new URL(env.base).origin);
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${env.base}www/examples/course-page.html?descent=${encodeURIComponent(descent)}`);
    const frame = await frameOf(page, '#figure-rate');
    assert.ok(frame.url().startsWith(descent));
    // ready arrives; commands are answered with results or errors in words.
    await page.waitForFunction(() => /step 0, loss/.test(document.getElementById('news').textContent));
    const state = await page.evaluate(() => window.descentCommand('state'));
    assert.equal(state.step, 0);
    assert.equal(state.dataset, 'cancer');
    assert.equal(await page.evaluate(() => window.descentCommand('step', 5).then((s) => s.step)), 5);
    const refused = await page.evaluate(() => window.descentCommand('set', { lr: 'fast' }).then(() => 'accepted', (e) => e.message));
    assert.match(refused, /lr = "fast" is not a number/);
    const unknown = await page.evaluate(() => window.descentCommand('eval', '1').then(() => 'accepted', (e) => e.message));
    assert.match(unknown, /eval is not a command/);
    // Malformed messages are ignored: no answer, no error, still working.
    const before = await page.evaluate(() => window.descentHost.received);
    await page.evaluate(() => {
      const w = document.getElementById('figure-rate').contentWindow;
      for (const m of [null, 'play', 42, { descent: 2, id: 1, method: 'play' }, { descent: 1, method: 'play', args: 'x', id: 1 },
        { descent: 1, id: {}, method: 'play' }, { descent: 1, id: 9, method: 7 }]) w.postMessage(m, '*');
    });
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.descentHost.received), before);
    assert.equal(await frame.evaluate(() => window.descent.state().running), false);
    // The host's buttons: a rate, then play; step events (at most ten a second) report.
    await page.click('[data-lr="10"]');
    await page.waitForFunction(() => /step [1-9]\d*, loss .*learning rate 10$/.test(document.getElementById('news').textContent));
    const counted = await page.evaluate(async () => {
      let steps = 0;
      const count = (e) => { if (e.data?.event === 'step') steps += 1; };
      window.addEventListener('message', count);
      await new Promise((r) => setTimeout(r, 1000));
      window.removeEventListener('message', count);
      return steps;
    });
    assert.ok(counted >= 3 && counted <= 11, `${counted} step events in a second`);
    // On the raw radius a large rate diverges, and the host hears of it.
    const heard = page.evaluate(() => new Promise((resolve) => window.addEventListener('message', (e) => {
      if (e.data?.event === 'diverged') resolve(e.data.data);
    })));
    await page.evaluate(() => window.descentCommand('set', { standardize: false, lr: 50 }));
    await page.evaluate(() => window.descentCommand('play'));
    await page.waitForFunction(() => /diverged by step/.test(document.getElementById('news').textContent), null, { timeout: 10000 });
    const diverged = await heard;
    assert.equal(diverged.diverged, true);
    assert.equal(diverged.lr, 50);
    // The second frame went its own way: untouched by all of this.
    const second = await frameOf(page, '#figure-batches');
    const s2 = await second.evaluate(() => window.descent.state());
    assert.equal(s2.step, 0);
    assert.equal(s2.runs.length, 3);
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    await new Promise((done) => other.close(done));
    await env.close();
  }
});

test('in a frame of 800x500, 640x400 or 400x300 the plots are usable and nothing scrolls', async () => {
  const env = await start();
  try {
    const page = await env.browser.newPage({ viewport: { width: 1300, height: 1000 } });
    await page.goto(`${env.base}www/examples/course-page.html`);
    const frame = await frameOf(page, '#figure-rate');
    for (const [w, h, layout, minSurface, minTrace] of [
      [800, 500, 'figure', [300, 250], [250, 250]],
      [640, 400, 'figure', [250, 200], [200, 180]],
      [400, 300, 'mini', [300, 220], null],
    ]) {
      await page.$eval('#figure-rate', (el, [w, h]) => { el.width = w; el.height = h; }, [w, h]);
      await frame.waitForFunction((layout) => document.getElementById('app').dataset.layout === layout, layout);
      await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const m = await frame.evaluate(() => {
        const box = (id) => { const r = document.getElementById(id).getBoundingClientRect(); return [r.width, r.height, r.bottom, r.right]; };
        return {
          surface: box('surface'), trace: box('trace'), play: box('play'),
          scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight, innerWidth, innerHeight],
        };
      });
      const at = `${w}x${h}`;
      assert.ok(m.scroll[0] <= m.scroll[2] && m.scroll[1] <= m.scroll[3], `${at}: no scrolling (${m.scroll})`);
      assert.ok(m.surface[0] >= minSurface[0] && m.surface[1] >= minSurface[1], `${at}: contour plot ${m.surface}`);
      assert.ok(m.surface[2] <= h && m.surface[3] <= w, `${at}: contour plot inside the frame`);
      assert.ok(m.play[2] <= h && m.play[0] > 0, `${at}: Play visible`);
      if (minTrace) {
        assert.ok(m.trace[0] >= minTrace[0] && m.trace[1] >= minTrace[1] && m.trace[2] <= h, `${at}: trace ${m.trace}`);
      } else {
        assert.equal(m.trace[0], 0, `${at}: the contour plot alone`);
      }
      // The controls named in controls= are there, the others not.
      const shown = await frame.evaluate(() => ['lr', 'batch', 'dataset'].map((id) => document.getElementById(id).offsetParent !== null));
      assert.deepEqual(shown, layout === 'mini' ? [false, false, false] : [true, false, false], at);
    }
    // The link to the full view carries the settings, not the embedding.
    const href = await frame.getAttribute('#full-view', 'href');
    assert.match(href, /dataset=cancer/);
    assert.doesNotMatch(href, /embed=|controls=/);
    await page.close();
  } finally {
    await env.close();
  }
});

test('two instances on one page keep their own ids, keys and state, and destroy() removes one', async () => {
  const env = await start();
  try {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${env.base}www/examples/two-instances.html`);
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    // No id twice; the first keeps the documented ones, the second is prefixed.
    const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((el) => el.id));
    assert.equal(new Set(ids).size, ids.length, 'every id once');
    assert.ok(ids.includes('lr') && ids.includes('d2-lr') && ids.includes('d2-surface'));
    // A label of the second toggles the second's control.
    await page.evaluate(() => window.figures.second.set({ controls: 'all' }));
    await page.click('label[for="d2-log"]');
    assert.equal(await page.$eval('#d2-log', (el) => el.checked), true);
    assert.equal(await page.$eval('#log', (el) => el.checked), false);
    // Keys go to the instance with focus, and to neither from the host's own button.
    await page.focus('#d2-surface');
    await page.keyboard.press('e');
    const steps = () => page.evaluate(() => [window.figures.first.state().step, window.figures.second.state().step]);
    const [a, b] = await steps();
    assert.equal(a, 0);
    assert.ok(b > 0, 'e ran the second to the end of its epoch');
    await page.focus('#host-button');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('r');
    assert.deepEqual(await steps(), [0, b]);
    // The arrow keys on a focused plot move its start.
    await page.focus('#surface');
    const start = await page.evaluate(() => window.figures.first.state().start);
    await page.keyboard.press('ArrowUp');
    const moved = await page.evaluate(() => window.figures.first.state().start);
    assert.equal(moved[0], start[0]);
    assert.ok(moved[1] > start[1], `ArrowUp moved the start up: ${start} to ${moved}`);
    // The host's styles (Georgia, yellow buttons) stay out.
    const font = await page.$eval('#play', (el) => getComputedStyle(el).fontFamily);
    assert.doesNotMatch(font, /Georgia/);
    // destroy(): its document listeners, its frame loop, its elements go.
    const client = await page.context().newCDPSession(page);
    const keydowns = async () => {
      const { result } = await client.send('Runtime.evaluate', { expression: 'document' });
      const { listeners } = await client.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
      return listeners.filter((l) => l.type === 'keydown').length;
    };
    const before = await keydowns();
    await page.evaluate(() => window.figures.second.destroy());
    assert.equal(await keydowns(), before - 1);
    assert.equal(await page.$eval('#second', (el) => el.childElementCount), 0);
    assert.equal(await page.$('#d2-lr'), null);
    // The one left now takes keys pressed anywhere on the page.
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => window.figures.first.state().step), 1);
    // A frame loop still running would draw into freed memory: none does.
    await page.waitForTimeout(300);
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    await env.close();
  }
});

test('an instance out of view pauses, and goes on when back in view', async () => {
  const env = await start();
  try {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 700 } });
    await page.goto(`${env.base}www/examples/two-instances.html`);
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    await page.evaluate(() => { window.scrollTo(0, 0); window.figures.second.set({ speed: 60 }); window.figures.second.play(); });
    await page.waitForFunction(() => document.getElementById('second').dataset.visible === 'false');
    const a = await page.evaluate(() => window.figures.second.state().step);
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => window.figures.second.state().step), a, 'no steps out of view');
    await page.evaluate(() => document.getElementById('second').scrollIntoView());
    await page.waitForFunction((a) => window.figures.second.state().step > a + 3, a, { timeout: 5000 });
    await page.close();
  } finally {
    await env.close();
  }
});

test('lock= holds: controls disabled, set() refuses with a reason, scenes keep the value', async () => {
  const env = await start();
  try {
    const page = await open(env, '?lock=lr,dataset&lr=0.3');
    assert.equal(await page.$eval('#lr', (el) => el.disabled), true);
    assert.equal(await page.$eval('#dataset', (el) => el.disabled), true);
    assert.equal(await page.$eval('#batch', (el) => el.disabled), false);
    const error = await page.evaluate(() => { try { window.descent.set({ lr: 2 }); return null; } catch (e) { return e.message; } });
    assert.equal(error, 'descent.set: lr is locked on this page (lock=lr,dataset), so it stays 0.3');
    await page.selectOption('#scene', 'batches');
    const s = await page.evaluate(() => window.descent.state());
    assert.equal(s.lr, 0.3);
    assert.equal(s.dataset, 'overlap');
    assert.deepEqual(s.page.lock, ['lr', 'dataset']);
    assert.deepEqual(page.problems, []);
    await page.close();
  } finally {
    await env.close();
  }
});

test('downloads: each plot and all three as PNG at twice their size, the runs as CSV', async () => {
  const env = await start();
  try {
    const page = await open(env, '?runs=gd:0.5,gd:2&batch=10');
    await page.evaluate(() => window.descent.step(12));
    await page.click('#export');
    assert.equal(await page.$eval('#share-dialog', (el) => el.open), true);
    const read = async (id) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#${id}`)]);
      return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
    };
    const size = (png) => [png.readUInt32BE(16), png.readUInt32BE(20)];
    const css = await page.$eval('#surface', (el) => [el.clientWidth, el.clientHeight]);
    const surface = await read('png-surface');
    assert.equal(surface.name, 'descent-contour.png');
    assert.equal(surface.bytes.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual(size(surface.bytes), [css[0] * 2, css[1] * 2]);
    const all = await read('png-all');
    assert.ok(size(all.bytes)[0] > size(surface.bytes)[0], 'all three are wider than one');
    // The canvas on screen is back at the screen's resolution.
    assert.equal(await page.$eval('#surface', (el) => el.width), css[0]);
    const csv = (await read('download-csv')).bytes.toString().trim().split('\n');
    assert.equal(csv[0], 'run,step,epoch,loss,batch_loss,b0,b1,lr');
    assert.equal(csv.length, 1 + 2 * 13);
    const s = await page.evaluate(() => window.descent.state());
    const last = csv[13].split(',');
    assert.deepEqual([last[0], last[1], last[2]], ['1', '12', String(s.epoch)]);
    assert.equal(Number(last[3]), s.loss);
    assert.deepEqual([Number(last[5]), Number(last[6])], s.theta);
    assert.equal(csv[26].split(',')[7], '2');
    // The link and the embed code name this view.
    assert.match(await page.$eval('#share-link', (el) => el.value), /runs=gd:0\.5,gd:2/);
    const code = await page.$eval('#embed-code', (el) => el.value);
    assert.match(code, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?.*embed=1.*" width="800" height="500"/);
    await page.selectOption('#embed-size', '400x300');
    assert.match(await page.$eval('#embed-code', (el) => el.value), /width="400" height="300"/);
    assert.deepEqual(page.problems, []);
    await page.close();
  } finally {
    await env.close();
  }
});
