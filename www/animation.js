// The animation for the slides: the view's runs from one step to another
// as a GIF (plays everywhere, PowerPoint included) or a video (WebM, or
// MP4 where the browser encodes H.264), made in the page. A second App,
// off screen at the animation's size, replays the view from its link (runs
// are the same bit for bit) one step a frame; each frame is drawn with the
// scene's caption and the step, and encoded in a task of its own, so the
// page answers between frames. Loaded on first use (share.js).
import { applyPalette, GIFEncoder, quantize } from './pkg/gifenc.js';
import { ArrayBufferTarget as Mp4Target, Muxer as Mp4Muxer } from './pkg/mp4-muxer.js';
import { ArrayBufferTarget as WebmTarget, Muxer as WebmMuxer } from './pkg/webm-muxer.js';
import { yieldToPage } from './dom.js';
import { carry, ENTRANCE_MS, MOVE_SHARE } from './entrance.js';
import { App } from './wasm.js';

/** The band over the plots with the caption and the step, in CSS pixels per 500 of height. */
const BAND = 36;
/** Most frames one animation makes. */
const MAX_FRAMES = 2000;
/** Steps taken in one task on the way to the first frame. */
const STEPS_A_TASK = 2000;
/** Frames a video encoder may hold before the page waits for it. */
const QUEUE = 4;

/** The video codecs tried, per container: WebCodecs' name and the muxer's. */
const CODECS = {
  webm: [['vp09.00.10.08', 'V_VP9'], ['vp8', 'V_VP8']],
  mp4: [['avc1.42001f', 'avc'], ['avc1.4d0028', 'avc']],
};

/** The options checked, with what was used instead named in the error. */
function options(o, step) {
  const format = o.format ?? 'gif';
  if (!['gif', 'webm', 'mp4'].includes(format)) throw new Error(`descent.animation: format ${format} is not one of gif, webm, mp4`);
  const int = (name, value, lo, hi) => {
    const v = Number(value);
    if (!Number.isInteger(v) || v < lo || v > hi) throw new Error(`descent.animation: ${name} = ${value} is not a whole number from ${lo} to ${hi}`);
    return v;
  };
  const from = int('from', o.from ?? 0, 0, 1e6);
  const to = int('to', o.to ?? Math.max(step, from + 60), from, from + MAX_FRAMES - 1);
  const fps = int('fps', o.fps ?? 15, 1, 60);
  // Video encoders want even sizes.
  const width = int('width', o.width ?? 800, 64, 3840) & ~1;
  const height = int('height', o.height ?? 500, 64, 2160) & ~1;
  const plots = o.plots ?? 'surface';
  if (!['surface', 'all'].includes(plots)) throw new Error(`descent.animation: plots = ${plots} is not surface or all`);
  return { format, from, to, fps, width, height, plots, entrance: Boolean(o.entrance) };
}

/** An off-screen App replaying `query`, its canvases laid out at the frame's size under the band. */
function replica(doc, query, { width, height, plots }, band) {
  const box = doc.createElement('div');
  box.setAttribute('aria-hidden', 'true');
  box.style.cssText = `position:fixed;left:${-2 * width - 100}px;top:0;width:${width}px;height:${height - band}px;contain:strict;`;
  const plotH = height - band;
  const place = (w, h, x, y) => {
    const c = doc.createElement('canvas');
    c.style.cssText = `position:absolute;left:${x}px;top:${y}px;width:${w}px;height:${h}px`;
    box.append(c);
    return c;
  };
  const surfaceW = plots === 'all' ? Math.round(width * 0.55) : width;
  const surface = place(surfaceW, plotH, 0, 0);
  const restW = Math.max(1, width - surfaceW);
  const trace = place(restW, Math.max(1, Math.floor(plotH / 2)), surfaceW, 0);
  const data = place(restW, Math.max(1, plotH - Math.floor(plotH / 2)), surfaceW, Math.floor(plotH / 2));
  doc.body.append(box);
  const params = [...new URLSearchParams(query)].filter(([k]) => !['autoplay', 'embed', 'controls', 'lock'].includes(k));
  const app = new App(surface, trace, data, params.map(([k]) => k), params.map(([, v]) => v));
  app.set_export_ratio(1);
  app.set_running(false);
  // No reshuffle flash: a frame is the same whenever it is made.
  app.set_still(true);
  return { app, box, canvases: plots === 'all' ? [surface, trace, data] : [surface] };
}

