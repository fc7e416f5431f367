// The page's address: the settings that differ from the defaults, kept in
// step with the view (so a link reopens it), and the links to this view
// in the whole tool.

/** A query string with commas and colons left as they are: links stay readable. */
export const readable = (params) => params.toString().replace(/%2C/gi, ',').replace(/%3A/gi, ':');

/** The address of this page, without its query and fragment. */
export const here = () => location.href.split(/[?#]/)[0];

/** The address of this view in the whole tool: the settings without embed, controls and lock. */
export function fullViewLink(ctx) {
  const params = new URLSearchParams(ctx.app.query());
  for (const key of ['embed', 'controls', 'lock']) params.delete(key);
  const query = readable(params);
  return here() + (query ? `?${query}` : '');
}

/** Browsers refuse pages that rewrite their address too often (Chromium:
 * 200 times in 10 s, which a slider drag reaches in seconds), so writes
 * draw on a bucket of this many that refills at ten a second; past it, the
 * last one waits its turn. */
const BUCKET = 5;

/** Keeps the address in step with the settings (the page's own instance, `syncUrl`). */
export function install(ctx) {
  if (!ctx.syncUrl) return;
  const address = { tokens: BUCKET, at: performance.now(), timer: null };
  const write = () => {
    address.timer = null;
    if (ctx.stopped) return;
    // A class this page is in stays in the address, so a reload rejoins it.
    const query = [ctx.app.query(), ctx.classCode ? `class=${ctx.classCode}` : ''].filter(Boolean).join('&');
    const next = location.pathname + (query ? `?${query}` : '') + location.hash;
    if (next !== location.pathname + location.search + location.hash) history.replaceState(null, '', next);
  };
  ctx.hook('sync', () => {
    const now = performance.now();
    address.tokens = Math.min(BUCKET, address.tokens + (now - address.at) / 100);
    address.at = now;
    if (address.tokens >= 1 && !address.timer) {
      address.tokens -= 1;
      write();
    } else if (!address.timer) {
      address.timer = ctx.later(() => { address.tokens = 0; address.at = performance.now(); write(); }, 100);
    }
  });
}
