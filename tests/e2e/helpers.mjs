// Shared set-up for the browser tests: a static server on 127.0.0.1 and
// Debian's Chromium driven by playwright-core.
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing of its own on the network. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Starts the server (adding `headers` to its answers) and the browser;
 * returns { base, browser, close }.
 */
export async function start(headers = {}) {
  const server = await serve(0, headers);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    base,
    browser,
    async close() {
      await browser.close();
      await new Promise((done) => server.close(done));
    },
  };
}

/**
 * Opens the page with `query` and waits until it is ready. Collects console
 * errors, page errors and requests that left 127.0.0.1 in `page.problems`.
 */
export async function open(env, query = '', viewport = { width: 1280, height: 800 }) {
  const page = await env.browser.newPage({ viewport });
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(env.base) && !r.url().startsWith('data:')) page.problems.push(`request: ${r.url()}`);
  });
  await page.goto(env.base + query);
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 15000 });
  return page;
}

/**
 * How many distinct colours a canvas shows (sampled), and a hash of its
 * pixels, after drawing anything pending (as the next animation frame would).
 */
export function canvasSummary(page, id) {
  return page.evaluate((id) => {
    window.descent?.render();
    const canvas = document.getElementById(id);
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set();
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) {
      const c = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      if (i % 64 === 0) colours.add(c);
      hash = (hash * 31 + c + data[i + 3]) | 0;
    }
    return { width: canvas.width, height: canvas.height, colours: colours.size, hash };
  }, id);
}
