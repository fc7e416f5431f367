// The classroom under a lecture hall's load, for `npm run bench`: 300 and
// then 1,000 simulated students (protocol clients, as the page speaks)
// join one room and answer a rate question at once. It prints whether every
// answer was counted, the 95th-percentile time from an answer to the
// lecturer's picture that includes it, and the server's memory and CPU;
// then kills the server in the middle of the answers and starts it again,
// and counts again once the clients have reconnected and resent.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WebSocket = createRequire(import.meta.url)('ws');
const BINARY = join(ROOT, 'target', 'server', 'descent-server');
const TICK = 100; // clock ticks a second, for /proc's CPU times

/** The server on `port` (0: any) with the database `db`; resolves to { child, port }. */
function start(db, port = 0) {
  const child = spawn(BINARY, [], { env: { ...process.env, PORT: String(port), DESCENT_DB: db, DESCENT_ROOT: ROOT }, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve({ child, port: Number(String(d).match(/127\.0\.0\.1:(\d+)/)?.[1]) }));
    child.once('exit', (code) => reject(new Error(`the server stopped (${code})`)));
  });
}

/** The server's resident memory (MB) and CPU seconds so far. */
function usage(pid) {
  const rss = Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { rss, cpu: (Number(fields[11]) + Number(fields[12])) / TICK };
}

/** A client: an open socket with its messages queued; reconnects and says `hello` again when told. */
function client(port, hello) {
  const c = { inbox: [], socket: null, waiting: [] };
  c.open = () => new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/class/ws`);
    c.socket = socket;
    socket.on('open', () => { if (hello) socket.send(JSON.stringify(hello)); resolve(); });
    socket.on('message', (data) => {
      const m = JSON.parse(data);
      const k = c.waiting.findIndex((w) => w.type === m.type || m.type === 'error');
      if (k >= 0) c.waiting.splice(k, 1)[0].resolve(m);
      else c.inbox.push(m);
      c.onMessage?.(m);
    });
    socket.on('error', () => resolve());
  });
  c.send = (m) => c.socket.send(JSON.stringify(m));
  c.next = (type) => {
    const k = c.inbox.findIndex((m) => m.type === type || m.type === 'error');
    if (k >= 0) return Promise.resolve(c.inbox.splice(k, 1)[0]);
    return new Promise((resolve) => c.waiting.push({ type, resolve }));
  };
  return c;
}

const percentile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** One room of `n` students answering at once. */
async function round(port, pid, n) {
  const host = client(port);
  await host.open();
  host.send({ type: 'create' });
  const { code } = await host.next('created');
  const students = [];
  for (let k = 0; k < n; k++) {
    const s = client(port, { type: 'join', code, client: `sim-${String(k).padStart(6, '0')}` });
    students.push(s);
  }
  await Promise.all(students.map((s) => s.open()));
  await Promise.all(students.map((s) => s.next('joined')));
  host.send({ type: 'ask', question: { kind: 'rate', view: 'dataset=cancer&standardize=true' } });
  const { question } = await host.next('asked');
  await Promise.all(students.map((s) => s.next('question')));
  // The lecturer's pictures, as they come: when each count of answers was first shown.
  const shown = [];
  host.onMessage = (m) => { if (m.type === 'results' && m.question === question.id) shown.push({ at: performance.now(), answers: m.answers }); };
  const before = usage(pid);
  const sent = students.map((s, k) => {
    const at = performance.now();
    s.send({ type: 'answer', question: question.id, value: { lr: 10 ** (-3 + 4 * ((k * 0.618) % 1)) } });
    return at;
  });
  await Promise.all(students.map((s) => s.next('answered')));
  const deadline = performance.now() + 10000;
  while ((shown.at(-1)?.answers ?? 0) < n && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const after = usage(pid);
  // The i-th answer sent is in the first picture counting at least i answers.
  const latency = sent.map((at, i) => (shown.find((p) => p.answers >= i + 1)?.at ?? Infinity) - at);
  for (const s of [host, ...students]) s.socket.close();
  return { counted: shown.at(-1)?.answers ?? 0, p95: percentile(latency, 0.95), rss: after.rss, cpu: after.cpu - before.cpu };
}

/** Kills the server in the middle of `n` answers, starts it again, and counts once every client is back and has resent. */
async function restart(db, port, n) {
  let server = await start(db, port);
  const host = client(port);
  await host.open();
  host.send({ type: 'create' });
  const created = await host.next('created');
  const students = Array.from({ length: n }, (_, k) => client(port, { type: 'join', code: created.code, client: `back-${String(k).padStart(6, '0')}` }));
  await Promise.all(students.map((s) => s.open()));
  await Promise.all(students.map((s) => s.next('joined')));
  host.send({ type: 'ask', question: { kind: 'rate', view: 'dataset=cancer&standardize=true' } });
  const { question } = await host.next('asked');
  const answer = (s, k) => s.send({ type: 'answer', question: question.id, value: { lr: 0.01 * (k + 1) } });
  students.slice(0, n / 2).forEach(answer);
  await Promise.all(students.slice(0, n / 2).map((s) => s.next('answered')));
  server.child.kill('SIGKILL');
  await new Promise((r) => server.child.once('exit', r));
  server = await start(db, port);
  // Every page reconnects and says who it is; the half that had not answered answers now.
  const back = client(port, { type: 'host', code: created.code, host: created.host });
  await back.open();
  await back.next('hosting');
  for (const s of students) s.inbox.length = 0;
  await Promise.all(students.map((s) => s.open()));
  await Promise.all(students.map((s) => s.next('joined')));
  students.slice(n / 2).forEach((s, k) => answer(s, k + n / 2));
  await Promise.all(students.slice(n / 2).map((s) => s.next('answered')));
  back.send({ type: 'results' });
  let counted = 0;
  for (let tries = 0; tries < 50 && counted < n; tries++) {
    back.send({ type: 'results' });
    counted = (await back.next('results')).answers;
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const s of [back, ...students]) s.socket.close();
  server.child.kill();
  return counted;
}

/** Runs the load test and prints its figures. */
export async function classroomLoad() {
  execFileSync('cargo', ['build', '--quiet', '--profile', 'server', '-p', 'descent-server'], { cwd: ROOT, stdio: 'inherit' });
  const db = join(mkdtempSync(join(tmpdir(), 'descent-load-')), 'classroom.sqlite');
  const server = await start(db);
  console.log('\nThe classroom under load: simulated students (protocol clients) in one room answering a rate question at once');
  try {
    for (const n of [300, 1000]) {
      const r = await round(server.port, server.child.pid, n);
      console.log(`  ${String(n).padStart(5)} students: ${r.counted} of ${n} answers counted; answer to the lecturer's picture p95 ${r.p95.toFixed(0)} ms; `
        + `server ${r.rss.toFixed(0)} MB resident, ${r.cpu.toFixed(2)} s of CPU for the answers`);
    }
  } finally {
    server.child.kill();
  }
  const counted = await restart(db, 8000 + Math.floor(Math.random() * 1000), 300);
  console.log(`  restart under load: 300 students, the server killed after half had answered and started again: ${counted} of 300 answers counted`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await classroomLoad();
