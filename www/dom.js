// Writing to the page without needless work: a write that changes nothing
// still costs the browser a style or layout pass, so every helper here
// checks first.

/** Text made safe to put in markup. */
export const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

/** Writes a text only when it changed. */
export function put(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

/** Shows or hides an element only when that changes. */
export function show(el, visible) {
  if (el && el.hidden === visible) el.hidden = !visible;
}

/** Shows or hides an element while it keeps its place: nothing around it moves. */
export function seen(el, on) {
  if (el.classList.contains('invisible') === on) el.classList.toggle('invisible', !on);
}

/** Sets a class on or off only when that changes. */
export function mark(el, name, on) {
  if (el.classList.contains(name) !== on) el.classList.toggle(name, on);
}

/** Sets an attribute only when its value changes. */
export function attr(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/**
 * Resolves in a task of its own, after anything waiting (a tap, a paint):
 * scheduler.yield() where there is one, else a message to itself (which,
 * unlike setTimeout, a background tab does not hold back for a second).
 * The start is cut into such tasks so a slow phone answers a tap between them.
 */
export function yieldToPage() {
  if (globalThis.scheduler?.yield) return globalThis.scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { channel.port1.close(); resolve(); };
    channel.port2.postMessage(null);
  });
}
