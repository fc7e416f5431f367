// Delivery to a phone, for `npm run bench`: Lighthouse's mobile and desktop
// profiles against the page as `npm start` serves it (dist/, compressed;
// medians of three), the bytes on the wire to the first frame, and the
// work of each frame while playing on a CPU slowed four times (the DevTools
// protocol's throttling), each beside the figures measured before this work
// (issue 20, 2026-12-04: a plain static server, no compression).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { CHROMIUM } from '../tests/e2e/helpers.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The figures before: Lighthouse 12 mobile and desktop on a plain static server, and the throttled frames. */
const BEFORE = {
  mobile: { performance: 0.74, fcp: 1600, lcp: 6200, tti: 6400, tbt: 210, mpfid: 260, bytes: 963 },
  desktop: { performance: 0.96 },
  throttled: { default: 17.1, batch: 27.3, trio: 2.7 },
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One Lighthouse run's scores and metrics (run apart, while this process serves the page). */
async function lighthouse(url, desktop) {
  const dir = mkdtempSync(join(tmpdir(), 'descent-lh-'));
  const out = join(dir, 'report.json');
  try {
    await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'lighthouse'), [url, '--quiet', '--output=json', `--output-path=${out}`,
      '--chrome-flags=--headless --no-sandbox --disable-gpu', ...(desktop ? ['--preset=desktop'] : [])],
    { env: { ...process.env, CHROME_PATH: CHROMIUM }, timeout: 180000 });
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const audit = (id) => report.audits[id].numericValue;
    return {
      performance: report.categories.performance.score,
      accessibility: report.categories.accessibility.score,
      bestPractices: report.categories['best-practices'].score,
      seo: report.categories.seo.score,
      fcp: audit('first-contentful-paint'),
      lcp: audit('largest-contentful-paint'),
      tti: audit('interactive'),
      tbt: audit('total-blocking-time'),
      mpfid: audit('max-potential-fid'),
      cls: audit('cumulative-layout-shift'),
      bytes: audit('total-byte-weight') / 1024,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Medians of three runs, field by field. */
async function medianOfThree(url, desktop) {
  const runs = [];
  for (let k = 0; k < 3; k++) runs.push(await lighthouse(url, desktop));
  return Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(runs.map((r) => r[k]))]));
}

/**
 * Bytes on the wire for the first frame: what the page asked for before the
 * first-frame module was in (the page, the styles, the first scripts and
 * that module; Resource Timing's transfer sizes, headers included), and
 * the requests.
 */
async function wire(browser, url) {
  const page = await browser.newPage({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === '1');
  const first = await page.evaluate(() => {
    const t = performance.getEntriesByName('descent:first-module')[0].startTime;
    const asked = performance.getEntriesByType('resource').filter((r) => r.startTime < t);
    return { bytes: asked.reduce((n, r) => n + r.transferSize, performance.getEntriesByType('navigation')[0].transferSize), requests: asked.length + 1 };
  });
  await page.close();
  return first;
}

/**
 * The page's start on a phone, measured rather than simulated: the CPU
 * slowed four times and Lighthouse's slow 4G as DevTools applies it (562.5
 * ms round trips, 1.47 Mbit/s down, 675 kbit/s up); medians of three loads
 * of when the words are painted (the largest contentful paint), the first
 * frame drawn (by the first-frame module) and the page's module's frame
 * drawn and ready, in ms.
 */
async function start(browser, url) {
  const runs = [];
  for (let k = 0; k < 3; k++) {
    const page = await browser.newPage({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1.75 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 562.5, downloadThroughput: (1474.56 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.addInitScript(() => {
      window.lcp = 0;
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.lcp = e.startTime; }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60000 });
    await page.waitForTimeout(500);
    runs.push(await page.evaluate(() => {
      const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
      // The first frame: the first-frame module's, or where there was none the page's module's.
      return { words: window.lcp, frame: Math.min(...[at('descent:first'), at('descent:surface')].filter(Number.isFinite)), ready: at('descent:ready') };
    }));
    await page.close();
  }
  return Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(runs.map((r) => r[k]))]));
}

