// The course page's host script: points the frames at descent (this copy,
// or the one named by ?descent=<url>), then drives the first figure by
// postMessage and shows what it reports. This is all a host page needs:
//   frame.contentWindow.postMessage({ descent: 1, id, method, args }, origin)
// answered by { descent: 1, id, result } or { descent: 1, id, error }, and
// events { descent: 1, event, data } for ready, step, diverged and resize.
const base = new URL(new URLSearchParams(location.search).get('descent') ?? '../../', location.href);
for (const frame of document.querySelectorAll('iframe[data-query]')) {
  frame.src = `${base.href.split(/[?#]/)[0]}?${frame.dataset.query}`;
}

const frame = document.getElementById('figure-rate');
const news = document.getElementById('news');
let next = 1;
const waiting = new Map();

/** Sends a command to the first figure; resolves with its answer. */
function command(method, ...args) {
  const id = next++;
  frame.contentWindow.postMessage({ descent: 1, id, method, args }, base.origin);
  return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
}

window.addEventListener('message', (event) => {
  if (event.origin !== base.origin || event.source !== frame.contentWindow) return;
  const m = event.data;
  if (!m || m.descent !== 1) return;
  if (m.id !== undefined && waiting.has(m.id)) {
    const { resolve, reject } = waiting.get(m.id);
    waiting.delete(m.id);
    if ('error' in m) reject(new Error(m.error)); else resolve(m.result);
  } else if (m.event === 'diverged' || (m.event === 'step' && m.data.diverged)) {
    news.textContent = `diverged by step ${m.data.step}: the learning rate ${m.data.lr} is too large`;
  } else if (m.event === 'step' || m.event === 'ready') {
    news.textContent = `step ${m.data.step}, loss ${m.data.loss.toPrecision(4)}, learning rate ${m.data.lr}`;
  }
  window.descentHost = { last: m, received: (window.descentHost?.received ?? 0) + 1 };
});

for (const button of document.querySelectorAll('[data-lr]')) {
  button.addEventListener('click', async () => {
    try {
      await command('set', { lr: Number(button.dataset.lr) });
      await command('play');
    } catch (error) {
      news.textContent = `the figure said: ${error.message}`;
    }
  });
}
document.getElementById('host-reset').addEventListener('click', () => command('reset'));
window.descentCommand = command;
