// A slide's entrance: the old view's picture moves to where its window
// lies in the new one and fades, while the new paths replay from their
// start. Skipped when the user asks for reduced motion.

/** How long a slide's entrance takes (the path replaying, the old view moving into the new), in ms. */
export const ENTRANCE_MS = 1200;
/** The old picture's part of it: moving and fading over this share of the entrance, eased in and out. */
export const MOVE_SHARE = 0.6;

/** The user asks for reduced motion: no entrance. */
const still = () => matchMedia('(prefers-reduced-motion: reduce)').matches;
/**
 * Where the old view's plot goes in the new one (`before` and `after` are
 * the two views' `surface_frame()`): the old plotting rectangle, and the
 * scale and then translation (from the canvas's top left corner) that lay
 * it where its window lies in the new view; null where that makes no sense.
 */
export function carry(before, after) {
  const [b0lo, b0hi, b1lo, b1hi, x0, x1, y0, y1] = before;
  const [n0lo, n0hi, n1lo, n1hi, X0, X1, Y0, Y1] = after;
  const x = (b) => X0 + ((b - n0lo) / (n0hi - n0lo)) * (X1 - X0);
  const y = (b) => Y0 + ((n1hi - b) / (n1hi - n1lo)) * (Y1 - Y0);
  const sx = (x(b0hi) - x(b0lo)) / (x1 - x0);
  const sy = (y(b1lo) - y(b1hi)) / (y1 - y0);
  if (![sx, sy].every((v) => Number.isFinite(v) && v > 1e-3 && v < 1e3)) return null;
  return { x0, x1, y0, y1, sx, sy, tx: x(b0lo) - sx * x0, ty: y(b1hi) - sy * y0 };
}

/** Makes `change` (a new slide's view) enter: the old picture moves into the new view. */
export function enter(ctx, change) {
  const { app, call, doc } = ctx;
  const canvas = ctx.$('surface');
  const before = canvas.hidden || still() || !canvas.width ? null : call(() => app.surface_frame());
  let picture = null;
  if (before) {
    picture = doc.createElement('canvas');
    picture.width = canvas.width;
    picture.height = canvas.height;
    picture.getContext('2d').drawImage(canvas, 0, 0);
  }
  change();
  if (still()) return;
  call(() => app.replay(ENTRANCE_MS));
  const after = call(() => app.surface_frame());
  if (!picture || canvas.hidden) return;
  const move = carry(before, after);
  if (!move) return;
  const { x0, x1, y0, y1, sx, sy, tx, ty } = move;
  // Only the plotting rectangle moves; the axes are the new ones at once.
  // It moves inside a frame the canvas's size that clips it, so a picture
  // growing past the window never gives the page a scroll bar.
  const frame = doc.createElement('div');
  frame.className = 'entrance-frame';
  frame.style.width = `${canvas.clientWidth}px`;
  frame.style.height = `${canvas.clientHeight}px`;
  frame.style.left = `${canvas.offsetLeft}px`;
  frame.style.top = `${canvas.offsetTop}px`;
  picture.className = 'entrance';
  picture.style.width = `${canvas.clientWidth}px`;
  picture.style.height = `${canvas.clientHeight}px`;
  picture.style.clipPath = `inset(${y0}px ${canvas.clientWidth - x1}px ${canvas.clientHeight - y1}px ${x0}px)`;
  frame.append(picture);
  canvas.parentElement.append(frame);
  const motion = picture.animate(
    [{ transform: 'none', opacity: 1 }, { transform: `translate(${tx}px, ${ty}px) scale(${sx}, ${sy})`, opacity: 0 }],
    { duration: ENTRANCE_MS * MOVE_SHARE, easing: 'ease-in-out', fill: 'forwards' },
  );
  const done = () => frame.remove();
  motion.onfinish = done;
  motion.oncancel = done;
  ctx.later(done, ENTRANCE_MS);
}
