// A challenge's banner: the task, whether it is met (and why), a hint
// offered after a while, on a phone a way to the control the task needs and
// back. The banner keeps the height of its longest state, so meeting the
// challenge moves nothing under a finger.
import { challengesJson } from './wasm.js';
import { mark, put, seen, show } from './dom.js';

/** How long a challenge stays unsolved before its hint is offered, in ms. */
const HINT_AFTER_MS = 30000;

/** Installs the banner; offers the API's `challenges` and `challengeState`. */
export function install(ctx) {
  const { $, listen } = ctx;
  let shown = null;
  let hintsShown = 0;
  /** After "To the control", until the banner is back in view: a way back to the plot. */
  let away = false;
  ctx.observe(new IntersectionObserver((entries) => {
    if (!entries[entries.length - 1].isIntersecting) return;
    away = false;
    show($('challenge-back'), false);
  })).observe($('challenge-banner'));

  function showChallenge(c) {
    show($('challenge-banner'), Boolean(c));
    if ((c?.key ?? null) !== shown) {
      shown = c?.key ?? null;
      if (ctx.layout === 'wide' && !ctx.plotsOnly()) ctx.parts.controls.spotlight(c?.focus);
      hintsShown = 0;
      away = false;
      show($('challenge-hint'), false);
      seen($('challenge-hint-button'), false);
      const key = shown;
      if (key) ctx.later(() => { if (shown === key && !ctx.view().challenge?.met) seen($('challenge-hint-button'), true); }, HINT_AFTER_MS);
    }
    show($('challenge-back'), Boolean(c) && away);
    if (!c) return;
    put($('challenge-task'), c.heading);
    put($('challenge-not-yet'), c.notYet);
    put($('challenge-hint'), c.hint);
    put($('challenge-done'), c.done);
    put($('challenge-reserve'), `${c.notYet} ${c.hint}`);
    put($('challenge-back'), c.back);
    // On a phone the control can be a long way down: one tap away (its place kept once met).
    show($('challenge-go'), Boolean(c.focus) && ctx.layout !== 'wide');
    seen($('challenge-go'), !c.met);
    if (c.met) seen($('challenge-hint-button'), false);
    mark($('challenge-banner'), 'met', c.met);
  }

  ctx.hook('show', (s, v) => showChallenge(v.challenge));
  listen($('challenge-go'), 'click', () => {
    ctx.parts.controls.spotlight(ctx.view().challenge?.focus, 'center');
    away = true;
    showChallenge(ctx.view().challenge);
  });
  listen($('challenge-back'), 'click', () => {
    $('challenge-banner').scrollIntoView({ block: 'start' });
    away = false;
    show($('challenge-back'), false);
  });
  listen($('challenge-hint-button'), 'click', () => {
    hintsShown += 1;
    show($('challenge-hint'), true);
    seen($('challenge-hint-button'), false);
  });
  return {
    /** The built-in challenges: `[{ id, section, task }]`. */
    challenges: () => JSON.parse(challengesJson()),
    /** The challenge on screen, as the API gives it, or null. */
    state() {
      const c = ctx.view().challenge;
      if (!c) return null;
      return { id: c.key, section: c.section, task: c.task, met: c.met, why: c.met ? c.why : null, hint: hintsShown ? c.hint : null, hintsShown };
    },
  };
}
