import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The component graph as the import statements draw it: components reach each other
 * only through their index.ts, and no two components depend on each other (directly
 * or around a loop), so each can be read, tested and changed from the bottom up.
 */
const COMPONENTS_DIR = path.resolve(__dirname, '../../src/components');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

type Edge = { from: string; to: string; file: string; specifier: string };

function componentEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sourceFiles(COMPONENTS_DIR)) {
    const from = path.relative(COMPONENTS_DIR, file).split(path.sep)[0]!;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/from '(\.[^']+)'/g)) {
      const specifier = match[1]!;
      const target = path.resolve(path.dirname(file), specifier);
      const relative = path.relative(COMPONENTS_DIR, target);
      if (relative.startsWith('..')) continue; // src/lib and the like
      const to = relative.split(path.sep)[0]!;
      if (to !== from)
        edges.push({ from, to, file: path.relative(COMPONENTS_DIR, file), specifier });
    }
  }
  return edges;
}

describe('component boundaries', () => {
  it('when a component imports another, then only through its index.ts', () => {
    const deep = componentEdges().filter((e) => {
      const target = path.resolve(path.dirname(path.join(COMPONENTS_DIR, e.file)), e.specifier);
      const index = path.join(COMPONENTS_DIR, e.to);
      return target !== index && target !== path.join(index, 'index');
    });
    assert.deepEqual(
      deep.map((e) => `${e.file} imports ${e.specifier}`),
      [],
    );
  });

  it('when the imports are followed, then no component depends on itself through others', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of componentEdges()) {
      if (!graph.has(e.from)) graph.set(e.from, new Set());
      graph.get(e.from)!.add(e.to);
    }
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      for (const next of graph.get(node) ?? []) {
        if (next === trail[0]) cycles.push([...trail, next].join(' -> '));
        else if (!trail.includes(next)) visit(next, [...trail, next]);
      }
    };
    for (const node of graph.keys()) visit(node, [node]);
    assert.ok(graph.size > 3, 'the graph was read');
    assert.deepEqual(cycles, []);
  });
});
