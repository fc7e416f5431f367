// One way to drive three browser engines, for the cross-engine suite:
// Chromium through playwright-core (Debian's /usr/bin/chromium), Firefox ESR
// through puppeteer-core over WebDriver BiDi, and WebKitGTK's MiniBrowser
// through selenium-webdriver against WebKitWebDriver on a virtual X display
// (xvfb-run). None of the npm drivers downloads a browser of its own.
//
//   const engine = await start('firefox');
//   const page = await engine.open(url, { width: 1280, height: 800 });
//   await page.waitFor(() => document.body.dataset.ready === '1');
//   await page.click('#play'); await page.press('PageDown');
//   await page.fill('#batch', '75'); await page.press('Enter'); await page.setFile('#csv-file', path);
//   await page.select('#scene', 'newton'); await page.evaluate((k) => descent.step(k), 20);
//   await page.screenshot('shot.png'); await page.close();
//   await engine.errors();   // console errors and page errors, all pages so far
//   await engine.stop();     // the browser, and WebKitWebDriver and Xvfb with it
//
// evaluate(fn, ...args) sends the function's source with its arguments as
// JSON (or a string, an expression), awaits a promise, and returns the result
// through JSON, so all three give back the same plain values.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/helpers.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
export const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** The longest any one command waits (a page's load, a key, a script), in ms. */
const TIMEOUT = 30000;

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Whether `name` is an executable on PATH (or a path that exists). */
function onPath(name) {
  if (name.includes('/')) return existsSync(name);
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, name)));
}

/** What `engine` needs and this machine lacks (binaries), or [] when it has all. */
export function missing(engine) {
  const needs = {
    chromium: [CHROMIUM],
    firefox: [FIREFOX],
    webkit: ['WebKitWebDriver', MINIBROWSER, 'xvfb-run', 'Xvfb'],
  }[engine];
  if (!needs) throw new Error(`${engine} is not an engine (choose ${ENGINES.join(', ')})`);
  return needs.filter((binary) => !onPath(binary));
}

/** The script for evaluate: an async call whose result comes back as JSON text. */
function script(fn, args) {
  const call = typeof fn === 'function' ? `(${fn})(...${JSON.stringify(args)})` : `(${fn})`;
  return `(async () => JSON.stringify((await ${call}) ?? null))()`;
}

/** Inputs that take no typing: fill sets their value and sends input and change, as Playwright's fill does. */
const SET_DIRECTLY = ['range', 'color', 'date', 'datetime-local', 'month', 'time', 'week'];

/** The parts of a page object that are the same for all engines, on top of `evaluate` and `type`. */
function withCommon(page) {
  /**
   * Replaces a field's text with `text`, typed key by key; a slider (and the
   * like) is set to it instead, with its input and change events.
   */
  page.fill = async (selector, text) => {
    const typed = await page.evaluate((selector, text, direct) => {
      const el = document.querySelector(selector);
      if (!el) throw new Error(`fill: no element matches ${selector}`);
      el.focus();
      if (el.tagName === 'INPUT' && direct.includes(el.type)) {
        el.value = text;
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
        return false;
      }
      el.value = '';
      return true;
    }, selector, text, SET_DIRECTLY);
    if (typed) await page.type(selector, text);
  };
  /** Polls `fn(...args)` in the page until it is truthy; returns that value. */
  page.waitFor = async (fn, ...args) => {
    const until = Date.now() + TIMEOUT;
    for (;;) {
      const value = await page.evaluate(fn, ...args);
      if (value) return value;
      if (Date.now() > until) throw new Error(`waitFor timed out after ${TIMEOUT} ms: ${String(fn).slice(0, 200)}`);
      await sleep(50);
    }
  };
  return page;
}

/** Starts `engine`; returns { engine, version, open, errors, stop }. */
export async function start(engine) {
  const lacking = missing(engine);
  if (lacking.length) throw new Error(`${engine} cannot start: missing ${lacking.join(', ')}`);
  return { chromium: startChromium, firefox: startFirefox, webkit: startWebKit }[engine]();
}

async function startChromium() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: TIMEOUT });
  const problems = [];
  return {
    engine: 'chromium',
    version: browser.version(),
    async open(url, { width = 1280, height = 800 } = {}) {
      const page = await browser.newPage({ viewport: { width, height } });
      page.setDefaultTimeout(TIMEOUT);
      page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()} (${page.url()})`); });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message ?? e} (${page.url()})`));
      await page.goto(url);
      return withCommon({
        evaluate: async (fn, ...args) => JSON.parse(await page.evaluate(script(fn, args))),
        click: (selector, at) => page.click(selector, at ? { position: at } : {}),
        press: (key) => page.keyboard.press(key),
        type: (selector, text) => page.locator(selector).pressSequentially(text),
        select: (selector, value) => page.selectOption(selector, value),
        setFile: (selector, path) => page.setInputFiles(selector, path),
        screenshot: (path) => page.screenshot({ path }),
        close: () => page.close(),
      });
    },
    errors: async () => [...problems],
    stop: () => browser.close(),
  };
}

