// Every student can follow it: axe-core finds no WCAG 2.1 A or AA violation
// in any scene, a challenge, the deck presenting, an embed or a phone; the
// accessibility tree (the DevTools protocol's) gives each plot a name and a
// description whose numbers are the state's; the live description keeps a
// listener's pace; the tone follows log(L − L*); and a keyboard alone meets
// three challenges and opens the keys' help.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { start, open } from './helpers.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let env;
before(async () => { env = await start(); });
after(async () => { await env.close(); });

/** A page in a context that lets axe's script in past the page's strict policy. */
async function page(query, viewport = { width: 1280, height: 800 }, extra = {}) {
  const context = await env.browser.newContext({ viewport, bypassCSP: true, ...extra });
  const p = await open({ ...env, browser: context }, query, viewport);
  p.closeAll = () => context.close();
  return p;
}

/** axe's WCAG 2.1 A and AA violations on the page now, in words. */
async function violations(p) {
  await p.addScriptTag({ path: AXE });
  const found = await p.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }, TAGS);
  return found;
}

test('axe finds no WCAG 2.1 A or AA violation in any scene, a challenge, presenting, an embed or a phone', async () => {
  const found = [];
  const p = await page('?deck=lecture');
  const scenes = (await p.evaluate(() => window.descent.deck())).map((s) => s.key);
  for (const scene of scenes) {
    await p.evaluate((key) => window.descent.set({ scene: key }), scene);
    await p.evaluate(() => window.descent.step(30));
    for (const v of await violations(p)) found.push(`${scene}: ${v}`);
  }
  // Presenting the deck.
  await p.evaluate(() => window.descent.goTo(3));
  await p.click('#deck-edit');
  await p.click('#deck-present');
  await p.waitForTimeout(300);
  for (const v of await violations(p)) found.push(`presenting: ${v}`);
  await p.closeAll();
  for (const [query, viewport, extra] of [
    ['?challenge=diverge', { width: 1280, height: 800 }, {}],
    ['?embed=1&controls=play,step,reset,lr&dataset=cancer&standardize=true', { width: 800, height: 500 }, {}],
    ['?scene=learning-rates', { width: 390, height: 844 }, { hasTouch: true, isMobile: true }],
  ]) {
    const q = await page(query, viewport, extra);
    await q.evaluate(() => window.descent.step(30));
    for (const v of await violations(q)) found.push(`${query} at ${viewport.width}x${viewport.height}: ${v}`);
    // The keys' help and the tables, open.
    await q.keyboard.press('?');
    for (const v of await violations(q)) found.push(`${query}, the keys' help: ${v}`);
    await q.keyboard.press('Escape');
    await q.keyboard.press('t');
    for (const v of await violations(q)) found.push(`${query}, the tables: ${v}`);
    await q.closeAll();
  }
  assert.deepEqual(found, []);
});

/** Each canvas's accessible name and description, from the DevTools protocol's accessibility tree. */
async function described(p) {
  const cdp = await p.context().newCDPSession(p);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  const out = {};
  for (const node of nodes) {
    if (!['img', 'image'].includes(node.role?.value) || node.ignored) continue;
    const name = node.name?.value ?? '';
    const description = node.description?.value ?? '';
    if (name.startsWith('Contour plot')) out.surface = { name, description };
    if (name.startsWith('Trace plot')) out.trace = { name, description };
    if (name.startsWith('The data')) out.data = { name, description };
  }
  return out;
}

/** The numbers written in `text`, in order. */
const numbers = (text) => [...text.matchAll(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g)].map((m) => Number(m[0]));

