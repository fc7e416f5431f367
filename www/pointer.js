// Mouse, touch and pen on the plots, by one code path (pointer events):
// press the contour plot to start there and drag to move the start, drag a
// note by its card, drag the 3-D view to turn it. The plots take touch
// gestures for themselves (touch-action: none); the page scrolls from
// elsewhere.

/** The contour plot: the start and the notes. */
function installSurface(ctx) {
  const { $, listen } = ctx;
  // Press on the contour plot to start there; keep the button (or the
  // finger: the plot takes touch gestures for itself) down and drag to move
  // the start, the live path following within the frame. A press on a
  // note's card drags the note instead.
  const surface = $('surface');
  /** The drag under way: `{}` for the start, `{ note, dx, dy }` for a note
   * (from the pointer to the place it points at, in CSS pixels). */
  let drag = null;
  let pendingDrag = null;
  const pointerAt = (event) => {
    const box = surface.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  };
  /** Where note k points, in CSS pixels of the canvas. */
  function notePlace(k) {
    const [b0lo, b0hi, b1lo, b1hi, left, right, top, bottom] = ctx.call(() => ctx.app.surface_frame());
    const [b0, b1] = ctx.state().notes[k].at;
    return [left + ((b0 - b0lo) / (b0hi - b0lo)) * (right - left), top + ((b1hi - b1) / (b1hi - b1lo)) * (bottom - top)];
  }
  function dragTo(event) {
    const [x, y] = pointerAt(event);
    if (drag.note === undefined) {
      if (ctx.call(() => ctx.app.click(x, y))) ctx.refresh(true);
    } else if (ctx.call(() => ctx.app.move_note(drag.note, x + drag.dx, y + drag.dy))) {
      ctx.refresh();
    }
  }
  listen(surface, 'pointerdown', (event) => {
    if (event.button !== 0 || ctx.stopped) return;
    const [x, y] = pointerAt(event);
    const note = ctx.call(() => ctx.app.note_at(x, y));
    if (note >= 0) {
      const [px, py] = notePlace(note);
      drag = { note, dx: px - x, dy: py - y };
    } else {
      drag = {};
      dragTo(event);
    }
    surface.setPointerCapture?.(event.pointerId);
  });
  listen(surface, 'pointermove', (event) => {
    if (!drag) {
      // A note can be taken by its card: say so to a mouse.
      if (event.pointerType === 'mouse' && !ctx.stopped) {
        const [x, y] = pointerAt(event);
        const cursor = ctx.app.note_at(x, y) >= 0 ? 'grab' : '';
        if (surface.style.cursor !== cursor) surface.style.cursor = cursor;
      }
      return;
    }
    if (!pendingDrag) requestAnimationFrame(() => { const e = pendingDrag; pendingDrag = null; if (e && drag) dragTo(e); });
    pendingDrag = event;
  });
  const endDrag = () => {
    const was = drag;
    if (pendingDrag && drag) dragTo(pendingDrag);
    drag = null;
    pendingDrag = null;
    // The address and the controls catch up once a note is put down.
    if (was?.note !== undefined && !ctx.stopped) ctx.refresh(true);
  };
  listen(surface, 'pointerup', endDrag);
  listen(surface, 'pointercancel', endDrag);

}

/** The 3-D view: turned by a drag. */
function installTurning(ctx) {
  const { $, listen } = ctx;
  // Drag the 3-D view to turn it.
  const view3d = $('surface3d');
  let turning = null;
  listen(view3d, 'pointerdown', (event) => {
    if (event.button !== 0 || ctx.stopped) return;
    turning = { x: event.clientX, y: event.clientY };
    view3d.setPointerCapture?.(event.pointerId);
  });
  listen(view3d, 'pointermove', (event) => {
    if (!turning || ctx.stopped) return;
    ctx.call(() => ctx.app.rotate(event.clientX - turning.x, event.clientY - turning.y));
    turning = { x: event.clientX, y: event.clientY };
  });
  for (const type of ['pointerup', 'pointercancel']) listen(view3d, type, () => { turning = null; });

}

/** Installs the plots' pointers. */
export function install(ctx) {
  installSurface(ctx);
  installTurning(ctx);
}
