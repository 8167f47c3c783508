// The layering the code keeps (README "Layout"): checked from the imports themselves, type-only and dynamic ones too.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const SRC = resolve('src');

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/** Every relative import of a file: `import … from`, `export … from`, `import type` and `import('…')`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) =>
    resolve(dirname(file), (m[1] as string).replace(/\.js$/, '.ts')),
  );
}

/** A folder of src/ is one node; a file directly in src/ is a node of its own. */
const nodeOf = (file: string) => {
  const [first, ...rest] = relative(SRC, file).split('/');
  return rest.length > 0 ? `${first}/` : (first as string);
};

function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles()) {
    for (const target of importsOf(file)) {
      const [from, to] = [nodeOf(file), nodeOf(target)];
      if (from === to) continue;
      graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return graph;
}

/** A path that leads from `start` back to it, if there is one. */
function cycleFrom(graph: Map<string, Set<string>>, start: string): string[] | undefined {
  const seen = new Set<string>();
  const walk = (node: string, path: string[]): string[] | undefined => {
    for (const next of graph.get(node) ?? []) {
      if (next === start) return [...path, next];
      if (seen.has(next)) continue;
      seen.add(next);
      const found = walk(next, [...path, next]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}

test('no two folders of src/ (or top-level files) import each other, directly or around a loop', () => {
  const graph = folderGraph();
  assert.ok(graph.size > 10, 'the graph was read');
  for (const node of graph.keys()) assert.equal(cycleFrom(graph, node)?.join(' → '), undefined);
});

test('the cycle check finds a loop when there is one', () => {
  const graph = new Map([
    ['a/', new Set(['b.ts'])],
    ['b.ts', new Set(['c/'])],
    ['c/', new Set(['a/'])],
  ]);
  assert.deepEqual(cycleFrom(graph, 'a/'), ['a/', 'b.ts', 'c/', 'a/']);
});

test('no command imports another command: what several need lives below them', () => {
  const commands = join(SRC, 'commands');
  for (const file of sourceFiles(commands)) {
    const siblings = importsOf(file).filter((target) => dirname(target) === commands);
    assert.deepEqual(
      siblings.map((t) => relative(SRC, t)),
      [],
      relative(SRC, file),
    );
  }
});

test('only main.ts ends the process', () => {
  const exits = sourceFiles().filter((file) => /process\.exit\(/.test(readFileSync(file, 'utf8')));
  assert.deepEqual(
    exits.map((f) => relative(SRC, f)),
    ['main.ts'],
  );
});

test('only the transport calls fetch: every request to a provider is capped, timed and never redirected', () => {
  const callers = sourceFiles().filter((file) => /(?<![\w.])fetch\(/.test(readFileSync(file, 'utf8')));
  assert.deepEqual(
    callers.map((f) => relative(SRC, f)),
    ['transport.ts'],
  );
});
