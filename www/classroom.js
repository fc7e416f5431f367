// The classroom client: a lecturer starts a class (a room on descent's own
// server, server/), students join by its code, follow the lecturer's view,
// and answer questions by doing (a rate, a click, a start, a batch size, a
// challenge met); the lecturer's screen shows the class picture as answers
// come, and a reveal shows everyone the real run. One WebSocket a page,
// reconnecting by itself; the host's key stays in this browser.
import { draw, overlay } from './class-picture.js';
import { put, show } from './dom.js';
import { save } from './share.js';
import { classWords } from './wasm.js';

/** Where the classroom listens, beside the page. */
const PATH = 'class/ws';

/** How long to wait before reconnecting, in ms, growing to the last. */
const RETRY_MS = [500, 1000, 2000, 4000];

/** How soon the lecturer's view goes to followers after it changes, in ms. */
const FOLLOW_MS = 300;

/** The control a question of each kind is answered with, where it is a slider. */
const SLIDERS = { rate: 'lr', batch: 'batch' };

/** The classroom's words, from the module (src/view/class.rs); `fill` puts in each `{name}`. */
let words = null;
function classroomWords() {
  words ??= JSON.parse(classWords());
  return words;
}

/** `template` with each `{name}` replaced by `values[name]`. */
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, name) => String(values[name]));

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

/** The host keys this browser holds, by room code. */
function hostKeys(storage) {
  try {
    return JSON.parse(storage?.getItem('descent-host-keys') ?? '{}');
  } catch {
    return {};
  }
}

/** The page's side of the class: what it shows of the room's news. */
function views(ctx, state) {
  const { $ } = ctx;
  return {
    /** Says `text` in the student's banner, or the lecturer's panel. */
    say(text) {
      const student = state.role === 'student';
      show($(student ? 'class-banner' : 'class-panel'), true);
      put($(student ? 'class-note' : 'class-message'), text);
    },
    host(join) {
      const here = ctx.doc.defaultView.location.href.split('?')[0];
      show($('class-panel'), true);
      put($('class-code'), state.code);
      $('class-link').href = join;
      put($('class-link'), join);
      $('class-qr').src = new URL(`class/qr.svg?code=${state.code}`, here).href;
    },
    student() {
      show($('class-banner'), true);
      const w = classroomWords();
      put($('class-title'), fill(w.title, { code: state.code }));
      put($('class-follow'), state.following ? w.explore : w.follow);
      this.say(state.following ? w.following : w.exploring);
    },
    question(q) {
      state.question = q;
      if (state.role !== 'student') return;
      if (q.id !== state.shownQuestion) put($('class-note'), '');
      state.shownQuestion = q.id;
      put($('class-prompt'), q.prompt);
      show($('class-send'), !q.revealed);
      // On a phone the slider a rate or a batch size is chosen with is a long way down: one tap away.
      show($('class-go'), !q.revealed && Boolean(SLIDERS[q.kind]) && ctx.layout !== 'wide');
      if (q.revealed) show($('class-back'), false);
    },
    results(r) {
      state.results = r;
      put($('class-count'), fill(classroomWords().count, r));
      // Nicknames, for the lecturer's eyes (as text, whatever they hold):
      // closed until opened, since the lecturer's screen is often the projector's.
      const names = r.nicknames ?? [];
      show($('class-names-box'), names.length > 0);
      put($('class-names-count'), fill(classroomWords().nicknames, { n: names.length }));
      put($('class-names'), names.join(', '));
      draw($('class-picture'), r.summary);
      this.over();
    },
    /** Whether the student went to the slider (Send waits at the bottom of the screen). */
    away(away) {
      show($('class-back'), away && state.role === 'student' && Boolean(state.question) && !state.question.revealed);
    },
    /** The clicks or starts over the lecturer's contour plot, as it is now drawn. */
    over() {
      if (state.role !== 'host') return;
      const s = state.closed ? null : state.results?.summary;
      // Drawn on the surface itself, the picture leaves the panel, which narrows to uncover the plot.
      // The window from the state as last read (every change and step reads it): not a read of its own each frame.
      $('class-panel').classList.toggle('over-plot', overlay($('surface'), s, s ? ctx.copies.state?.window : null));
    },
  };
}

