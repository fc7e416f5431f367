// The JavaScript peer of descent's loss surface: what a competent web
// developer writes for the same frame. Float64Array loops with the stable
// softplus, d3-contour for the contour lines, a 256-entry colour look-up
// table written through a Uint32Array view into an ImageData, and the
// canvas's own drawImage and Path2D for the drawing. Used only by
// `npm run bench` (scripts/bench.mjs loads d3's UMD builds first, which
// define `window.d3`); it is not part of the product.

/** Viridis, nine stops, interpolated into 256 RGBA words (little-endian). */
function viridisTable() {
  const stops = [[68, 1, 84], [72, 40, 120], [62, 73, 137], [49, 104, 142], [38, 130, 142],
    [31, 158, 137], [53, 183, 121], [110, 206, 88], [253, 231, 37]];
  const table = new Uint32Array(256);
  for (let k = 0; k < 256; k++) {
    const t = (k / 255) * (stops.length - 1);
    const i = Math.min(stops.length - 2, Math.floor(t));
    const f = t - i;
    const [r, g, b] = [0, 1, 2].map((c) => Math.round(stops[i][c] + f * (stops[i + 1][c] - stops[i][c])));
    table[k] = (255 << 24) | (b << 16) | (g << 8) | r;
  }
  return table;
}
const VIRIDIS = viridisTable();

/** log(1 + e^z) without overflow or cancellation. */
function softplus(z) {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export class Peer {
  /**
   * `x`, `y`: the points; `batch`: indices (empty: all); `window`:
   * [b0 from, b0 to, b1 from, b1 to]; `g`: grid points per side.
   */
  constructor(x, y, batch, window, g, floor) {
    const pick = batch.length ? Array.from(batch) : null;
    this.x = Float64Array.from(pick ? pick.map((i) => x[i]) : x);
    this.y = Float64Array.from(pick ? pick.map((i) => y[i]) : y);
    this.window = window;
    this.g = g;
    this.floor = floor;
    this.values = new Float64Array(g * g);
    this.image = new ImageData(g, g);
    this.scratch = document.createElement('canvas');
    this.scratch.width = g;
    this.scratch.height = g;
  }

  /** The mean loss at every grid point, row by row (rows: b1 rising). */
  grid() {
    const t0 = performance.now();
    const { x, y, g, values } = this;
    const [a0, a1, c0, c1] = this.window;
    const n = x.length;
    for (let j = 0; j < g; j++) {
      const b1 = c0 + ((c1 - c0) * j) / (g - 1);
      for (let i = 0; i < g; i++) {
        const b0 = a0 + ((a1 - a0) * i) / (g - 1);
        let sum = 0;
        for (let k = 0; k < n; k++) {
          const z = b0 + b1 * x[k];
          sum += softplus(z) - y[k] * z;
        }
        values[j * g + i] = sum / n;
      }
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
    // Twelve levels evenly spaced in log(L - L*), as descent's.
    const top = Math.max(hi - this.floor, 1e-300);
    const bottom = Math.max(lo - this.floor, top * 1e-4);
    const [l0, l1] = [Math.log(bottom), Math.log(top)];
    this.levels = Array.from({ length: 12 }, (_, k) => this.floor + Math.exp(l0 + ((l1 - l0) * (k + 0.5)) / 12));
    this.range = [l0, l1];
    return performance.now() - t0;
  }

  /** d3-contour's isolines of the grid at the twelve levels. */
  contours() {
    const t0 = performance.now();
    this.lines = window.d3.contours().size([this.g, this.g]).smooth(true).thresholds(this.levels)(this.values);
    return performance.now() - t0;
  }

  /** Colours by log(L - L*) through the look-up table. */
  colours() {
    const t0 = performance.now();
    const { g, values, floor } = this;
    const [l0, l1] = this.range;
    const scale = 255 / Math.max(l1 - l0, 1e-12);
    const words = new Uint32Array(this.image.data.buffer);
    for (let j = 0; j < g; j++) {
      const row = (g - 1 - j) * g; // the top row is the highest b1
      for (let i = 0; i < g; i++) {
        const v = Math.log(Math.max(values[j * g + i] - floor, 1e-300));
        const t = Math.min(255, Math.max(0, (v - l0) * scale));
        words[row + i] = VIRIDIS[t | 0];
      }
    }
    return performance.now() - t0;
  }

  /** The image scaled to `canvas`, the contour lines over it as one path. */
  draw(canvas) {
    const t0 = performance.now();
    const ctx = canvas.getContext('2d');
    this.scratch.getContext('2d').putImageData(this.image, 0, 0);
    ctx.drawImage(this.scratch, 0, 0, canvas.width, canvas.height);
    const sx = canvas.width / (this.g - 1);
    const sy = canvas.height / (this.g - 1);
    const path = new Path2D();
    for (const level of this.lines) {
      for (const polygon of level.coordinates) {
        for (const ring of polygon) {
          ring.forEach(([px, py], k) => {
            // d3's pixel (px, py) is grid column px, row py; rows rise upwards.
            const X = px * sx;
            const Y = canvas.height - py * sy;
            if (k === 0) path.moveTo(X, Y); else path.lineTo(X, Y);
          });
        }
      }
    }
    ctx.strokeStyle = 'rgba(255,255,255,0.6)';
    ctx.stroke(path);
    return performance.now() - t0;
  }
}
