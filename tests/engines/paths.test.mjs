// The main paths a student or a lecturer takes, in Chromium, Firefox and
// WebKit in turn (one browser per engine for the whole file, driven through
// tests/engines/drivers.mjs), and the same numbers from the same run in all
// three, bit for bit. An engine is skipped, saying so, only when its binary
// is missing (scripts/setup.sh --browser installs them with apt-get).
import { test, describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../scripts/serve.mjs';
import { ENGINES, missing, start } from './drivers.mjs';

const VIEWPORT = { width: 1280, height: 800 };

/** The CSV the file-input path loads: eight rows, two classes. */
const CSV = 'hours,passed\n0.5,0\n1.0,0\n1.5,0\n2.0,1\n2.5,0\n3.0,1\n3.5,1\n4.0,1\n';
const CSV_ROWS = 8;

let server;
let base;
let host; // a host page's server, on another origin: it frames ?embed=1
let hostBase;
let dir;
before(async () => {
  server = await serve(0);
  base = `http://127.0.0.1:${server.address().port}/`;
  dir = mkdtempSync(join(tmpdir(), 'descent-engines-'));
  writeFileSync(join(dir, 'data.csv'), CSV);
  writeFileSync(join(dir, 'host.html'), `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>A course page</title><link rel="icon" href="data:,">
<iframe id="figure" title="descent" width="640" height="420" src="${base}?embed=1"></iframe>
<script>
  window.replies = [];
  addEventListener('message', (event) => { if (event.data && event.data.descent === 1 && event.data.id === 1) window.replies.push(event.data); });
  const frame = document.getElementById('figure');
  frame.addEventListener('load', () => frame.contentWindow.postMessage({ descent: 1, id: 1, method: 'state' }, '*'));
</script>
</html>`);
  host = createServer((request, response) => {
    if (new URL(request.url, 'http://x').pathname !== '/host.html') return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(join(dir, 'host.html')));
  });
  await new Promise((done) => host.listen(0, '127.0.0.1', done));
  hostBase = `http://127.0.0.1:${host.address().port}/`;
});
after(async () => {
  await new Promise((done) => server?.close(done) ?? done());
  await new Promise((done) => host?.close(done) ?? done());
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Each engine's numbers, compared at the end. */
const numbers = {};

/** Opens `query` and waits for the page to be ready. */
async function ready(engine, query = '') {
  const page = await engine.open(base + query, VIEWPORT);
  await page.waitFor(() => document.body.dataset.ready === '1');
  return page;
}

const state = (page) => page.evaluate(() => window.descent.state());

for (const name of ENGINES) {
  const lacking = missing(name);
  const skip = lacking.length
    ? `${name} is not installed here (missing ${lacking.join(', ')}); scripts/setup.sh --browser installs it as root with apt-get`
    : false;
  // Each of the engine's tests is skipped (and counted so), not only its suite.
  // A driver that hangs fails its test after a minute rather than the run.
  const check = (title, body) => it(title, { skip, timeout: 60000 }, body);
  describe(name, () => {
    let engine;
    let seen = 0; // errors already reported
    before(async () => { if (!skip) engine = await start(name); }, { timeout: 90000 });
    after(async () => { await engine?.stop(); }, { timeout: 60000 });
    /** The console and page errors since the last look. */
    const newErrors = async () => {
      const all = await engine.errors();
      const fresh = all.slice(seen);
      seen = all.length;
      return fresh;
    };
    /** Runs `path` on a page of its own and asserts it logged no error. */
    const path = (title, query, body) => check(title, async () => {
      const page = await ready(engine, query);
      try {
        await body(page);
        assert.deepEqual(await newErrors(), [], `no console or page errors in ${name}`);
      } finally {
        await page.close();
      }
    });

    path('loads ready, with no console errors', '', async (page) => {
      const s = await state(page);
      assert.equal(s.step, 0);
      assert.equal(s.dataset, 'overlap');
      assert.equal(s.running, false);
      assert.equal(await page.evaluate(() => window.descent.module), 'simd', 'the SIMD128 build runs');
      // A screenshot of the viewport (kept in ENGINE_SHOTS=dir, if given, to look at).
      const shot = join(process.env.ENGINE_SHOTS ?? dir, `${name}.png`);
      await page.screenshot(shot);
      const png = readFileSync(shot);
      assert.equal(png.subarray(1, 4).toString(), 'PNG');
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [VIEWPORT.width, VIEWPORT.height], 'the viewport asked for');
    });

    path('the plots are described in words, the live summary says the step, and ? lists the keys', '', async (page) => {
      await page.evaluate(() => { window.descent.step(12); window.descent.render(); });
      await page.waitFor(() => /^Step 12: loss /.test(document.getElementById('live-description').textContent));
      const words = await page.evaluate(() => ['surface', 'trace', 'data'].map((id) => {
        const canvas = document.getElementById(id);
        return [canvas.getAttribute('aria-label'), document.getElementById(canvas.getAttribute('aria-describedby')).textContent];
      }));
      for (const [name, description] of words) assert.ok(name && description.length > 80, `${name}: ${description}`);
      assert.match(words[0][1], /step 12: at b = /);
      await page.press('?');
      await page.waitFor(() => document.getElementById('keys-dialog').open);
    });

    path('Play, then Pause, by clicking #play', '', async (page) => {
      await page.click('#play');
      await page.waitFor(() => window.descent.state().running && window.descent.state().step > 0);
      assert.equal(await page.evaluate(() => document.getElementById('play').getAttribute('aria-pressed')), 'true');
      await page.click('#play');
      await page.waitFor(() => !window.descent.state().running);
      const paused = (await state(page)).step;
      await new Promise((done) => setTimeout(done, 200));
      assert.equal((await state(page)).step, paused, 'paused: no more steps');
      assert.equal(await page.evaluate(() => document.getElementById('play').getAttribute('aria-pressed')), 'false');
    });

    path('a slider moved by the keys and by the mouse', '', async (page) => {
      // Keys: focus the speed slider, ArrowRight moves it one step up.
      const speed = (await state(page)).speed;
      await page.evaluate(() => document.getElementById('speed').focus());
      await page.press('ArrowRight');
      const faster = await page.waitFor((before) => window.descent.state().speed > before && window.descent.state().speed, speed);
      assert.ok(faster > speed, `speed ${speed} → ${faster}`);
      // The mouse: a click a fifth of the way along the rate's track.
      const lr = (await state(page)).lr;
      const before = await page.evaluate(() => document.getElementById('lr').value);
      const box = await page.evaluate(() => {
        const el = document.getElementById('lr');
        el.scrollIntoView({ block: 'center' });
        const r = el.getBoundingClientRect();
        return { width: r.width, height: r.height };
      });
      await page.click('#lr', { x: Math.round(box.width / 5), y: Math.round(box.height / 2) });
      const value = await page.waitFor((v) => document.getElementById('lr').value !== v && document.getElementById('lr').value, before);
      assert.ok(Number(value) < Number(before), `the rate's slider moved left: ${before} → ${value}`);
      const smaller = await page.waitFor((before) => window.descent.state().lr < before && window.descent.state().lr, lr);
      assert.ok(smaller < lr, `lr ${lr} → ${smaller}`);
    });

    path('a scene chosen from the #scene menu', '', async (page) => {
      await page.select('#scene', 'newton');
      await page.waitFor(() => window.descent.state().scene === 'newton');
      assert.match(await page.evaluate(() => document.getElementById('scene-title').textContent), /Newton/);
      assert.deepEqual((await state(page)).runs.map((r) => r.optimizer), ['gd', 'newton']);
    });

    path("the deck's keys: Page Down twice, Page Up", '?deck=lecture', async (page) => {
      await page.press('PageDown');
      await page.press('PageDown');
      await page.waitFor(() => window.descent.state().page?.slide === 1);
      const deck = await page.evaluate(() => window.descent.deck());
      assert.equal((await state(page)).scene, deck[1].key);
      await page.press('PageUp');
      await page.waitFor(() => window.descent.state().page?.slide === 0);
      assert.equal((await state(page)).scene, deck[0].key);
    });

    // #batch is a slider: fill sets it (with its input and change events), as Playwright's fill does.
    path('a challenge met: 75 put into the batch size, Enter', '?challenge=epoch-of-8', async (page) => {
      assert.equal(await page.evaluate(() => window.descent.challengeState().met), false);
      await page.fill('#batch', '75');
      await page.press('Enter');
      await page.waitFor(() => window.descent.challengeState().met);
      assert.equal((await state(page)).batchSize, 75);
      assert.match(await page.evaluate(() => document.getElementById('challenge-banner').textContent), /Done/);
    });

    path('a CSV loaded through the file input', '', async (page) => {
      await page.setFile('#csv-file', join(dir, 'data.csv'));
      await page.waitFor(() => window.descent.state().dataset === 'custom');
      const s = await state(page);
      assert.equal(s.n, CSV_ROWS);
      assert.equal(s.data.source, 'csv');
      assert.equal(s.data.columns[0].name, 'hours');
      const data = await page.evaluate(() => window.descent.dataset());
      assert.equal(data.x.length, CSV_ROWS);
      assert.deepEqual(data.y, [0, 0, 0, 1, 0, 1, 1, 1]);
      assert.match(await page.evaluate(() => document.getElementById('csv-message').textContent), /Loaded 8 rows/);
    });

    check('an embed answers a host page’s postMessage', async () => {
      const page = await engine.open(`${hostBase}host.html`, VIEWPORT);
      try {
        const [reply] = await page.waitFor(() => window.replies.length > 0 && window.replies);
        assert.equal(reply.id, 1);
        assert.equal(reply.error, undefined, reply.error);
        assert.equal(reply.result.step, 0);
        assert.equal(reply.result.dataset, 'overlap');
        assert.equal(reply.result.page.embed, true);
        assert.deepEqual(await newErrors(), []);
      } finally {
        await page.close();
      }
    });

    // The "no errors" above only mean something if errors are heard at all.
    check('errors() hears a console error and an uncaught error', async () => {
      const page = await ready(engine);
      try {
        await page.evaluate(() => {
          console.error('engine-suite probe: logged');
          setTimeout(() => { throw new Error('engine-suite probe: thrown'); }, 0);
        });
        await page.waitFor(() => new Promise((done) => setTimeout(() => done(true), 100)));
        const heard = (await newErrors()).join('\n');
        assert.match(heard, /console: engine-suite probe: logged/);
        assert.match(heard, /page error: .*engine-suite probe: thrown/);
      } finally {
        await page.close();
      }
    });

    check('the numbers: 20 GD steps, 50 momentum steps, 33 SGD steps with a seed', async () => {
      const runs = {
        gd20: () => window.descent.step(20),
        momentum50: () => { window.descent.set({ optimizer: 'momentum' }); window.descent.step(50); },
        sgd33: () => { window.descent.set({ batch: 10, seed: 3 }); window.descent.step(33); },
      };
      const mine = {};
      for (const [run, body] of Object.entries(runs)) {
        const page = await ready(engine); // the default view, fresh for each run
        try {
          mine[run] = await page.evaluate(`(() => { (${body})(); const s = window.descent.state();
            return { step: s.step, theta: JSON.stringify(s.theta), loss: s.loss, module: window.descent.module }; })()`);
        } finally {
          await page.close();
        }
        assert.equal(mine[run].step, Number(run.match(/\d+$/)[0]));
        assert.ok(Number.isFinite(mine[run].loss));
      }
      numbers[name] = { version: engine.version, ...mine };
      assert.deepEqual(await newErrors(), []);
    });
  });
}

test('the same numbers, bit for bit, in every engine', (t) => {
  const ran = Object.keys(numbers);
  const skipped = ENGINES.filter((name) => missing(name).length);
  const expected = ENGINES.filter((name) => !skipped.includes(name));
  assert.deepEqual(ran, expected, 'every installed engine gave its numbers');
  t.diagnostic(JSON.stringify(numbers));
  if (ran.length < 2) return t.skip(`only ${ran.join(', ') || 'no engine'} ran: nothing to compare`);
  const [first, ...others] = ran;
  for (const other of others) {
    for (const run of ['gd20', 'momentum50', 'sgd33']) {
      assert.equal(numbers[other][run].theta, numbers[first][run].theta, `${run}: theta in ${other} and ${first}`);
      assert.ok(Object.is(numbers[other][run].loss, numbers[first][run].loss),
        `${run}: loss ${numbers[other][run].loss} in ${other}, ${numbers[first][run].loss} in ${first}`);
      assert.equal(numbers[other][run].module, numbers[first][run].module, `${run}: the same wasm build`);
    }
  }
});
