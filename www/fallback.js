// A classic script, which runs where the page's module cannot: opened from
// disk (file://), browsers refuse to load modules, and the page would say
// "Loading…" forever. This says why and what to do instead.
window.addEventListener('load', () => {
  if (document.body.dataset.booting || document.body.dataset.ready) return;
  const root = document.getElementById('app');
  const p = document.createElement('p');
  p.className = 'alert';
  p.textContent = location.protocol === 'file:'
    ? 'descent could not start: opened from disk, this copy cannot load its scripts. Open descent.html (the single-file build, npm run bundle) instead, or serve this folder over http (npm start).'
    : 'descent could not start: its script did not load. Reload the page; if it persists, this browser may be too old (any current Chrome, Edge, Firefox or Safari works).';
  root.replaceChildren(p);
  document.body.dataset.ready = 'failed';
});
