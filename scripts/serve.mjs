// A static file server for the page, on 127.0.0.1 only: what `npm start`
// runs (serving dist/, the bundled page) and what the browser tests use
// (serving the project's own files). It answers as a course host should:
// compressed (brotli, else gzip, as the browser's Accept-Encoding allows),
// with an ETag and 304 for an unchanged file, and content-hashed files
// (`name.0123abcd.ext`) cached for a year, the rest revalidated each time.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/** Types worth compressing (PNG is compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg', '.csv', '.txt', '.md']);

/** A content-hashed name: `style.0a606ddf3a.css`, `boot.PICXEFXH.js` (esbuild's). Such a file never changes, so it is cached for good. */
export const HASHED = /\.[0-9A-Za-z]{8,12}\.(js|css|wasm)$/;

/** Each file's bytes, ETag and compressed forms, kept while its size and time stay the same. */
const cache = new Map();

/** The file at `path` with its ETag and its brotli and gzip forms (made once per version). */
async function load(path) {
  const info = await stat(path);
  if (!info.isFile()) throw new Error('not a file');
  const version = `${info.size}:${info.mtimeMs}`;
  const kept = cache.get(path);
  if (kept?.version === version) return kept;
  const body = await readFile(path);
  const entry = {
    version,
    body,
    etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`,
    modified: info.mtime.toUTCString(),
    br: await sibling(`${path}.br`, info.mtimeMs),
    gzip: await sibling(`${path}.gz`, info.mtimeMs),
  };
  cache.set(path, entry);
  return entry;
}

/** A precompressed sibling (`npm run bundle` writes them, at brotli's best), if it is as new as its source. */
async function sibling(path, sourceTime) {
  try {
    return (await stat(path)).mtimeMs >= sourceTime ? await readFile(path) : null;
  } catch {
    return null;
  }
}

/** The encoding to send: brotli, gzip or none, by what the client accepts (q=0 refuses). */
export function encodingFor(accept = '') {
  const allowed = new Map(accept.split(',').map((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return [name, q ? Number(q.slice(2)) : 1];
  }));
  const ok = (name) => (allowed.get(name) ?? allowed.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

/** The body in `encoding`: the precompressed sibling, or compressed once here and kept (brotli at quality 5: a
 * tenth of a second for the module, where quality 11 takes seconds; the bundle's siblings are quality 11). */
function encoded(entry, encoding) {
  if (encoding === 'br') {
    entry.br ??= brotliCompressSync(entry.body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: entry.body.length },
    });
    return entry.br;
  }
  entry.gzip ??= gzipSync(entry.body, { level: 9 });
  return entry.gzip;
}

/**
 * Serves the files under `root` (the project's folder unless given) on
 * 127.0.0.1:`port` (0 picks a free port), adding `headers` to every answer
 * (the tests send a strict Content-Security-Policy this way). With
 * `compress: false` every file goes as it is.
 */
export function serve(port = 0, headers = {}, { root = ROOT, compress = true } = {}) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    // The page opened with settings (any key but a class's code) gets
    // view.html where the bundle wrote one: the page's module preloaded, not
    // the first-frame module only the page opened with no settings uses.
    if (path === '/' || path === '/index.html') {
      const settings = [...new URL(request.url, 'http://x').searchParams.keys()].some((k) => k !== 'class');
      file = join(root, settings && existsSync(join(root, 'view.html')) ? 'view.html' : 'index.html');
    } else if (path.endsWith('/')) file = join(file, 'index.html');
    let entry;
    try {
      entry = await load(file);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    const type = extname(file);
    const head = {
      'content-type': TYPES[type] ?? 'application/octet-stream',
      'cache-control': HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag: entry.etag,
      'last-modified': entry.modified,
      vary: 'Accept-Encoding',
      ...headers,
    };
    if (request.headers['if-none-match'] === entry.etag) {
      response.writeHead(304, head).end();
      return;
    }
    const encoding = compress && COMPRESSIBLE.has(type) ? encodingFor(request.headers['accept-encoding']) : null;
    const body = encoding ? encoded(entry, encoding) : entry.body;
    if (encoding) head['content-encoding'] = encoding;
    head['content-length'] = body.length;
    response.writeHead(200, head);
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8080);
  // `npm start` serves the bundled page (dist/, from `npm run bundle`); `--source` the project's own files.
  const root = process.argv.includes('--source') ? ROOT : join(ROOT, 'dist');
  const server = await serve(port, {}, { root }).catch((error) => {
    console.error(`Could not listen on 127.0.0.1:${port} (${error.code}). Try PORT=8081 npm start.`);
    process.exit(1);
  });
  console.log(`descent is running at http://127.0.0.1:${server.address().port}/  (Ctrl+C stops it)`);
}