test('each plot has a name and a description whose numbers are the state\'s', async () => {
  const p = await page('?dataset=cancer&standardize=true&lr=0.5');
  await p.evaluate(() => { window.descent.step(25); window.descent.render(); });
  await p.waitForTimeout(100);
  const s = await p.evaluate(() => window.descent.state());
  const d = await described(p);
  for (const plot of ['surface', 'trace', 'data']) {
    assert.ok(d[plot]?.name && d[plot].description.length > 80, `${plot}: ${JSON.stringify(d[plot])}`);
  }
  // The contour plot: the step, where the run is, where the minimum is.
  const at = d.surface.description.match(/step (\d+): at b = \(([^)]*)\)/);
  assert.ok(at, d.surface.description);
  assert.equal(Number(at[1]), s.step);
  const [b0, b1] = numbers(at[2]);
  assert.ok(Math.abs(b0 - s.theta[0]) <= 0.005 * Math.abs(s.theta[0]) + 1e-3 && Math.abs(b1 - s.theta[1]) <= 0.005 * Math.abs(s.theta[1]) + 1e-3, `${at[2]} against ${s.theta}`);
  const minimum = numbers(d.surface.description.match(/minimum ✕ is at \(([^)]*)\)/)[1]);
  assert.ok(Math.abs(minimum[0] - s.optimum[0]) < 0.005 && Math.abs(minimum[1] - s.optimum[1]) < 0.01, `${minimum} against ${s.optimum}`);
  // The trace: over how many steps, to which loss.
  assert.match(d.trace.description, new RegExp(`over ${s.step} steps`));
  const to = numbers(d.trace.description.match(/fell from [^,]* to ([^,]*),/)[1])[0];
  assert.ok(Math.abs(to - s.loss) < 1e-3 * s.loss, `${to} against ${s.loss}`);
  // The data: where the curve crosses one half, -b0/b1.
  const cross = numbers(d.data.description.match(/crosses p = 0.5 at x = ([^,]*),/)[1])[0];
  assert.ok(Math.abs(cross + s.theta[0] / s.theta[1]) < 2e-3, `${cross} against ${-s.theta[0] / s.theta[1]}`);
  assert.deepEqual(p.problems, []);
  await p.closeAll();
});

test('the live description keeps a listener\'s pace while playing and speaks at once on a pause', async () => {
  const p = await page('?dataset=cancer&standardize=true&lr=0.1&speed=30');
  await p.evaluate(() => {
    window.heard = [];
    new MutationObserver(() => {
      const text = document.getElementById('live-description').textContent;
      if (text) window.heard.push({ at: performance.now(), text });
    }).observe(document.getElementById('live-description'), { childList: true, characterData: true, subtree: true });
  });
  await p.click('#play');
  await p.waitForTimeout(4200);
  const playing = await p.evaluate(() => window.heard.slice());
  assert.ok(playing.length >= 3 && playing.length <= 6, `${playing.length} descriptions in 4.2 s: ${playing.map((h) => h.text).join(' | ')}`);
  for (let k = 1; k < playing.length; k++) {
    assert.ok(playing[k].at - playing[k - 1].at >= 900, `${Math.round(playing[k].at - playing[k - 1].at)} ms apart`);
  }
  const paused = await p.evaluate(async () => {
    const t0 = performance.now();
    const from = window.heard.length;
    document.getElementById('play').click();
    await new Promise((r) => setTimeout(r, 200));
    const said = window.heard.slice(from);
    return { after: said.length ? said[said.length - 1].at - t0 : null, text: said.at(-1)?.text, step: window.descent.state().step };
  });
  assert.ok(paused.after !== null && paused.after < 150, `said ${paused.after} ms after the pause`);
  assert.match(paused.text, new RegExp(`^Step ${paused.step}: loss `));
  assert.deepEqual(p.problems, []);
  await p.closeAll();
});