/** The socket: connects, sends (queueing while closed), reconnects. */
function connection(ctx, state, receive, say) {
  const win = ctx.doc.defaultView;
  const pending = [];
  function connect() {
    const url = new URL(PATH, win.location.href.split('?')[0]);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    let socket;
    try {
      socket = new win.WebSocket(url);
    } catch {
      say(classroomWords().noServer);
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
      if (!state.reached) {
        say(classroomWords().noServer);
        return;
      }
      say(classroomWords().connectionLost);
      ctx.later(connect, RETRY_MS[Math.min(state.retry++, RETRY_MS.length - 1)]);
    });
  }
  ctx.onDestroy(() => { state.closed = true; state.socket?.close(); });
  return {
    connect,
    send(message) {
      if (state.socket?.readyState === 1) state.socket.send(JSON.stringify(message));
      else pending.push(message);
      if (!state.socket) connect();
    },
  };
}

/** What each of the server's messages does here. */
function receiver(ctx, state, show, storage) {
  const open = (view) => ctx.change(() => ctx.app.open_view(view));
  return (m) => {
    state.reached = true;
    ctx.emit('classroom', m);
    ({
      created: () => {
        Object.assign(state, { role: 'host', code: m.code, hello: { type: 'host', code: m.code, host: m.host } });
        ctx.classCode = m.code;
        storage?.setItem('descent-host-keys', JSON.stringify({ ...hostKeys(storage), [m.code]: m.host }));
        show.host(m.join);
        // The address carries the class now, so a reload hosts it again.
        ctx.refresh(true);
        state.follow();
      },
      hosting: () => {
        state.role = 'host';
        show.host(m.join);
        if (m.results) show.results(m.results);
      },
      joined: () => {
        state.role = 'student';
        show.student();
        if (m.follow && state.following) open(m.follow);
        if (m.question) show.question(m.question);
      },
      follow: () => { if (state.following) open(m.view); },
      question: () => show.question(m),
      asked: () => {
        show.question(m.question);
        put(ctx.$('class-message'), '');
      },
      named: () => show.say(m.nickname ? fill(classroomWords().named, m) : classroomWords().anonymous),
      answered: () => show.say(m.answer?.fate ? fill(classroomWords().sentJudged, m.answer) : classroomWords().sent),
      results: () => show.results(m),
      revealed: () => {
        // Answers are closed once the truth is on every screen.
        if (state.question?.id === m.question) show.question({ ...state.question, revealed: true });
        if (m.reveal?.view !== undefined) open(m.reveal.view);
        // A start question's reveal runs from the student's own start, where they sent one.
        const mine = state.sent?.question === m.question ? state.sent.value : null;
        if (state.question?.kind === 'start' && mine) ctx.set({ start: [mine.b0, mine.b1] });
        show.say(m.reveal?.words ?? '');
      },
      closed: () => {
        state.closed = true;
        state.socket?.close();
        show.say(classroomWords().ended);
        ctx.$('class-send').hidden = true;
        show.over();
      },
      csv: () => save(ctx, new Blob([m.csv], { type: 'text/csv' }), `descent-class-${state.code}-${m.question}.csv`),
      error: () => show.say(m.message),
    })[m.type]?.();
  };
}

/** The student's answer to the question now asked, from their page as it is. */
function answerValue(ctx, kind) {
  const s = ctx.state();
  return {
    rate: () => ({ lr: s.lr }),
    point: () => ({ b0: s.start[0], b1: s.start[1] }),
    start: () => ({ b0: s.start[0], b1: s.start[1] }),
    batch: () => ({ batch: s.batchSize }),
    challenge: () => ({ view: ctx.app.query(), steps: s.step }),
  }[kind]();
}

