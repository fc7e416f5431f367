// The classroom client: a lecturer starts a class (a room on descent's own
// server, server/), students join by its code, follow the lecturer's view,
// and answer questions by doing (a rate, a click, a start, a batch size, a
// challenge met); the lecturer's screen shows the class picture as answers
// come, and a reveal shows everyone the real run. One WebSocket a page,
// reconnecting by itself; the host's key stays in this browser.
import { draw } from './class-picture.js';
import { put, show } from './dom.js';

/** Where the classroom listens, beside the page. */
const PATH = 'class/ws';

/** How long to wait before reconnecting, in ms, growing to the last. */
const RETRY_MS = [500, 1000, 2000, 4000];

/** How soon the lecturer's view goes to followers after it changes, in ms. */
const FOLLOW_MS = 300;

/** Random hex from the browser's generator. */
function randomHex(bytes) {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** This browser's client id (kept, so a reload is the same student). */
function clientId(storage) {
  let id = storage?.getItem('descent-client');
  if (!id) {
    id = `c-${randomHex(12)}`;
    storage?.setItem('descent-client', id);
  }
  return id;
}

/** The keys this browser holds, by room code. */
function hostKeys(storage) {
  try {
    return JSON.parse(storage?.getItem('descent-host-keys') ?? '{}');
  } catch {
    return {};
  }
}

/** Installs the classroom; offers the API's `classroom`. */
export function install(ctx) {
  const { $, listen, doc } = ctx;
  const win = doc.defaultView;
  const storage = (() => { try { return win.localStorage; } catch { return null; } })();
  const state = { socket: null, role: null, code: null, key: null, question: null, results: null, following: true, retry: 0, hello: null };
  const pending = [];

  function send(message) {
    if (state.socket?.readyState === 1) state.socket.send(JSON.stringify(message));
    else pending.push(message);
  }
  /** Says `text` in the student's banner, or the lecturer's panel (an error, a state). */
  function say(text) {
    const student = state.role === 'student';
    show($(student ? 'class-banner' : 'class-panel'), true);
    put($(student ? 'class-note' : 'class-message'), text);
  }
  function connect() {
    const url = new URL(PATH, win.location.href.split('?')[0]);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    let socket;
    try {
      socket = new win.WebSocket(url);
    } catch {
      say('A class needs descent\'s own server: run npm start on a laptop in the hall (docs/classroom.md).');
      return;
    }
    state.socket = socket;
    socket.addEventListener('open', () => {
      state.retry = 0;
      if (state.hello) socket.send(JSON.stringify(state.hello));
      for (const m of pending.splice(0)) socket.send(JSON.stringify(m));
    });
    socket.addEventListener('message', (event) => receive(JSON.parse(event.data)));
    socket.addEventListener('close', () => {
      if (ctx.destroyed || state.closed) return;
      if (!state.code && !state.hello) {
        say('A class needs descent\'s own server: run npm start on a laptop in the hall (docs/classroom.md).');
        return;
      }
      say('Connection lost: trying again…');
      ctx.later(connect, RETRY_MS[Math.min(state.retry++, RETRY_MS.length - 1)]);
    });
  }
  ctx.onDestroy(() => { state.closed = true; state.socket?.close(); });

  function receive(m) {
    ctx.emit('classroom', m);
    ({
      created: () => {
        state.role = 'host';
        state.code = m.code;
        ctx.classCode = m.code;
        state.key = m.host;
        state.hello = { type: 'host', code: m.code, host: m.host };
        const keys = hostKeys(storage);
        keys[m.code] = m.host;
        storage?.setItem('descent-host-keys', JSON.stringify(keys));
        showHost(m.join);
        // The address carries the class now, so a reload hosts it again.
        ctx.refresh(true);
        follow();
      },
      hosting: () => {
        state.role = 'host';
        showHost(m.join);
        if (m.results) results(m.results);
      },
      joined: () => {
        state.role = 'student';
        showStudent();
        if (m.follow && state.following) ctx.change(() => ctx.app.open_view(m.follow));
        if (m.question) question(m.question);
      },
      follow: () => { if (state.following) ctx.change(() => ctx.app.open_view(m.view)); },
      question: () => question(m),
      asked: () => question(m.question),
      answered: () => say(m.answer?.fate ? `Sent. The server ran it: ${m.answer.fate}.` : 'Sent.'),
      results: () => results(m),
      revealed: () => {
        if (m.reveal?.view !== undefined) ctx.change(() => ctx.app.open_view(m.reveal.view));
        say(m.reveal?.words ?? '');
      },
      closed: () => {
        state.closed = true;
        state.socket?.close();
        say('The class has ended.');
        show($('class-send'), false);
      },
      error: () => say(m.message),
    })[m.type]?.();
  }

  function showHost(join) {
    show($('class-panel'), true);
    put($('class-code'), state.code);
    $('class-link').href = join;
    put($('class-link'), join);
    $('class-qr').src = new URL(`class/qr.svg?code=${state.code}`, win.location.href.split('?')[0]).href;
  }
  function showStudent() {
    show($('class-banner'), true);
    put($('class-title'), `Class ${state.code}`);
    put($('class-follow'), state.following ? 'Explore on my own' : 'Follow the lecturer');
    say(state.following ? 'Following the lecturer\'s screen.' : 'Exploring on your own.');
  }
  function question(q) {
    state.question = q;
    if (state.role === 'student') {
      put($('class-prompt'), q.prompt);
      show($('class-send'), !q.revealed);
    }
  }
  function results(r) {
    state.results = r;
    put($('class-count'), `${r.joined} joined · ${r.answers} answered`);
    draw($('class-picture'), r.summary);
  }

  /** The student's answer to the question now asked, from their page as it is. */
  function answerValue(kind) {
    const s = ctx.state();
    return {
      rate: () => ({ lr: s.lr }),
      point: () => ({ b0: s.start[0], b1: s.start[1] }),
      start: () => ({ b0: s.start[0], b1: s.start[1] }),
      batch: () => ({ batch: s.batchSize }),
      challenge: () => ({ view: ctx.app.query(), steps: s.step }),
    }[kind]();
  }

  /** The lecturer's view goes to the followers, a moment after it settles. */
  let following = 0;
  function follow() {
    if (state.role !== 'host') return;
    clearTimeout(following);
    following = ctx.later(() => send({ type: 'follow', view: ctx.app.query(), slide: ctx.state().page.slide ?? undefined }), FOLLOW_MS);
  }
  let lastView = '';
  ctx.hook('show', () => {
    if (state.role !== 'host') return;
    const view = ctx.app.query();
    if (view !== lastView) {
      lastView = view;
      follow();
    }
  });

  const classroom = {
    /** Starts a class: resolves to `{ code, joinUrl }`. */
    start() {
      return new Promise((resolve, reject) => {
        const off = ctx.on('classroom', (m) => {
          if (m.type === 'created') { off(); resolve({ code: m.code, joinUrl: m.join }); }
          if (m.type === 'error') { off(); reject(new Error(m.message)); }
        });
        state.hello = null;
        state.role = 'host';
        if (!state.socket) connect();
        send({ type: 'create' });
      });
    },
    /** Joins the class `code` as a student (with an optional nickname, shown to the lecturer only). */
    join(code, nickname) {
      state.code = String(code).toUpperCase();
      state.role = 'student';
      ctx.classCode = state.code;
      state.hello = { type: 'join', code: state.code, client: clientId(storage), ...(nickname ? { nickname: String(nickname) } : {}) };
      if (!state.socket) connect();
      else send(state.hello);
    },
    /** Host: asks `{ kind: rate|point|start|batch|challenge, steps?, target?, challenge? }` on the view on screen. */
    ask(question) {
      send({ type: 'ask', question: { view: ctx.app.query(), ...question } });
    },
    /** Student: sends the page as it is now as the answer. */
    answer() {
      if (!state.question) throw new Error('descent.classroom.answer: no question is asked');
      send({ type: 'answer', question: state.question.id, value: answerValue(state.question.kind) });
    },
    /** The last class picture: `{ question, joined, answers, summary }`. */
    results: () => state.results,
    /** Host: runs the real thing on every screen. */
    reveal: () => send({ type: 'reveal' }),
    /** Host: ends the class. */
    close: () => send({ type: 'close' }),
  };

  listen($('class-start'), 'click', () => classroom.start().catch((e) => say(e.message)));
  listen($('class-send'), 'click', ctx.guard(() => classroom.answer()));
  listen($('class-follow'), 'click', () => {
    state.following = !state.following;
    showStudent();
  });
  listen($('class-reveal'), 'click', () => classroom.reveal());
  listen($('class-close'), 'click', () => classroom.close());
  for (const button of ctx.element.querySelectorAll('[data-ask]')) {
    listen(button, 'click', () => classroom.ask({
      kind: button.dataset.ask,
      ...(button.dataset.ask === 'challenge' ? { challenge: ctx.state().challenge?.id ?? 'diverge' } : {}),
    }));
  }
  listen($('class-hide'), 'click', () => $('class-panel').classList.toggle('small'));

  // ?class=new starts a class; ?class=CODE joins it (or hosts it again, with this browser's key).
  const asked = new URLSearchParams(win.location.search).get('class');
  if (ctx.syncUrl && asked) {
    const code = asked.toUpperCase();
    const key = hostKeys(storage)[code];
    if (code === 'NEW') classroom.start().catch((e) => say(e.message));
    else if (key) {
      state.code = code;
      ctx.classCode = code;
      state.hello = { type: 'host', code, host: key };
      connect();
    } else classroom.join(code);
  }
  ctx.parts.classroom = classroom;
  return classroom;
}
