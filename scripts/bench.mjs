// `npm run bench`: times the wasm build in headless Chromium and prints
// medians in milliseconds. The kernels run inside Rust (timed with
// performance.now); the frame figures drive the same `App` the page uses,
// on canvases of the page's size, through step() and render().
import { start, open } from '../tests/e2e/helpers.mjs';
import { delivery } from './delivery.mjs';
import { classroomLoad } from './classload.mjs';

const REPEATS = Number(process.env.REPEATS ?? 15);
const env = await start();
try {
  const page = await open(env, '', { width: 1600, height: 900 });
  const kernels = await page.evaluate(async (repeats) => {
    const wasm = await import('/www/pkg/descent.js');
    return JSON.parse(wasm.bench_kernels(repeats));
  }, REPEATS);
  // The same kernels in the scalar build, as a browser without SIMD128
  // would run them (its answer to the page's probe faked).
  const scalarContext = await env.browser.newContext({ viewport: { width: 1600, height: 900 } });
  await scalarContext.addInitScript(() => { WebAssembly.validate = () => false; });
  const scalarPage = await open({ ...env, browser: scalarContext }, '', { width: 1600, height: 900 });
  const scalar = await scalarPage.evaluate(async (repeats) => {
    const wasm = await import('/www/pkg/descent.js');
    return { module: window.descent.module, ...JSON.parse(wasm.bench_kernels(repeats)) };
  }, REPEATS);
  await scalarContext.close();

  const pageFigures = await page.evaluate((repeats) => {
    const api = window.descent;
    const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const time = (fn) => { const t0 = performance.now(); fn(); return performance.now() - t0; };
    const switches = [];
    for (let i = 0; i < repeats; i++) {
      switches.push(time(() => { api.set({ dataset: i % 2 ? 'overlap' : 'cancer' }); api.render(); }));
    }
    const models = [];
    api.set({ dataset: 'overlap' });
    for (let i = 0; i < repeats; i++) {
      models.push(time(() => { api.set({ model: i % 2 ? 'logistic' : 'hidden' }); api.render(); }));
    }
    // Your data: a 500-row CSV loaded (parsed, standardised, surface,
    // minimum, everything redrawn), and one point added by hand then
    // removed, each redrawn: what a click in edit mode costs.
    const rows = ['x1,x2,label'];
    for (let k = 0; k < 500; k++) rows.push(`${(k % 37) / 7 - 2.5},${(k % 53) / 11 - 2.4},${(k * 7919) % 3 === 0 ? 1 : 0}`);
    // Two files in turn, so every load changes the data.
    const csvs = [rows.join('\n'), rows.slice(0, 500).join('\n')];
    api.set({ model: 'logistic' });
    const loads = [];
    for (let i = 0; i < repeats; i++) loads.push(time(() => { api.loadCsv(csvs[i % 2]); api.render(); }));
    const edits = [];
    for (let i = 0; i < repeats; i++) {
      edits.push(time(() => { api.addPoint(0.1 * i, -0.5, 1); api.render(); }));
      api.removePoint(api.state().n - 1);
    }
    // Large data: a 100,000-row CSV loaded, then frames (a step and
    // everything drawn) with one feature and with two; the hidden unit on
    // 10,000 synthetic points (surfaces sized to a time budget, the minima
    // searched on a sample).
    const big = ['a,b,label'];
    for (let k = 0; k < 100000; k++) big.push(`${(k % 371) / 70 - 2.5},${(k % 533) / 110 - 2.4},${(k * 7919) % 3 === 0 ? 1 : 0}`);
    const bigText = big.join('\n');
    const large = {};
    large.csv_100k_load_ms = time(() => { api.loadCsv(bigText); api.render(); });
    const frame = () => median(Array.from({ length: repeats }, () => time(() => { api.step(1); api.render(); })));
    large.frame_100k_ms = frame();
    api.loadCsv(bigText, { x2: 'b' });
    api.render();
    large.frame2d_100k_ms = frame();
    api.set({ dataset: 'overlap', model: 'logistic' });
    large.hidden_10k_switch_ms = time(() => { api.set({ model: 'hidden', n: 10000 }); api.render(); });
    api.set({ dataset: 'overlap', model: 'logistic', n: '' });
    // Every lecture scene chosen from the menu once, in the menu's order,
    // everything recomputed and redrawn: what a lecturer's first click on
    // each costs (a second visit finds its surface and minima computed).
    const scenes = [...document.querySelectorAll('#scene option')].map((o) => o.value).filter(Boolean);
    const sceneTimes = scenes.map((scene) => [scene, time(() => { api.set({ scene }); api.render(); })]);
    sceneTimes.sort((a, b) => b[1] - a[1]);
    const sceneSlow = sceneTimes.filter(([, ms]) => ms > 50).map(([scene, ms]) => `${scene} ${ms.toFixed(0)}`);
    api.set({ scene: '', dataset: 'overlap', model: 'logistic' });
    return {
      ...large,
      scene_slowest: sceneTimes[0],
      scene_slow: sceneSlow,
      scene_median_ms: sceneTimes[Math.floor(sceneTimes.length / 2)][1],
      scene_count: sceneTimes.length,
      dataset_switch_redraw_ms: median(switches),
      model_switch_redraw_ms: median(models),
      csv_load_redraw_ms: median(loads),
      edit_point_redraw_ms: median(edits),
    };
  }, REPEATS);

  // The live path: every run recomputed from its start and everything
  // drawn (plots, text, controls) at each change of a learning rate, as a
  // slider drag does. Six runs of 200 full-batch steps on the breast-cancer
  // data; the hidden unit with its 3-D view; fifty random restarts.
  async function liveFrame(query, steps) {
    const livePage = await open(env, query, { width: 1600, height: 900 });
    const result = await livePage.evaluate((repeats) => {
      const api = window.descent;
      const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const times = [];
      for (let i = 0; i < repeats * 4; i++) {
        const lr = Number((0.3 + 0.01 * i).toPrecision(3));
        const t0 = performance.now();
        api.set({ lr });
        times.push(performance.now() - t0);
      }
      return { ms: median(times), steps: api.state().runs.map((r) => r.step) };
    }, REPEATS);
    if (!result.steps.every((s) => s === steps)) throw new Error(`${query}: live path not at ${steps} steps: ${result.steps}`);
    await livePage.close();
    return result.ms;
  }
  const live = {
    live_frame_ms: await liveFrame('?dataset=cancer&standardize=true&path=live&steps=200&runs=0.5,2,5,10,20,30', 200),
    hidden_frame_ms: await liveFrame('?model=hidden&path=live&steps=300&view=both', 300),
    restarts_frame_ms: await liveFrame('?model=hidden&restarts=50&path=live&steps=100', 100),
    features2_frame_ms: await liveFrame('?model=features2&path=live&steps=200&runs=0.5,2,5,10,20,30', 200),
    l1_frame_ms: await liveFrame('?dataset=cancer&standardize=true&penalty=l1&lambda=0.05&path=live&steps=200&runs=0.5,2,5,10,20,30', 200),
  };

  // The lecture's deck stepped through: each slide change (its view
  // applied, the old picture kept for the entrance), then the frames of
  // its entrance (the old view moving away, the paths replaying).
  const deckPage = await open(env, '?deck=lecture&slide=1', { width: 1280, height: 720 });
  const deck = await deckPage.evaluate(async () => {
    const api = window.descent;
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const changes = [];
    const entrance = [];
    for (let k = 1; k < api.deck().length; k++) {
      const t0 = performance.now();
      api.goTo(k);
      changes.push(performance.now() - t0);
      const before = api.frameTimes().frames;
      await new Promise((r) => setTimeout(r, 1300));
      const { times, frames } = api.frameTimes();
      entrance.push(...times.slice(-(frames - before)));
    }
    return { change: median(changes), slowest: Math.max(...changes), frame: median(entrance), frames: entrance.length / changes.length };
  });
  await deckPage.close();

  // Per-step frames: a second App on canvases the size of the page's, so the
  // batch surface's grid size can be varied (the page uses 200).
  const frames = await page.evaluate(async (repeats) => {
    const { App } = await import('/www/pkg/descent.js');
    const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const canvases = ['surface', 'trace', 'data'].map((id) => {
      const original = document.getElementById(id);
      const canvas = document.createElement('canvas');
      canvas.style.cssText = `position:absolute;left:0;top:0;width:${original.clientWidth}px;height:${original.clientHeight}px`;
      document.body.append(canvas);
      return canvas;
    });
    const results = {};
    for (const surface of ['full', 'batch', 'both']) {
      for (const grid of surface === 'full' ? [200] : [100, 200, 400]) {
        const keys = ['dataset', 'standardize', 'batch', 'surface', 'lr'];
        const app = new App(...canvases, keys, ['cancer', 'true', '32', surface, '0.05']);
        app.set_batch_grid_size(grid);
        app.render();
        const times = [];
        for (let i = 0; i < repeats * 4; i++) {
          const t0 = performance.now();
          app.step(1);
          app.render();
          times.push(performance.now() - t0);
        }
        results[`${surface}_g${grid}`] = median(times);
        app.free();
      }
    }
    // The 3-D view: turned (mesh and paths redrawn) and stepped (paths only).
    const view3d = document.createElement('canvas');
    view3d.style.cssText = canvases[0].style.cssText;
    document.body.append(view3d);
    const app = new App(...canvases, ['dataset', 'standardize', 'view', 'lr'], ['cancer', 'true', '3d', '2']);
    app.attach_surface3d(view3d);
    app.render();
    const turns = [];
    const steps = [];
    for (let i = 0; i < repeats * 2; i++) {
      let t0 = performance.now();
      app.rotate(3, 1);
      app.render();
      turns.push(performance.now() - t0);
      t0 = performance.now();
      app.step(1);
      app.render();
      steps.push(performance.now() - t0);
    }
    results.turn_3d = median(turns);
    results.step_3d = median(steps);
    app.free();
    view3d.remove();
    canvases.forEach((c) => c.remove());
    return results;
  }, REPEATS);

  // Embedding: an instance mounted into a plain 800 x 500 box (wasm already
  // loaded) until its first frame is drawn, then destroyed; a frame of that
  // figure; the PNG of all three plots at 2x.
  const embed = await page.evaluate(async (repeats) => {
    const { mount } = await import('/www/main.js');
    const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const box = document.createElement('div');
    box.style.width = '800px';
    document.body.append(box);
    const mounts = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      const api = await mount(box, { dataset: 'cancer', standardize: true });
      api.render();
      mounts.push(performance.now() - t0);
      api.destroy();
    }
    const api = await mount(box, { dataset: 'cancer', standardize: true });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const frames = [];
    for (let i = 0; i < repeats * 4; i++) {
      const t0 = performance.now();
      api.step(1);
      api.render();
      frames.push(performance.now() - t0);
    }
    const pngs = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await window.descent.png('all', 2);
      pngs.push(performance.now() - t0);
    }
    const layout = box.dataset.layout;
    api.destroy();
    box.remove();
    // The animation for slides: 200 frames at 800 x 500 of the page's view,
    // once each (a run takes seconds), with the longest task between frames.
    const animation = {};
    for (const format of ['gif', 'webm']) {
      let longest = 0;
      let last = performance.now();
      const t0 = last;
      await window.descent.animation({ format, from: 0, to: 199, width: 800, height: 500 }, () => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      });
      animation[format] = { ms: performance.now() - t0, longest };
    }
    return { mount: median(mounts), frame: median(frames), png: median(pngs), layout, animation };
  }, REPEATS);

  // Side by side with the JavaScript peer (bench/peer.js, d3-contour), on
  // the same data, window and grid, in this page, alternating: each phase
  // apart, medians; the peer runs fewer times where one run takes seconds.
  await page.addScriptTag({ path: 'node_modules/d3-array/dist/d3-array.min.js' });
  await page.addScriptTag({ path: 'node_modules/d3-contour/dist/d3-contour.min.js' });
  const CASES = [[569, 100, 0], [569, 200, 0], [569, 400, 0], [2000, 100, 0], [2000, 200, 0], [2000, 400, 0],
    [20000, 100, 0], [20000, 200, 0], [20000, 400, 0], [569, 200, 32]];
  const sideBySide = [];
  for (const [n, g, b] of CASES) {
    sideBySide.push(await page.evaluate(async ([n, g, b, repeats]) => {
      const wasm = await import('/www/pkg/descent.js');
      const { Peer } = await import('/bench/peer.js');
      const median = (xs) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
      const rust = new wasm.BenchCase(n, g, b);
      const peer = new Peer(rust.x(), rust.y(), rust.batch(), rust.window(), g, rust.floor());
      const canvas = document.createElement('canvas');
      canvas.width = 800;
      canvas.height = 800;
      const scratch = document.createElement('canvas');
      const phases = ['grid', 'contours', 'colours', 'draw'];
      const times = { rust: Object.fromEntries(phases.map((p) => [p, []])), peer: Object.fromEntries(phases.map((p) => [p, []])) };
      const runRust = () => [rust.grid(), rust.contours(), rust.colours(), rust.draw(canvas, scratch)];
      const runPeer = () => [peer.grid(), peer.contours(), peer.colours(), peer.draw(canvas)];
      let peerRuns = repeats;
      for (let r = 0; r < repeats; r++) {
        runRust().forEach((t, k) => times.rust[phases[k]].push(t));
        if (r < peerRuns) {
          const t = runPeer();
          t.forEach((v, k) => times.peer[phases[k]].push(v));
          if (r === 0) peerRuns = Math.max(1, Math.min(repeats, Math.ceil(4000 / t[0])));
        }
      }
      // The two grids agree (the peer is the plain formula).
      let worst = 0;
      for (let k = 0; k < g * g; k += 7) worst = Math.max(worst, Math.abs(rust.value(k) - peer.values[k]) / Math.abs(peer.values[k]));
      const result = {
        n, g, b, peerRuns, worst, segments: rust.segments(),
        rust: Object.fromEntries(phases.map((p) => [p, median(times.rust[p])])),
        peer: Object.fromEntries(phases.map((p) => [p, median(times.peer[p])])),
      };
      rust.free();
      return result;
    }, [n, g, b, REPEATS]));
  }

  // The real page, playing 600 frames: the work each frame does (median and
  // 95th percentile), with the batch surface shown, with heavy settings,
  // and the same after 100,000 steps.
  const playing = [];
  for (const [name, query, before] of [
    ['batch surface shown (batch=32&surface=both)', '?dataset=cancer&standardize=true&lr=2&batch=32&surface=both', 0],
    ['batch surface shown, after 100,000 steps', '?dataset=cancer&standardize=true&lr=2&batch=32&surface=both', 100000],
    ['heavy: speed=1000&surface=both&fan=50', '?dataset=cancer&standardize=true&lr=2&batch=32&speed=1000&surface=both&fan=50', 0],
    ['heavy, after 100,000 steps', '?dataset=cancer&standardize=true&lr=2&batch=32&speed=1000&surface=both&fan=50', 100000],
    ['full batch, one run', '?dataset=cancer&standardize=true&lr=2', 0],
  ]) {
    const p = await open(env, query, { width: 1600, height: 900 });
    const figures = await p.evaluate(async (before) => {
      const api = window.descent;
      const t0 = performance.now();
      if (before) api.step(before);
      const stepMs = before ? (performance.now() - t0) / before : null;
      const start = api.frameTimes().frames;
      api.play();
      await new Promise((resolve) => {
        const wait = () => (api.frameTimes().frames - start >= 600 ? resolve() : setTimeout(wait, 100));
        wait();
      });
      api.pause();
      const times = api.frameTimes().times.sort((a, b) => a - b);
      return { median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)], stepUs: stepMs && stepMs * 1000 };
    }, before);
    playing.push([name, figures]);
    await p.close();
  }

  // What crosses from the module to the page per drawn frame while playing:
  // the patches of the state and the view (only their changed fields), and
  // beside them what the whole state and view would be, in the same run.
  const crossing = [];
  for (const [name, query] of [
    ['one run, full batch', '?speed=30'],
    ['one run, batch=10', '?batch=10&speed=30'],
    ['three runs (runs=trio)', '?runs=trio&speed=30'],
    ['50 random restarts (model=hidden&restarts=50)', '?model=hidden&restarts=50&speed=30'],
  ]) {
    const p = await open(env, query, { width: 1600, height: 900 });
    crossing.push([name, await p.evaluate(async () => {
      const { App } = await import('/www/pkg/descent.js');
      const { merged } = await import('/www/context.js');
      const api = window.descent;
      // The patches as sent, and the whole state and view they stand for
      // (merged as the page merges them), which is what crossed whole
      // before patches.
      const seen = { frames: 0, patch: 0, whole: 0, copies: {} };
      let resent = false;
      for (const [method, copy] of [['state_patch', 'state'], ['view_patch', 'view']]) {
        const original = App.prototype[method];
        App.prototype[method] = function patched(...args) {
          // The page took its copies before this wrapper: they come whole once more, uncounted.
          if (!(copy in seen.copies)) {
            if (!resent) this.resend();
            resent = true;
            const first = original.apply(this, args);
            seen.copies[copy] = JSON.parse(first);
            return first;
          }
          const text = original.apply(this, args);
          seen.patch += text.length;
          seen.copies[copy] = merged(seen.copies[copy], JSON.parse(text));
          seen.whole += JSON.stringify(seen.copies[copy]).length;
          return text;
        };
      }
      const render = App.prototype.render;
      App.prototype.render = function counted() {
        const drawn = render.call(this);
        if (drawn) seen.frames += 1;
        return drawn;
      };
      api.play();
      await new Promise((resolve) => setTimeout(resolve, 3000));
      api.pause();
      return { patch: seen.patch / seen.frames, whole: seen.whole / seen.frames, frames: seen.frames };
    })]);
    await p.close();
  }

  // From navigation to the first drawn frame (medians of five loads, each
  // in a new page), with the steps between, and memory over ten million
  // steps.
  const loads = [];
  let first;
  for (let i = 0; i < 5; i++) {
    await first?.close();
    first = await env.browser.newPage({ viewport: { width: 1600, height: 900 } });
    await first.goto(env.base);
    await first.waitForFunction(() => document.body.dataset.ready === '1');
    loads.push(await first.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const paint = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
      const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
      return {
        // Marked by boot.js when the first frame is drawn (reading the clock
        // here would add the test driver's polling delay).
        readyMs: mark('descent:ready') - nav.startTime,
        paintMs: paint?.startTime ?? NaN,
        firstMs: mark('descent:first'),
        wasmMs: performance.getEntriesByType('resource').find((e) => /descent(_scalar)?_bg\.wasm$/.test(e.name))?.responseEnd ?? NaN,
        moduleMs: mark('descent:module'),
        appMs: mark('descent:app'),
        module: window.descent.module,
      };
    }));
  }
  const startup = Object.fromEntries(Object.keys(loads[0]).map((key) => [key,
    typeof loads[0][key] === 'number' ? loads.map((l) => l[key]).sort((a, b) => a - b)[2] : loads[0][key]]));
  // Heap sizes after a full garbage collection (through the DevTools
  // protocol), so only what is kept counts.
  const cdp = await first.context().newCDPSession(first);
  const collected = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return first.evaluate(async () => ({
      heap: performance.memory?.usedJSHeapSize ?? 0,
      wasm: (await import('/www/pkg/descent.js')).memory_bytes(),
    }));
  };
  await first.evaluate(() => window.descent.set({ dataset: 'overlap', batch: 10 }));
  const before = await collected();
  const ms = await first.evaluate(() => {
    const t0 = performance.now();
    for (let k = 0; k < 100; k++) window.descent.step(100000);
    const elapsed = performance.now() - t0;
    window.descent.render();
    return elapsed;
  });
  const memory = { before, after: await collected(), ms };
  await first.close();

  const rows = [
    ['one optimizer step, breast cancer (N = 569), full batch', kernels.step_cancer_full_ms],
    ['one optimizer step, breast cancer, batch of 32', kernels.step_cancer_b32_ms],
    ...['gd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'newton'].map((key) => [
      `one ${key} step, standardised breast cancer, full batch`, kernels[`step_${key}_ms`]]),
    ['live path compute: 6 runs x 200 full-batch steps (N = 569)', kernels.live_six_runs_200_steps_ms],
    ['live path frame: 6 runs x 200 steps recomputed and everything drawn', live.live_frame_ms],
    ['live path frame: hidden unit, 300 steps, contour and 3-D view', live.hidden_frame_ms],
    ['live path frame: 50 random restarts x 100 steps (hidden unit)', live.restarts_frame_ms],
    ['live path frame: two features (radius, texture), 6 runs x 200 steps', live.features2_frame_ms],
    ['live path frame: L1 penalty (proximal steps), 6 runs x 200 steps', live.l1_frame_ms],
    ['full loss surface, N = 569, 200 x 200', kernels.surface_n569_g200_ms],
    ['two-feature loss surface, N = 569, 200 x 200', kernels.surface2_n569_g200_ms],
    ['reference: straight loop two-feature surface, N = 569, 200 x 200', kernels.naive_surface2_n569_g200_ms],
    ['one L1-penalised step (gradient, then proximal), standardised breast cancer', kernels.step_l1_ms],
    ['CSV: read 100,000 rows, two features', kernels.csv_100k_rows_ms],
    ['page: load a 500-row CSV, everything recomputed and redrawn', pageFigures.csv_load_redraw_ms],
    ['page: add a point by hand, everything recomputed and redrawn', pageFigures.edit_point_redraw_ms],
    ['page: load a 100,000-row CSV, everything recomputed and redrawn (one run)', pageFigures.csv_100k_load_ms],
    ['frame: step + draw, 100,000 points, one feature', pageFigures.frame_100k_ms],
    ['frame: step + draw, 100,000 points, two features', pageFigures.frame2d_100k_ms],
    ['page: the hidden unit on 10,000 points, everything recomputed and redrawn (one run)', pageFigures.hidden_10k_switch_ms],
    ['full loss surface, N = 2000, 200 x 200', kernels.surface_n2000_g200_ms],
    ['batch loss surface, B = 32, 200 x 200', kernels.batch_surface_b32_g200_ms],
    ['12 contour levels, 200 x 200', kernels.contours_12_g200_ms],
    ['heatmap colours, 200 x 200', kernels.heatmap_rgba_g200_ms],
    ['landscape (surface + optimum + contours), N = 569', kernels.landscape_n569_g200_ms],
    ['reference: straight loop surface, N = 569, 200 x 200', kernels.naive_surface_n569_g200_ms],
    ['batch landscape + colours, B = 32, 100 x 100', kernels.batch_landscape_b32_g100_ms],
    ['batch landscape + colours, B = 32, 200 x 200', kernels.batch_landscape_b32_g200_ms],
    ['batch landscape + colours, B = 32, 400 x 400', kernels.batch_landscape_b32_g400_ms],
    ['page: choose another data set, everything redrawn', pageFigures.dataset_switch_redraw_ms],
    ['hidden unit: its minima (25 safeguarded Newton descents)', kernels.minima_hidden_ms],
    ['hidden unit: its landscape (minima, grid column by column, contours), 200 x 200', kernels.landscape_hidden_g200_ms],
    ['surface alone, 200 x 200, overlap data: hidden unit, NLL', kernels.surface_hidden_nll_ms],
    ['surface alone, 200 x 200, overlap data: hidden unit, squared error', kernels.surface_hidden_squared_ms],
    ['surface alone, 200 x 200, overlap data: logistic model, squared error', kernels.surface_logistic_squared_ms],
    ['page: switch to and from the hidden unit (overlap data), everything redrawn', pageFigures.model_switch_redraw_ms],
    [`page: a lecture scene chosen (first visit, menu order), everything recomputed and redrawn: median of ${pageFigures.scene_count} scenes`, pageFigures.scene_median_ms],
    [`page: the slowest scene (${pageFigures.scene_slowest[0]}); over 50 ms: ${pageFigures.scene_slow.join(', ') || 'none'}`, pageFigures.scene_slowest[1]],
    ['frame: step + draw all three plots, full surface only', frames.full_g200],
    ['frame: step + draw, batch surface (B = 32), 100 x 100', frames.batch_g100],
    ['frame: step + draw, batch surface (B = 32), 200 x 200', frames.batch_g200],
    ['frame: step + draw, batch surface (B = 32), 400 x 400', frames.batch_g400],
    ['frame: step + draw, both surfaces (B = 32), 200 x 200', frames.both_g200],
    ['3-D view: turned by a drag, mesh and paths redrawn', frames.turn_3d],
    ['3-D view: one step, paths redrawn over the cached mesh', frames.step_3d],
    ['deck: a slide change (its view applied and drawn, the entrance set up), median of the lecture\'s 15', deck.change],
    ['deck: the slowest slide change', deck.slowest],
    [`deck: a frame of a slide's entrance (old view moving, paths replaying; ${deck.frames.toFixed(0)} frames in 1.3 s)`, deck.frame],
    ['embed: mount() into an 800 px box until drawn (module loaded), breast cancer', embed.mount],
    [`embed: frame in that box (${embed.layout} layout): step + draw`, embed.frame],
    ['export: PNG of all three plots at 2x, 1600 x 900 page', embed.png],
    [`export: animation, 200 frames at 800 x 500, GIF (one run; at most ${embed.animation.gif.longest.toFixed(0)} ms between two frames, the first included)`, embed.animation.gif.ms],
    [`export: animation, 200 frames at 800 x 500, WebM video (one run; at most ${embed.animation.webm.longest.toFixed(0)} ms between two frames)`, embed.animation.webm.ms],
  ];
  console.log(`descent benchmark: headless Chromium, wasm build, medians of ${REPEATS} runs (frames: ${REPEATS * 4})`);
  for (const [name, ms] of rows) console.log(`${ms.toFixed(3).padStart(10)} ms  ${name}`);
  console.log(`scalar build (${scalar.module}): full surface N = 2000, 200 x 200 ${scalar.surface_n2000_g200_ms.toFixed(1)} ms (SIMD128 ${kernels.surface_n2000_g200_ms.toFixed(1)}); `
    + `N = 569 ${scalar.surface_n569_g200_ms.toFixed(1)} ms (${kernels.surface_n569_g200_ms.toFixed(1)}); batch B = 32 ${scalar.batch_surface_b32_g200_ms.toFixed(2)} ms (${kernels.batch_surface_b32_g200_ms.toFixed(2)}); `
    + `hidden-unit landscape ${scalar.landscape_hidden_g200_ms.toFixed(0)} ms (${kernels.landscape_hidden_g200_ms.toFixed(0)}); live path compute ${scalar.live_six_runs_200_steps_ms.toFixed(1)} ms (${kernels.live_six_runs_200_steps_ms.toFixed(1)})`);
  console.log(`one evaluation pass (loss and gradient), N = 569: ${kernels.evaluation_pass_ns_per_point.toFixed(1)} ns per point`);
  console.log(`speed-up of the surface over the straight loop: ${(kernels.naive_surface_n569_g200_ms / kernels.surface_n569_g200_ms).toFixed(0)}x`);
  console.log(`speed-up of the two-feature surface over the straight loop: ${(kernels.naive_surface2_n569_g200_ms / kernels.surface2_n569_g200_ms).toFixed(0)}x`);
  console.log(`batch surface's cost per step at 200 x 200 (batch frame minus full frame): ${(frames.batch_g200 - frames.full_g200).toFixed(2)} ms`);
  console.log('\nSide by side with the JavaScript peer (bench/peer.js: Float64Array loops, d3-contour, a colour table), medians in ms:');
  console.log('   N     G  batch |  descent: grid  contours colours  draw  total |    peer: grid  contours colours  draw  total | ratio (runs of the peer, worst relative difference)');
  const f = (v) => v.toFixed(v < 10 ? 2 : 0).padStart(7);
  for (const c of sideBySide) {
    const total = (t) => t.grid + t.contours + t.colours + t.draw;
    console.log(`${String(c.n).padStart(6)} ${String(c.g).padStart(4)} ${String(c.b || 'all').padStart(5)} | ${f(c.rust.grid)} ${f(c.rust.contours)} ${f(c.rust.colours)} ${f(c.rust.draw)} ${f(total(c.rust))} | ${f(c.peer.grid)} ${f(c.peer.contours)} ${f(c.peer.colours)} ${f(c.peer.draw)} ${f(total(c.peer))} | ${(total(c.peer) / total(c.rust)).toFixed(0)}x, grid ${(c.peer.grid / c.rust.grid).toFixed(0)}x (${c.peerRuns}, ${c.worst.toExponential(1)})`);
  }
  console.log('\nThe page playing 600 frames (the work in each frame, ms):');
  for (const [name, r] of playing) {
    console.log(`  median ${r.median.toFixed(2).padStart(6)}  p95 ${r.p95.toFixed(2).padStart(6)}  ${name}${r.stepUs ? ` (step(100000): ${r.stepUs.toFixed(1)} us a step)` : ''}`);
  }
  console.log('\nBytes from the module to the page per drawn frame while playing (3 s at 30 steps/s): the patches, and the whole state and view they stand for:');
  for (const [name, c] of crossing) {
    console.log(`  ${(c.patch / 1024).toFixed(1).padStart(6)} KB (whole: ${(c.whole / 1024).toFixed(1).padStart(5)} KB)  ${name}, ${c.frames} frames`);
  }
  console.log(`\nnavigation to ready (the page's module's frame drawn): ${startup.readyMs.toFixed(0)} ms (median of 5 loads of the unbundled source page); first contentful paint ${startup.paintMs.toFixed(0)} ms, `
    + `first frame (the first-frame module's) ${startup.firstMs.toFixed(0)} ms, the page's module (${startup.module}) received ${startup.wasmMs.toFixed(0)} ms, compiled and running ${startup.moduleMs.toFixed(0)} ms, session made ${startup.appMs.toFixed(0)} ms`);
  const mb = (bytes) => (bytes / 1048576).toFixed(1);
  console.log(`ten million steps (batch 10, overlap): ${(memory.ms / 1000).toFixed(1)} s; JS heap after garbage collection ${mb(memory.before.heap)} to ${mb(memory.after.heap)} MB; wasm memory ${mb(memory.before.wasm)} to ${mb(memory.after.wasm)} MB`);
  const { statSync } = await import('node:fs');
  const { gzipSync } = await import('node:zlib');
  const { readFileSync } = await import('node:fs');
  const sizes = (file) => `${(statSync(file).size / 1024).toFixed(0)} KB, ${(gzipSync(readFileSync(file), { level: 9 }).length / 1024).toFixed(0)} KB gzipped`;
  console.log(`wasm: ${sizes('www/pkg/descent_bg.wasm')} (SIMD128); ${sizes('www/pkg/descent_scalar_bg.wasm')} (scalar, for browsers without SIMD128); a page downloads one`);
  if (page.problems.length) console.log('page problems:', page.problems);
  await delivery(env.browser);
  await classroomLoad();
} finally {
  await env.close();
}
