// Taking the run along: the Python script and the notebook saved from the
// page rebuild its runs with NumPy (run here with python3; the notebook
// executed headless by nbclient), and the animation for slides (a GIF, and
// a WebM video where the browser encodes one) decodes with the frames,
// size and duration asked for, its first and last frames the page's
// pictures at those steps. Needs python3 with numpy, matplotlib, nbclient,
// Pillow and imageio-ffmpeg (scripts/setup.sh --browser installs them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, open } from './helpers.mjs';

const python = (code, ...args) => execFileSync('python3', ['-c', code, ...args], { env: { ...process.env, MPLBACKEND: 'Agg' }, encoding: 'utf8', timeout: 180000 });

/** Each run's final numbers, the page's and the export's, agree to 1e-9. */
function sameRuns(page, exported, what) {
  assert.equal(exported.runs.length, page.runs.length, `${what}: a result a run`);
  const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  page.runs.forEach((run, k) => {
    const got = exported.runs[k];
    assert.ok(close(got.theta[0], run.theta[0]) && close(got.theta[1], run.theta[1]) && close(got.loss, run.loss),
      `${what} run ${k + 1}: ${JSON.stringify(got)} against descent's ${JSON.stringify({ theta: run.theta, loss: run.loss })}`);
  });
}

test('the script and the notebook saved from the page rebuild its runs to 1e-9', async () => {
  const env = await start();
  const dir = mkdtempSync(join(tmpdir(), 'descent-notebook-'));
  try {
    const page = await open(env, '?runs=gd:0.5,adam:0.1&batch=20&seed=3');
    const s = await page.evaluate(() => window.descent.step(40));
    await page.click('#export');
    const read = async (id) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#${id}`)]);
      const path = join(dir, download.suggestedFilename());
      await download.saveAs(path);
      return path;
    };
    const script = await read('download-python');
    assert.ok(script.endsWith('descent.py'));
    const out = execFileSync('python3', [script], { env: { ...process.env, MPLBACKEND: 'Agg' }, encoding: 'utf8', timeout: 180000 }).trim().split('\n');
    assert.match(out.at(-2), /reproduce descent's numbers/, 'the script says it reproduces descent\'s numbers');
    sameRuns(s, JSON.parse(out.at(-1)), 'the script');
    // The API gives the same text as the button.
    assert.equal(await page.evaluate(() => window.descent.python()), readFileSync(script, 'utf8'));

    const book = await read('download-notebook');
    assert.ok(book.endsWith('descent.ipynb'));
    const last = python(`
import sys, nbformat, nbclient
nb = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(nb, timeout=180, kernel_name="python3").execute()
texts = [o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "stream"]
print("".join(texts).strip().split("\\n")[-1])
`, book).trim();
    sameRuns(s, JSON.parse(last), 'the notebook');
    assert.deepEqual(page.problems, []);
    await page.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await env.close();
  }
});

