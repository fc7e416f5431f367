// Presenting (Deck → Present): the deck on the whole screen in the
// projector's colours, a layout of its own (style.css) where the plots take
// the screen and the controls leave it (c, or ⚙ Controls, brings them back),
// with every word and the axis numbers at least 2.5% of the screen's height.

/** The least size of any word while presenting, as a share of the screen's height. */
const TEXT_SHARE = 0.025;

/** Installs presenting; offers `present`, `toggleControls` and `fitText` to the others. */
export function install(ctx) {
  const { $, element, app, doc, listen } = ctx;
  let themeBefore = null;
  /** Axis numbers at least 2.5% of the screen's height while the plots take the screen. */
  const fitText = () => app.set_text_floor(ctx.plotsOnly() ? TEXT_SHARE * doc.defaultView.innerHeight : 0);
  /** The controls beside the plots while presenting, or put away again (c). */
  function toggleControls(open = !element.classList.contains('controls-open')) {
    element.classList.toggle('controls-open', open);
    $('controls-toggle').setAttribute('aria-expanded', String(open));
    // The slide's control comes into view with the column.
    if (open) ctx.parts.controls.spotlight(ctx.view().scene?.focus);
    fitText();
    app.invalidate();
    ctx.show();
  }
  function present() {
    if (element.classList.contains('presenting')) return;
    themeBefore = ctx.state().page.theme;
    element.classList.add('presenting');
    element.classList.remove('controls-open');
    $('controls-toggle').setAttribute('aria-expanded', 'false');
    ctx.parts.controls.again();
    if (themeBefore !== 'projector') ctx.set({ theme: 'projector' });
    if (ctx.state().page.deck.length && (ctx.state().page.slide ?? -1) < 0) ctx.api.goTo(0);
    ctx.parts.editor.closeDeck();
    // The keys go to the deck and the run, not to the button that opened the dialog.
    element.tabIndex = -1;
    element.focus({ preventScroll: true });
    element.requestFullscreen?.().catch(() => {});
    fitText();
    app.invalidate();
  }
  function stopPresenting() {
    if (!element.classList.contains('presenting')) return;
    element.classList.remove('presenting', 'controls-open');
    element.removeAttribute('tabindex');
    if (themeBefore && themeBefore !== 'projector' && !ctx.state().page.lock.includes('theme')) ctx.set({ theme: themeBefore });
    themeBefore = null;
    fitText();
    app.invalidate();
    ctx.show();
  }
  listen($('controls-toggle'), 'click', () => toggleControls());
  listen(doc, 'fullscreenchange', () => { if (!doc.fullscreenElement) stopPresenting(); });
  listen($('deck-present'), 'click', () => present());
  ctx.parts.presenting = { present, toggleControls, fitText };
  return ctx.parts.presenting;
}
