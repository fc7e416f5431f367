// descent on other people's pages: a strict Content-Security-Policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './helpers.mjs';

const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:";

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
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 15000 });
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