/** Draws the replica's plots under a band with the caption and the step. */
function compose(g, { width, height }, band, canvases, caption, step) {
  g.fillStyle = '#fff';
  g.fillRect(0, 0, width, height);
  for (const c of canvases) g.drawImage(c, parseFloat(c.style.left), band + parseFloat(c.style.top));
  const size = Math.round(band * 0.45);
  g.fillStyle = '#1a1a1a';
  g.font = `${size}px system-ui, sans-serif`;
  g.textBaseline = 'middle';
  const stepWidth = g.measureText(step).width;
  g.textAlign = 'right';
  g.fillText(step, width - size * 0.6, band / 2);
  g.textAlign = 'left';
  let text = caption;
  const room = width - stepWidth - size * 2.4;
  while (text.length > 1 && g.measureText(text).width > room) text = `${text.slice(0, -2)}…`;
  g.fillText(text, size * 0.6, band / 2);
}

/** A video encoder and muxer for `format`, with the first codec this browser encodes. */
async function videoWriter(format, { width, height, fps }) {
  if (typeof VideoEncoder !== 'function') throw new Error(`this browser cannot encode video (no WebCodecs); choose GIF`);
  for (const [codec, muxerCodec] of CODECS[format]) {
    // About a tenth of a bit a pixel a frame: the picture changes little from frame to frame.
    const config = { codec, width, height, bitrate: Math.round((width * height * fps) / 10), framerate: fps };
    if (!(await VideoEncoder.isConfigSupported(config)).supported) continue;
    const target = format === 'mp4' ? new Mp4Target() : new WebmTarget();
    const muxer = format === 'mp4'
      ? new Mp4Muxer({ target, video: { codec: muxerCodec, width, height, frameRate: fps }, fastStart: 'in-memory' })
      : new WebmMuxer({ target, video: { codec: muxerCodec, width, height, frameRate: fps } });
    let failure = null;
    const encoder = new VideoEncoder({ output: (chunk, meta) => muxer.addVideoChunk(chunk, meta), error: (e) => { failure = e; } });
    encoder.configure(config);
    return {
      async add(canvas, k) {
        if (failure) throw failure;
        const frame = new VideoFrame(canvas, { timestamp: Math.round((k * 1e6) / fps), duration: Math.round(1e6 / fps) });
        // A key frame every ten seconds: each costs as much as dozens of the others.
        encoder.encode(frame, { keyFrame: k % (fps * 10) === 0 });
        frame.close();
        while (encoder.encodeQueueSize > QUEUE) await new Promise((resolve) => setTimeout(resolve, 5));
      },
      async finish() {
        await encoder.flush();
        if (failure) throw failure;
        encoder.close();
        muxer.finalize();
        return new Blob([target.buffer], { type: format === 'mp4' ? 'video/mp4' : 'video/webm' });
      },
    };
  }
  throw new Error(`this browser cannot encode ${format === 'mp4' ? 'MP4 (H.264)' : 'WebM (VP9 or VP8)'}; choose ${format === 'mp4' ? 'WebM or ' : ''}GIF`);
}

/** Every fourth pixel of an RGBA image: enough to choose a palette from, in a quarter of the time. */
function sample(data) {
  const out = new Uint8ClampedArray(Math.ceil(data.length / 16) * 4);
  for (let i = 0, o = 0; i < data.length; i += 16, o += 4) out.set(data.subarray(i, i + 4), o);
  return out;
}

/**
 * A GIF writer: one palette for every frame (the first frame's colours:
 * the heatmap, the start and the words), and after the first frame only
 * what changed: the rest is left transparent over the frame before
 * (disposal 1), which shrinks a 200-frame GIF about tenfold.
 */
function gifWriter({ width, height, fps }) {
  const gif = GIFEncoder();
  let palette = null;
  let previous = null;
  const delay = Math.round(1000 / fps);
  return {
    async add(canvas, k, g) {
      const { data } = g.getImageData(0, 0, width, height);
      if (!palette) {
        // 255 colours and a last slot for "unchanged"; chosen in a task of its own.
        palette = [...quantize(sample(data), 255), [0, 0, 0]];
        await yieldToPage();
      }
      const clear = palette.length - 1;
      const index = applyPalette(data, palette.slice(0, clear));
      if (previous === null) {
        gif.writeFrame(index, width, height, { palette, delay, repeat: 0 });
      } else {
        const changed = index.slice();
        for (let i = 0; i < changed.length; i++) if (changed[i] === previous[i]) changed[i] = clear;
        gif.writeFrame(changed, width, height, { delay, transparent: true, transparentIndex: clear, dispose: 1 });
      }
      previous = index;
    },
    async finish() {
      gif.finish();
      return new Blob([gif.bytes()], { type: 'image/gif' });
    },
  };
}

/** CSS's ease-in-out, cubic-bezier(0.42, 0, 0.58, 1), at progress `p` in [0, 1]. */
function easeInOut(p) {
  const bezier = (t, a, b) => 3 * a * t * (1 - t) ** 2 + 3 * b * t ** 2 * (1 - t) + t ** 3;
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 30; k++) {
    const mid = (lo + hi) / 2;
    if (bezier(mid, 0.42, 0.58) < p) lo = mid; else hi = mid;
  }
  return bezier((lo + hi) / 2, 0, 1);
}