test('an animation for slides: a GIF and a video with the frames, size and duration asked for, ending where the page is', async () => {
  const env = await start();
  const dir = mkdtempSync(join(tmpdir(), 'descent-animation-'));
  try {
    const page = await open(env, '?lr=0.5');
    // The animation at the size of the page's contour plot, under its band
    // of words (36 px per 500 of height), so its frames can be laid over the
    // page's pictures pixel for pixel (but the GIF's palette).
    const [cw, ch] = await page.$eval('#surface', (el) => [el.clientWidth, el.clientHeight]);
    let height = ch;
    while (height - Math.round((36 * height) / 500) < ch) height += 1;
    const width = cw - (cw % 2);
    assert.equal(height - Math.round((36 * height) / 500), ch, 'a height whose plot is the page\'s');
    // The page's pictures at the first and last steps.
    const picture = async (name) => {
      const bytes = await page.evaluate(async () => {
        const blob = await window.descent.png('surface', 1);
        return [...new Uint8Array(await blob.arrayBuffer())];
      });
      writeFileSync(join(dir, name), Buffer.from(bytes));
    };
    await picture('page-0.png');
    await page.evaluate(() => window.descent.step(20));
    await picture('page-20.png');
    const make = (options) => page.evaluate(async (o) => {
      const progress = [];
      const blob = await window.descent.animation(o, (done, total) => progress.push([done, total]));
      return { bytes: [...new Uint8Array(await blob.arrayBuffer())], type: blob.type, progress: progress.at(-1), steps: progress.length };
    }, options);
    const gif = await make({ format: 'gif', from: 0, to: 20, fps: 10, width, height });
    assert.equal(gif.type, 'image/gif');
    assert.deepEqual(gif.progress, [21, 21]);
    writeFileSync(join(dir, 'a.gif'), Buffer.from(gif.bytes));
    const summary = JSON.parse(python(`
import sys, json
from PIL import Image, ImageChops, ImageStat
gif = Image.open(sys.argv[1])
durations, frames = [], []
for k in range(gif.n_frames):
    gif.seek(k)
    durations.append(gif.info["duration"])
    frames.append(gif.convert("RGB"))
band = round(36 * gif.size[1] / 500)
w, h = gif.size
page0, page20 = [Image.open(p).convert("RGB") for p in sys.argv[2:4]]
plot = (0, band, w, h)
# The page's picture cut to the animation's width (even, for video).
def cut(img):
    return img.crop((0, 0, w, img.size[1]))
def diff(a, b):
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3
print(json.dumps({"frames": gif.n_frames, "size": gif.size, "durations": sorted(set(durations)),
  "first_vs_page0": diff(frames[0].crop(plot), cut(page0)), "first_vs_page20": diff(frames[0].crop(plot), cut(page20)),
  "last_vs_page20": diff(frames[-1].crop(plot), cut(page20)), "last_vs_page0": diff(frames[-1].crop(plot), cut(page0)),
  "moved": diff(frames[0], frames[-1])}))
`, join(dir, 'a.gif'), join(dir, 'page-0.png'), join(dir, 'page-20.png')));
    assert.equal(summary.frames, 21);
    assert.deepEqual(summary.size, [width, height]);
    assert.deepEqual(summary.durations, [100], 'a tenth of a second a frame: 10 a second');
    // The frames are the page's pictures: each closer to its own step's than to the other's.
    assert.ok(summary.first_vs_page0 < summary.first_vs_page20 && summary.last_vs_page20 < summary.last_vs_page0, JSON.stringify(summary));
    assert.ok(summary.first_vs_page0 < 4 && summary.last_vs_page20 < 4, `within the palette's rounding: ${JSON.stringify(summary)}`);
    assert.ok(summary.moved > 0.05, 'the path moved between the first frame and the last');

    // A video where the browser encodes one (WebCodecs): WebM, decoded by
    // ffmpeg, at the page's size too.
    const video = await make({ format: 'webm', from: 0, to: 20, fps: 10, width, height });
    assert.equal(video.type, 'video/webm');
    writeFileSync(join(dir, 'a.webm'), Buffer.from(video.bytes));
    const ffmpeg = python('import imageio_ffmpeg; print(imageio_ffmpeg.get_ffmpeg_exe())').trim();
    execFileSync(ffmpeg, ['-loglevel', 'error', '-i', join(dir, 'a.webm'), '-fps_mode', 'passthrough', join(dir, 'v%03d.png')]);
    const pngs = readdirSync(dir).filter((f) => /^v\d+\.png$/.test(f)).sort();
    assert.equal(pngs.length, 21, 'every frame decodes');
    const png = readFileSync(join(dir, pngs[0]));
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [width, height]);
    const frames = JSON.parse(python(`
import sys, json
from PIL import Image, ImageChops, ImageStat
first, last, page0, page20 = [Image.open(p).convert("RGB") for p in sys.argv[1:5]]
w, h = first.size
band = round(36 * h / 500)
def diff(a, b):
    return sum(ImageStat.Stat(ImageChops.difference(a.crop((0, band, w, h)), b.crop((0, 0, w, b.size[1])))).mean) / 3
print(json.dumps({"first_vs_page0": diff(first, page0), "first_vs_page20": diff(first, page20), "last_vs_page20": diff(last, page20), "last_vs_page0": diff(last, page0)}))
`, join(dir, pngs[0]), join(dir, pngs.at(-1)), join(dir, 'page-0.png'), join(dir, 'page-20.png')));
    assert.ok(frames.first_vs_page0 < frames.first_vs_page20 && frames.last_vs_page20 < frames.last_vs_page0 && frames.last_vs_page20 < 6,
      `the video's frames are the page's pictures, within its compression: ${JSON.stringify(frames)}`);
    const info = spawnSync(ffmpeg, ['-hide_banner', '-i', join(dir, 'a.webm'), '-f', 'null', '-'], { encoding: 'utf8' }).stderr;
    const [, seconds] = info.match(/Duration: 00:00:(\d+\.\d+)/) ?? [];
    assert.ok(Math.abs(Number(seconds) - 2.1) < 0.11, `21 frames at 10 a second: ${seconds} s`);
    // An entrance needs a slide on screen: said in words.
    const none = await page.evaluate(() => window.descent.animation({ entrance: true }).then(() => 'made', (e) => e.message));
    assert.match(none, /no slide is on screen/);
    // A deck's slide entering: the slide before it moving in while the paths replay.
    await page.goto(`${env.base}?deck=lecture`);
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    await page.evaluate(() => window.descent.goTo(3));
    const entering = await make({ format: 'gif', entrance: true, width: 400, height: 250 });
    writeFileSync(join(dir, 'entrance.gif'), Buffer.from(entering.bytes));
    const moving = JSON.parse(python(`
import sys, json
from PIL import Image, ImageChops, ImageStat
g = Image.open(sys.argv[1])
frames = []
for k in range(g.n_frames):
    g.seek(k)
    frames.append(g.convert("RGB"))
def diff(a, b):
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3
print(json.dumps({"frames": g.n_frames, "size": g.size, "first_last": diff(frames[0], frames[-1]), "settled": diff(frames[-2], frames[-1])}))
`, join(dir, 'entrance.gif')));
    assert.equal(moving.frames, Math.ceil((1.2 + 0.5) * 15), '1.7 s at 15 frames a second');
    assert.deepEqual(moving.size, [400, 250]);
    assert.ok(moving.first_last > 3 * moving.settled, `the old view moves in and settles: ${JSON.stringify(moving)}`);
    // All three plots, side by side.
    const all = await make({ format: 'gif', to: 3, width: 640, height: 400, plots: 'all' });
    writeFileSync(join(dir, 'all.gif'), Buffer.from(all.bytes));
    assert.equal(python('import sys; from PIL import Image; g = Image.open(sys.argv[1]); print(g.n_frames, *g.size)', join(dir, 'all.gif')).trim(), '4 640 400');
    // MP4 needs an H.264 encoder, which this Chromium may lack: made, or refused in words.
    const mp4 = await page.evaluate(() => window.descent.animation({ format: 'mp4', to: 5, width: 320, height: 200 }).then((b) => b.type, (e) => e.message));
    assert.ok(mp4 === 'video/mp4' || /cannot encode MP4/.test(mp4), mp4);
    // Bad options are refused, naming the value.
    const bad = await page.evaluate(() => window.descent.animation({ format: 'avi' }).catch((e) => e.message));
    assert.match(bad, /format avi is not one of gif, webm, mp4/);
    assert.deepEqual(page.problems, []);
    await page.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await env.close();
  }
});
