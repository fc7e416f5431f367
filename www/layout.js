// Layouts that follow the instance's box, not the window: the page on a
// laptop or a phone, a figure in a course page, or a plot and Play alone.

/** The controls each layout shows when controls= does not say. */
export const LAYOUT_CONTROLS = { wide: null, stack: null, figure: ['play', 'step', 'reset', 'lr'], mini: ['play'] };

/**
 * The layout for a box of `w` x `h` CSS pixels: `wide` (controls in a
 * column beside three plots), `stack` (the page on a phone: one column
 * that scrolls), `figure` (an embed: contour plot and trace side by side,
 * a row of controls) or `mini` (the contour plot and Play).
 */
export function layoutFor(w, h, page) {
  if (page) return w >= 900 ? 'wide' : 'stack';
  if (w >= 900 && h >= 600) return 'wide';
  if (w >= 520 && h >= 300) return 'figure';
  return 'mini';
}

/**
 * Sets the instance's layout (data-layout) and its size classes from the
 * element's size; returns the layout, or null while it has no width.
 */
export function sizeClasses(element, page) {
  const w = element.clientWidth;
  const h = element.clientHeight;
  if (!w) return null;
  const next = layoutFor(w, h, page);
  const classes = {
    big: next === 'wide' && w >= 1500,
    mid: next === 'wide' && w < 1200,
    short: h < 950,
    shorter: h < 820,
    cramped: h < 620,
    tall: h > 0.9 * w,
  };
  for (const [name, on] of Object.entries(classes)) {
    if (element.classList.contains(name) !== on) element.classList.toggle(name, on);
  }
  if (element.dataset.layout !== next) element.dataset.layout = next;
  return next;
}