test('with sound on, the tone follows log(L − L*) of the run, and the trace can be heard', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    window.tones = [];
    window.scheduled = [];
    const make = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function createOscillator() {
      const oscillator = make.call(this);
      const glide = oscillator.frequency.setTargetAtTime.bind(oscillator.frequency);
      oscillator.frequency.setTargetAtTime = (value, at, constant) => { window.tones.push(value); return glide(value, at, constant); };
      const set = oscillator.frequency.setValueAtTime.bind(oscillator.frequency);
      oscillator.frequency.setValueAtTime = (value, at) => { window.scheduled.push(value); return set(value, at); };
      return oscillator;
    };
  });
  const p = await open({ ...env, browser: context }, '?dataset=cancer&standardize=true&lr=0.5&speed=20&sound=true');
  const first = await p.evaluate(() => window.descent.state());
  assert.equal(first.page.sound, true);
  await p.click('#play');
  await p.waitForTimeout(1500);
  await p.click('#play');
  const s = await p.evaluate(() => window.descent.state());
  const tones = await p.evaluate(() => window.tones);
  assert.ok(tones.length >= 10, `${tones.length} tones`);
  // 220 Hz at 1e-6 above the minimum to 880 Hz at the start, linear in log(L − L*).
  const pitch = (loss) => {
    const share = (Math.log(Math.max(loss - s.minLoss, 1e-6)) - Math.log(1e-6)) / (Math.log(first.loss - s.minLoss) - Math.log(1e-6));
    return 220 * 4 ** Math.min(1, Math.max(0, share));
  };
  assert.ok(tones.some((f) => Math.abs(f - pitch(s.loss)) < 0.01), `no tone at ${pitch(s.loss)} Hz for loss ${s.loss}: ${tones.slice(-3)}`);
  for (let k = 1; k < tones.length; k++) assert.ok(tones[k] <= tones[k - 1] + 1e-9, 'a falling loss is heard falling');
  assert.ok(tones.every((f) => f >= 220 && f <= 880));
  // The trace, heard: 120 pitches from the start's (880 Hz) to now's.
  await p.keyboard.press('h');
  const scheduled = await p.evaluate(() => window.scheduled);
  assert.equal(scheduled.length, 120);
  assert.ok(Math.abs(scheduled[0] - 880) < 1e-6 && Math.abs(scheduled[119] - pitch(s.loss)) < 0.01, `${scheduled[0]} .. ${scheduled[119]}`);
  assert.deepEqual(p.problems, []);
  await context.close();
});

/** Presses Tab until `id` has focus (at most `most` times); true if it got there. */
async function tabTo(p, id, most = 80) {
  for (let k = 0; k < most; k++) {
    if (await p.evaluate((id) => document.activeElement?.id === id, id)) return true;
    await p.keyboard.press('Tab');
  }
  return false;
}

/** Tabs to the menu `id` and moves its choice with the arrows to `value`. */
async function chooseByKeys(p, id, value) {
  assert.ok(await tabTo(p, id), `Tab reaches ${id}`);
  const at = () => p.evaluate((id) => document.getElementById(id).value, id);
  for (let k = 0; k < 30 && (await at()) !== value; k++) await p.keyboard.press('ArrowDown');
  for (let k = 0; k < 30 && (await at()) !== value; k++) await p.keyboard.press('ArrowUp');
  assert.equal(await at(), value);
}