/** The API's `classroom`. */
function api(ctx, state, link, storage) {
  return {
    /** Starts a class: resolves to `{ code, joinUrl }`. */
    start() {
      return new Promise((resolve, reject) => {
        const off = ctx.on('classroom', (m) => {
          if (m.type === 'created') { off(); resolve({ code: m.code, joinUrl: m.join }); }
          if (m.type === 'error') { off(); reject(new Error(m.message)); }
        });
        Object.assign(state, { hello: null, role: 'host' });
        link.send({ type: 'create' });
      });
    },
    /** Joins the class `code` as a student (with an optional nickname, shown to the lecturer only). */
    join(code, nickname) {
      Object.assign(state, { code: String(code).toUpperCase(), role: 'student' });
      ctx.classCode = state.code;
      state.hello = { type: 'join', code: state.code, client: clientId(storage), ...(nickname ? { nickname: String(nickname) } : {}) };
      if (state.socket) link.send(state.hello);
      else link.connect();
    },
    /** Host: asks `{ kind: rate|point|start|batch|challenge, steps?, target?, challenge? }` on the view on screen. */
    ask: (question) => link.send({ type: 'ask', question: { view: ctx.app.query(), ...question } }),
    /** Student: sends the page as it is now as the answer. */
    answer() {
      if (!state.question) throw new Error('descent.classroom.answer: no question is asked');
      const value = answerValue(ctx, state.question.kind);
      state.sent = { question: state.question.id, value };
      link.send({ type: 'answer', question: state.question.id, value });
    },
    /** The last class picture: `{ question, joined, answers, summary }`. */
    results: () => state.results,
    /** Host: runs the real thing on every screen. */
    reveal: () => link.send({ type: 'reveal' }),
    /** Host: ends the class. */
    close: () => link.send({ type: 'close' }),
    /** Host: downloads the answers to the question now asked, as CSV. */
    csv: () => link.send({ type: 'csv' }),
  };
}

/** The buttons of the panel and the banner. */
function wire(ctx, state, classroom, show, link) {
  const { $, listen } = ctx;
  listen($('class-start'), 'click', () => classroom.start().catch((e) => show.say(e.message)));
  listen($('class-send'), 'click', ctx.guard(() => classroom.answer()));
  listen($('class-follow'), 'click', () => {
    state.following = !state.following;
    show.student();
  });
  // To the slider, with Send at the bottom of the screen until the banner is back in view.
  listen($('class-go'), 'click', () => {
    ctx.parts.controls.spotlight(SLIDERS[state.question?.kind], 'center');
    show.away(true);
  });
  listen($('class-back'), 'click', ctx.guard(() => {
    classroom.answer();
    $('class-banner').scrollIntoView({ block: 'start' });
    show.away(false);
  }));
  ctx.observe(new IntersectionObserver((entries) => {
    if (entries[entries.length - 1].isIntersecting) show.away(false);
  })).observe($('class-banner'));
  listen($('class-nickname'), 'change', (event) => link.send({ type: 'nickname', nickname: event.target.value.trim() }));
  listen($('class-reveal'), 'click', () => classroom.reveal());
  listen($('class-close'), 'click', () => classroom.close());
  listen($('class-csv'), 'click', () => classroom.csv());
  listen($('class-hide'), 'click', () => $('class-panel').classList.toggle('small'));
  for (const button of ctx.element.querySelectorAll('[data-ask]')) {
    listen(button, 'click', () => classroom.ask({
      kind: button.dataset.ask,
      ...(button.dataset.ask === 'challenge' ? { challenge: ctx.state().challenge?.id ?? 'diverge' } : {}),
    }));
  }
}

/** Installs the classroom; offers the API's `classroom`. */
export function install(ctx) {
  const win = ctx.doc.defaultView;
  const storage = (() => { try { return win.localStorage; } catch { return null; } })();
  const state = { socket: null, role: null, code: null, question: null, results: null, following: true, retry: 0, hello: null, reached: false };
  const show = views(ctx, state);
  const link = connection(ctx, state, receiver(ctx, state, show, storage), (text) => show.say(text));
  // The lecturer's view goes to the followers, a moment after it settles.
  let timer = 0;
  state.follow = () => {
    clearTimeout(timer);
    timer = ctx.later(() => link.send({ type: 'follow', view: ctx.app.query(), slide: ctx.state().page.slide ?? undefined }), FOLLOW_MS);
  };
  let lastView = '';
  ctx.hook('show', () => {
    if (state.role !== 'host' || !state.code) return;
    const view = ctx.app.query();
    if (view !== lastView) {
      lastView = view;
      state.follow();
    }
  });
  ctx.hook('drawn', () => show.over());
  const classroom = api(ctx, state, link, storage);
  wire(ctx, state, classroom, show, link);
  // ?class=new starts a class; ?class=CODE joins it (or hosts it again, with this browser's key).
  const asked = new URLSearchParams(win.location.search).get('class');
  if (ctx.syncUrl && asked) {
    const code = asked.toUpperCase();
    const key = hostKeys(storage)[code];
    if (code === 'NEW') classroom.start().catch((e) => show.say(e.message));
    else if (key) {
      Object.assign(state, { code, role: 'host', hello: { type: 'host', code, host: key } });
      ctx.classCode = code;
      link.connect();
    } else classroom.join(code);
  }
  ctx.parts.classroom = classroom;
  return classroom;
}
