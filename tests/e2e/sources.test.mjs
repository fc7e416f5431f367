// The house rules a newcomer relies on, kept by a test rather than by hope:
// no function of the page's JavaScript longer than a screen or two (under
// 120 lines) and no source file over 800 lines, but the settings table's
// rows (src/settings/table.rs), which are data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as acorn from 'acorn';

const root = path.resolve(import.meta.dirname, '../..');
const LONGEST_FUNCTION = 120;
const LONGEST_FILE = 800;
const DATA_FILES = new Set(['src/settings/table.rs']);

/** Every file under `dir` (relative to the project) whose name ends in one of `exts`. */
function files(dir, exts) {
  const out = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'pkg') out.push(...files(rel, exts));
    } else if (exts.some((e) => entry.name.endsWith(e))) out.push(rel);
  }
  return out;
}

/** Each function of a script with its length in lines, longest first. */
function functions(file) {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const options = { ecmaVersion: 'latest', locations: true };
  let ast;
  try {
    ast = acorn.parse(text, { ...options, sourceType: 'module' });
  } catch {
    ast = acorn.parse(text, { ...options, sourceType: 'script' });
  }
  const found = [];
  const walk = (node) => {
    if (node.type.includes('Function')) {
      found.push({ file, line: node.loc.start.line, name: node.id?.name ?? '(anonymous)', lines: node.loc.end.line - node.loc.start.line + 1 });
    }
    for (const value of Object.values(node)) {
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child.type === 'string') walk(child);
      }
    }
  };
  walk(ast);
  return found;
}

test(`no function of www/ is ${LONGEST_FUNCTION} lines or longer`, () => {
  const all = files('www', ['.js']).flatMap(functions).sort((a, b) => b.lines - a.lines);
  assert.ok(all.length > 100, 'the parser found the functions');
  const long = all.filter((f) => f.lines >= LONGEST_FUNCTION);
  assert.deepEqual(long, [], `longest: ${all[0].name} in ${all[0].file}:${all[0].line}, ${all[0].lines} lines`);
});

test(`no source file is over ${LONGEST_FILE} lines but the settings table's rows`, () => {
  const sources = [...files('src', ['.rs']), ...files('www', ['.js', '.css']), ...files('scripts', ['.mjs', '.sh'])];
  const long = sources
    .filter((f) => !DATA_FILES.has(f))
    .map((f) => ({ file: f, lines: fs.readFileSync(path.join(root, f), 'utf8').split('\n').length - 1 }))
    .filter((f) => f.lines > LONGEST_FILE);
  assert.deepEqual(long, []);
});