/** The work of each frame while playing `query` for about four seconds on a CPU slowed four times. */
async function throttled(browser, base, query) {
  const page = await browser.newPage({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1.75 });
  const cdp = await page.context().newCDPSession(page);
  await page.goto(base + query);
  await page.waitForFunction(() => document.body.dataset.ready === '1');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const from = await page.evaluate(() => window.descent.frameTimes().frames);
  await page.evaluate(() => window.descent.play());
  await page.waitForTimeout(4000);
  const { times, frames } = await page.evaluate(() => window.descent.frameTimes());
  await page.close();
  const mine = times.slice(-(frames - from)).sort((a, b) => a - b);
  const at = (q) => mine[Math.min(mine.length - 1, Math.floor(q * mine.length))];
  return { median: at(0.5), p95: at(0.95), worst: mine[mine.length - 1], frames: mine.length };
}

/** Measures and prints the delivery figures, with the browser `browser` (playwright's Chromium). */
export async function delivery(browser) {
  execFileSync('node', ['scripts/bundle.mjs'], { cwd: ROOT, stdio: 'pipe' });
  const server = await serve(0, {}, { root: join(ROOT, 'dist') });
  const base = `http://127.0.0.1:${server.address().port}/`;
  try {
    const mobile = await medianOfThree(base, false);
    const desktop = await medianOfThree(base, true);
    const first = await wire(browser, base);
    const started = await start(browser, base);
    const frames = {
      default: await throttled(browser, base, '?speed=30'),
      batch: await throttled(browser, base, '?batch=32&surface=both&speed=30'),
      trio: await throttled(browser, base, '?runs=trio&speed=30'),
    };
    const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
    const b = BEFORE.mobile;
    console.log('\nDelivery to a phone: Lighthouse 12 against npm start\'s server (dist/, brotli), medians of 3 (before: a plain static server)');
    console.log(`  mobile (4x CPU, slow 4G): performance ${mobile.performance.toFixed(2)} (before ${b.performance}); first contentful paint ${s(mobile.fcp)} (${s(b.fcp)}); `
      + `largest ${s(mobile.lcp)} (${s(b.lcp)}; target 2.5 s); interactive ${s(mobile.tti)} (${s(b.tti)}); total blocking ${mobile.tbt.toFixed(0)} ms (${b.tbt}); `
      + `max potential input delay ${mobile.mpfid.toFixed(0)} ms (${b.mpfid}; target 100); layout shift ${mobile.cls.toFixed(3)}; ${mobile.bytes.toFixed(0)} KB transferred (${b.bytes})`);
    console.log(`  desktop: performance ${desktop.performance.toFixed(2)} (before ${BEFORE.desktop.performance}); largest contentful paint ${s(desktop.lcp)}; `
      + `accessibility ${desktop.accessibility}, best practices ${desktop.bestPractices}, SEO ${desktop.seo}`);
    console.log(`  measured at the mobile profile (DevTools' 4x CPU and slow 4G), medians of 3: the words painted at ${s(started.words)}, `
      + `the first frame drawn at ${s(started.frame)} (target 2.5 s), the page's module ready at ${s(started.ready)}`);
    console.log(`  bytes on the wire to the first frame: ${(first.bytes / 1024).toFixed(0)} KB in ${first.requests} requests (target 150 KB)`);
    console.log('  playing on a CPU slowed 4x, the work of each frame (target: 95th percentile under 16 ms):');
    for (const [name, f] of Object.entries(frames)) {
      console.log(`    ${name.padEnd(8)} median ${f.median.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms (before ${BEFORE.throttled[name]}), worst ${f.worst.toFixed(1)} ms, ${f.frames} frames`);
    }
  } finally {
    server.close();
  }
}