test('a keyboard alone meets three challenges and opens the keys\' help', async () => {
  const p = await page('?challenge=diverge');
  const met = () => p.evaluate(() => window.descent.challengeState().met);
  // Diverge: the rate slider to its top, then Space plays.
  assert.ok(await tabTo(p, 'lr'), 'Tab reaches the learning rate');
  await p.keyboard.press('End');
  await p.keyboard.press(' ');
  await p.waitForFunction(() => window.descent.challengeState().met, null, { timeout: 5000 });
  // Scaling: chosen in the challenge menu by its arrows.
  await chooseByKeys(p, 'challenge', 'scaling');
  assert.equal(await met(), false);
  assert.ok(await tabTo(p, 'standardize'), 'Tab reaches "standardise x"');
  await p.keyboard.press(' ');
  assert.ok(await tabTo(p, 'play'), 'Tab reaches Play');
  await p.keyboard.press('Enter');
  await p.waitForFunction(() => window.descent.challengeState().met, null, { timeout: 8000 });
  await p.keyboard.press(' ');
  // An epoch of eight steps: the batch slider moved by arrows from 32.
  await chooseByKeys(p, 'challenge', 'epoch-of-8');
  assert.ok(await tabTo(p, 'batch'), 'Tab reaches the batch size');
  for (let k = 0; k < 45 && !(await met()); k++) await p.keyboard.press('ArrowRight');
  assert.equal(await met(), true, `batch ${await p.evaluate(() => window.descent.state().batchSize)}`);
  // The keys' help, from the keyboard, and closed by Esc.
  await p.focus('#surface');
  await p.keyboard.press('?');
  assert.equal(await p.evaluate(() => document.getElementById('keys-dialog').open), true);
  assert.match(await p.textContent('#keys-list'), /step back and forward along the first run's path/);
  await p.keyboard.press('Escape');
  assert.equal(await p.evaluate(() => document.getElementById('keys-dialog').open), false);
  // The path walked by keys on the contour plot, each step read out: an
  // epoch's eight steps first (e).
  await p.focus('#surface');
  await p.keyboard.press('e');
  await p.keyboard.press('Home');
  await p.keyboard.press('.');
  await p.waitForFunction(() => /^Step 1 of 8: b = \(.*\), loss .*, gradient ∇L = /.test(document.getElementById('live-description').textContent));
  assert.deepEqual(p.problems, []);
  await p.closeAll();
});

test('every scene reflows at 320 CSS px: nothing but a data table scrolls sideways', async () => {
  const p = await page('?deck=lecture', { width: 320, height: 640 }, { hasTouch: true, isMobile: true });
  const scenes = (await p.evaluate(() => window.descent.deck())).map((s) => s.key);
  const found = [];
  for (const scene of scenes) {
    await p.evaluate((key) => { window.descent.set({ scene: key }); window.descent.step(30); }, scene);
    const wide = await p.evaluate(() => document.documentElement.scrollWidth);
    if (wide > 320) found.push(`${scene}: the page is ${wide} px wide`);
  }
  // The API says what the descriptions say.
  const d = await p.evaluate(() => window.descent.describe());
  await p.waitForFunction((said) => document.getElementById('live-description').textContent === said, d.summary);
  assert.deepEqual(found, []);
  await p.closeAll();
});

test('the single-letter keys can be turned off (WCAG 2.1.4), and Space still plays', async () => {
  const p = await page('?shortcuts=false&speed=30');
  await p.evaluate(() => window.descent.step(5));
  await p.keyboard.press('r');
  await p.keyboard.press('?');
  assert.equal(await p.evaluate(() => window.descent.state().step), 5, 'r did not reset');
  assert.equal(await p.evaluate(() => document.getElementById('keys-dialog').open), false);
  await p.keyboard.press(' ');
  assert.equal(await p.evaluate(() => window.descent.state().running), true);
  await p.keyboard.press(' ');
  // On again from its box under Views.
  await p.check('#shortcuts');
  await p.focus('#surface');
  await p.keyboard.press('r');
  assert.equal(await p.evaluate(() => window.descent.state().step), 0);
  await p.closeAll();
});

test('the 3-D view turns by its arrow keys as by a drag', async () => {
  const p = await page('?view=both');
  const before = await p.evaluate(() => window.descent.camera());
  await p.focus('#surface3d');
  await p.keyboard.press('ArrowRight');
  await p.keyboard.press('Shift+ArrowUp');
  const after = await p.evaluate(() => window.descent.camera());
  assert.ok(after[0] !== before[0] && after[1] !== before[1], `${before} to ${after}`);
  assert.deepEqual(p.problems, []);
  await p.closeAll();
});

test('with reduced motion asked for, a reshuffle does not flash the points\' colours', async () => {
  const flashes = {};
  for (const reducedMotion of ['no-preference', 'reduce']) {
    const p = await page('?batch=10', { width: 1280, height: 800 }, { reducedMotion });
    await p.evaluate(() => { window.descent.stepEpoch(); window.descent.render(); });
    flashes[reducedMotion] = await p.evaluate(() => !document.getElementById('reshuffle-key').classList.contains('off'));
    await p.closeAll();
  }
  assert.deepEqual(flashes, { 'no-preference': true, reduce: false });
});