/**
 * The slide on screen entering, as the deck shows it (www/entrance.js):
 * the slide before it moves to where its window lies in the new view and
 * fades, while the new paths replay; in real time (the replay follows the
 * clock), then half a second of the slide. `slide` is its place from 0.
 */
async function entrance(app, slide, opts, band, canvases, g, writer, progress) {
  const [canvas] = canvases;
  let picture = null;
  let before = null;
  if (slide > 0) {
    app.set(['slide'], [String(slide)]);
    for (let part = 0; part < 3 && app.render(); part++);
    picture = canvas.ownerDocument.createElement('canvas');
    picture.width = canvas.width;
    picture.height = canvas.height;
    picture.getContext('2d').drawImage(canvas, 0, 0);
    before = app.surface_frame();
  }
  app.set(['slide'], [String(slide + 1)]);
  app.replay(ENTRANCE_MS);
  for (let part = 0; part < 3 && app.render(); part++);
  const after = app.surface_frame();
  const total = Math.ceil(((ENTRANCE_MS + 500) * opts.fps) / 1000);
  const t0 = performance.now();
  for (let k = 0; k < total; k++) {
    // Each frame at its time: the replay draws the paths as far as the clock says.
    const wait = t0 + (k * 1000) / opts.fps - performance.now();
    await (wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : yieldToPage());
    app.render();
    const [caption, counter] = app.animation_words();
    compose(g, opts, band, canvases, caption, counter);
    const p = Math.min(1, (k * 1000) / opts.fps / (ENTRANCE_MS * MOVE_SHARE));
    if (picture && p < 1) movePicture(g, picture, before, after, easeInOut(p), band, canvas);
    await writer.add(g.canvas, k, g);
    progress(k + 1, total);
  }
}

/** The old slide's plot moved `e` of the way to its place in the new one, fading, inside the contour plot's box. */
function movePicture(g, picture, before, after, e, band, canvas) {
  const move = carry(before, after);
  if (!move) return;
  const { x0, x1, y0, y1, sx, sy, tx, ty } = move;
  const left = parseFloat(canvas.style.left);
  const top = band + parseFloat(canvas.style.top);
  g.save();
  g.beginPath();
  g.rect(left, top, canvas.width, canvas.height);
  g.clip();
  g.globalAlpha = 1 - e;
  g.translate(left + tx * e, top + ty * e);
  g.scale(1 + (sx - 1) * e, 1 + (sy - 1) * e);
  g.beginPath();
  g.rect(x0, y0, x1 - x0, y1 - y0);
  g.clip();
  g.drawImage(picture, 0, 0);
  g.restore();
}

/**
 * Makes the animation of the view `query` (its link's settings): frames
 * from step `from` to `to` (one step a frame; `to` defaults to `step`, the
 * page's), `fps` a second, `width` x `height` pixels, the contour plot
 * (`plots: 'surface'`) or all three; with `entrance`, the slide on screen
 * (`slide`, from 0) entering instead. Calls `progress(done, total)` after
 * each frame. Resolves to a Blob.
 */
export async function animation(doc, query, o = {}, progress = () => {}, { step = 0, slide = -1 } = {}) {
  const opts = options(o, step);
  const band = Math.round((BAND * opts.height) / 500);
  const out = doc.createElement('canvas');
  out.width = opts.width;
  out.height = opts.height;
  const g = out.getContext('2d', { willReadFrequently: opts.format === 'gif' });
  const writer = opts.format === 'gif' ? gifWriter(opts) : await videoWriter(opts.format, opts);
  const { app, box, canvases } = replica(doc, query, opts, band);
  try {
    if (opts.entrance) {
      if (slide < 0) throw new Error('descent.animation: an entrance is a deck\'s slide\'s, and no slide is on screen');
      await entrance(app, slide, opts, band, canvases, g, writer, progress);
      return await writer.finish();
    }
    const total = opts.to - opts.from + 1;
    // To the first frame's step, a few thousand steps a task.
    for (let left = opts.from; left > 0; left -= STEPS_A_TASK) {
      await yieldToPage();
      app.step(Math.min(left, STEPS_A_TASK));
    }
    for (let k = 0; k < total; k++) {
      // Drawing and encoding in tasks of their own: the page answers between.
      await yieldToPage();
      if (k > 0) app.step(1);
      // The first render of an App draws the surface alone; the second the rest.
      for (let part = 0; part < 3 && app.render(); part++);
      const [caption, counter] = app.animation_words();
      compose(g, opts, band, canvases, caption, counter);
      await yieldToPage();
      await writer.add(out, k, g);
      progress(k + 1, total);
    }
    return await writer.finish();
  } finally {
    app.free();
    box.remove();
  }
}
