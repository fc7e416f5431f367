// `npm run bench`: times the wasm build in headless Chromium and prints
// medians in milliseconds. The kernels run inside Rust (timed with
// performance.now); the page-level figures drive the real page through its API.
import { start, open } from '../tests/e2e/helpers.mjs';

const REPEATS = Number(process.env.REPEATS ?? 15);
const env = await start();
try {
  const page = await open(env, '', { width: 1600, height: 900 });
  const kernels = await page.evaluate(async (repeats) => {
    const wasm = await import('/www/pkg/descent.js');
    return JSON.parse(wasm.bench_kernels(repeats));
  }, REPEATS);

  const pageFigures = await page.evaluate((repeats) => {
    const api = window.descent;
    const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const time = (fn) => { const t0 = performance.now(); fn(); return performance.now() - t0; };
    const switches = [];
    for (let i = 0; i < repeats; i++) {
      switches.push(time(() => { api.set({ dataset: i % 2 ? 'overlap' : 'cancer' }); api.render(); }));
    }
    api.set({ dataset: 'cancer', batch: 32 });
    api.render();
    const frames = [];
    for (let i = 0; i < repeats * 4; i++) frames.push(time(() => { api.step(1); }));
    return { dataset_switch_redraw_ms: median(switches), step_and_frame_ms: median(frames) };
  }, REPEATS);

  const rows = [
    ['one optimizer step, breast cancer (N = 569), full batch', kernels.step_cancer_full_ms],
    ['one optimizer step, breast cancer, batch of 32', kernels.step_cancer_b32_ms],
    ['full loss surface, N = 569, 200 x 200', kernels.surface_n569_g200_ms],
    ['full loss surface, N = 2000, 200 x 200', kernels.surface_n2000_g200_ms],
    ['batch loss surface, B = 32, 200 x 200', kernels.batch_surface_b32_g200_ms],
    ['12 contour levels, 200 x 200', kernels.contours_12_g200_ms],
    ['heatmap colours, 200 x 200', kernels.heatmap_rgba_g200_ms],
    ['landscape (surface + optimum + contours), N = 569', kernels.landscape_n569_g200_ms],
    ['reference: straight loop surface, N = 569, 200 x 200', kernels.naive_surface_n569_g200_ms],
    ['page: choose another data set, everything redrawn', pageFigures.dataset_switch_redraw_ms],
    ['page: step(1) with the frame drawn (B = 32, N = 569)', pageFigures.step_and_frame_ms],
  ];
  console.log(`descent benchmark: headless Chromium, wasm build, medians of ${REPEATS} runs`);
  for (const [name, ms] of rows) console.log(`${ms.toFixed(3).padStart(10)} ms  ${name}`);
  console.log(`speed-up of the surface over the straight loop: ${(kernels.naive_surface_n569_g200_ms / kernels.surface_n569_g200_ms).toFixed(0)}x`);
  if (page.problems.length) console.log('page problems:', page.problems);
} finally {
  await env.close();
}