async function startFirefox() {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    protocolTimeout: TIMEOUT,
    timeout: TIMEOUT,
    // Headless Firefox's screen is 1366x768 unless told; the largest viewport used fits in this.
    env: { ...process.env, MOZ_HEADLESS_WIDTH: '1920', MOZ_HEADLESS_HEIGHT: '1200' },
  });
  const problems = [];
  return {
    engine: 'firefox',
    version: await browser.version(),
    async open(url, { width = 1280, height = 800 } = {}) {
      const page = await browser.newPage();
      page.setDefaultTimeout(TIMEOUT);
      page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()} (${page.url()})`); });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message ?? e} (${page.url()})`));
      // A plain viewport: isMobile / hasTouch hang over BiDi.
      await page.setViewport({ width, height });
      await page.goto(url);
      return withCommon({
        evaluate: async (fn, ...args) => JSON.parse(await page.evaluate(script(fn, args))),
        click: (selector, at) => page.click(selector, at ? { offset: at } : {}),
        press: (key) => page.keyboard.press(key),
        type: (selector, text) => page.type(selector, text),
        select: (selector, value) => page.select(selector, value),
        setFile: async (selector, path) => (await page.$(selector)).uploadFile(path),
        screenshot: (path) => page.screenshot({ path }),
        close: () => page.close(),
      });
    },
    errors: async () => [...problems],
    async stop() {
      const child = browser.process();
      await Promise.race([browser.close(), sleep(10000)]).catch(() => {});
      if (child && child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** A free TCP port on 127.0.0.1 (free a moment ago). */
function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

/**
 * `xvfb-run -a WebKitWebDriver --port=N` on a free port, once it answers
 * /status. Two xvfb-run -a starting at the same moment can pick the same
 * display and one then fails: that is tried again, on a new port.
 */
async function startWebKitDriver() {
  let last = '';
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const port = await freePort();
    // In the test's process group (not detached): a Ctrl+C reaches Xvfb and the browser too.
    const child = spawn('xvfb-run', ['-a', '-s', '-screen 0 1920x1200x24 -nolisten tcp', 'WebKitWebDriver', `--port=${port}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const exited = new Promise((done) => child.once('exit', () => done(true)));
    // Should the test process end without stop(), the driver and the browser go with it,
    // and xvfb-run then ends its Xvfb and removes its files itself.
    const onExit = () => signal(browserSide(child.pid), 'SIGTERM');
    process.once('exit', onExit);
    exited.then(() => process.off('exit', onExit));
    const until = Date.now() + 20000;
    while (Date.now() < until && child.exitCode === null) {
      const ok = await fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok, () => false);
      if (ok) return { child, port, exited };
      await Promise.race([sleep(100), exited]);
    }
    last = `xvfb-run WebKitWebDriver (attempt ${attempt}) ${child.exitCode === null ? 'did not answer in 20 s' : `exited with ${child.exitCode}`}: ${output.trim().slice(-500)}`;
    await endDriver(child, exited);
  }
  throw new Error(last);
}

/** The process ids under `pid`, each before its own children, from Linux's /proc. */
function descendants(pid) {
  const found = [];
  let tasks = [];
  try { tasks = readdirSync(`/proc/${pid}/task`); } catch { return found; }
  for (const task of tasks) {
    let children = [];
    try { children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number); } catch { /* gone */ }
    for (const child of children) found.push(child, ...descendants(child));
  }
  return found;
}

const signal = (pids, name) => { for (const pid of pids) { try { process.kill(pid, name); } catch { /* gone */ } } };

/**
 * Under xvfb-run: WebKitWebDriver and what it started (MiniBrowser and its
 * processes), not Xvfb, which xvfb-run ends once its command has ended.
 */
function browserSide(pid) {
  const comm = (p) => { try { return readFileSync(`/proc/${p}/comm`, 'utf8').trim(); } catch { return ''; } };
  const drivers = descendants(pid).filter((p) => comm(p) === 'WebKitWebDriver');
  return drivers.flatMap((p) => [...descendants(p), p]);
}

/**
 * Ends xvfb-run's WebKitWebDriver, so that xvfb-run ends its Xvfb and removes
 * its files itself; whatever is left after 5 s is ended, then killed.
 */
async function endDriver(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = (ms) => Promise.race([exited, sleep(ms).then(() => false)]);
  const driver = browserSide(child.pid);
  signal(driver, 'SIGTERM');
  if (await gone(driver.length ? 5000 : 0)) return;
  signal([...descendants(child.pid), child.pid], 'SIGTERM');
  if (await gone(3000)) return;
  signal([...descendants(child.pid), child.pid], 'SIGKILL');
}

/** Records console errors, uncaught errors and rejections in the page, for errors(). */
const HOOK = `if (!window.__engineErrors) {
  const list = window.__engineErrors = [];
  const original = console.error.bind(console);
  console.error = (...a) => { list.push('console: ' + a.map(String).join(' ') + ' (' + location.href + ')'); original(...a); };
  addEventListener('error', (e) => list.push('page error: ' + (e.message || ('failed to load ' + ((e.target && (e.target.src || e.target.href)) || e.type))) + ' (' + location.href + ')'), true);
  addEventListener('unhandledrejection', (e) => list.push('page error: ' + ((e.reason && (e.reason.message || e.reason)) || 'a rejected promise') + ' (' + location.href + ')'));
}`;

/** WebDriver's keys for the names the other two engines use. */
async function webdriverKey(key) {
  const { Key } = await import('selenium-webdriver');
  const named = {
    Enter: Key.ENTER, Tab: Key.TAB, Escape: Key.ESCAPE, Backspace: Key.BACK_SPACE, Delete: Key.DELETE, Space: ' ',
    ArrowRight: Key.ARROW_RIGHT, ArrowLeft: Key.ARROW_LEFT, ArrowUp: Key.ARROW_UP, ArrowDown: Key.ARROW_DOWN,
    PageDown: Key.PAGE_DOWN, PageUp: Key.PAGE_UP, Home: Key.HOME, End: Key.END,
  };
  if (named[key]) return named[key];
  if ([...key].length === 1) return key;
  throw new Error(`press: no WebDriver key for "${key}"`);
}

async function startWebKit() {
  const { Builder, By } = await import('selenium-webdriver');
  const { child, port, exited } = await startWebKitDriver();
  let driver;
  try {
    driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    }).build();
    await driver.manage().setTimeouts({ script: TIMEOUT, pageLoad: TIMEOUT, implicit: 0 });
  } catch (error) {
    await endDriver(child, exited);
    throw error;
  }
  const version = (await driver.getCapabilities()).get('browserVersion');
  // The window's frame (MiniBrowser's own bar): the viewport is the window less this.
  await driver.manage().window().setRect({ x: 0, y: 0, width: 1280, height: 800 });
  const inner = await driver.executeScript('return [innerWidth, innerHeight]');
  const frame = { width: 1280 - inner[0], height: 800 - inner[1] };
  const problems = [];
  const harvest = async () => {
    const found = await driver.executeScript('const l = window.__engineErrors || []; return l.splice(0, l.length);').catch(() => []);
    problems.push(...found);
  };
  let current = null; // one page at a time: a new open() replaces the last
  return {
    engine: 'webkit',
    version,
    async open(url, { width = 1280, height = 800 } = {}) {
      if (current) await current.close();
      // MiniBrowser's window is at least 447 px wide (unless started with -f).
      await driver.manage().window().setRect({ x: 0, y: 0, width: width + frame.width, height: height + frame.height });
      await driver.get(url);
      // As early as WebDriver allows: after the load event. Errors before it are
      // not seen here (a failed start still shows: the page never gets ready).
      await driver.executeScript(HOOK);
      const element = (selector) => driver.findElement(By.css(selector));
      const page = withCommon({
        evaluate: async (fn, ...args) => JSON.parse(await driver.executeScript(`return ${script(fn, args)};`)),
        async click(selector, at) {
          const el = await element(selector);
          if (!at) return el.click();
          // WebDriver's offsets are from the element's centre.
          const rect = await el.getRect();
          await driver.executeScript('arguments[0].scrollIntoView({ block: "center" })', el);
          return driver.actions().move({ origin: el, x: Math.round(at.x - rect.width / 2), y: Math.round(at.y - rect.height / 2) }).click().perform();
        },
        press: async (key) => driver.actions().sendKeys(await webdriverKey(key)).perform(),
        type: async (selector, text) => (await element(selector)).sendKeys(text),
        select: async (selector, value) => (await element(`${selector} option[value="${value.replace(/"/g, '\\"')}"]`)).click(),
        setFile: async (selector, path) => (await element(selector)).sendKeys(path),
        screenshot: async (path) => writeFileSync(path, Buffer.from(await driver.takeScreenshot(), 'base64')),
        async close() {
          if (current !== page) return;
          current = null;
          await harvest();
          await driver.get('about:blank');
        },
      });
      current = page;
      return page;
    },
    async errors() {
      if (current) await harvest();
      return [...problems];
    },
    async stop() {
      await Promise.race([driver.quit(), sleep(10000)]).catch(() => {});
      await endDriver(child, exited);
    },
  };
}
