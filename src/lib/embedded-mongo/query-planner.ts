import type { Doc } from './bson-values';
import { isOperatorObject, isPlainObject } from './bson-values';

/**
 * Equality constraints a filter imposes on top-level paths: `{ a: 1 }`,
 * `{ a: { $eq: 1 } }`, `{ a: { $in: [1, 2] } }`, also inside `$and`. Only these
 * can be answered from an index's hash map; anything else is left to the scan.
 */
export function equalityConstraints(filter: Doc): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  collect(filter, out);
  return out;
}

function collect(filter: Doc, out: Map<string, unknown[]>): void {
  for (const [path, condition] of Object.entries(filter)) {
    if (path === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) collect(clause, out);
      continue;
    }
    if (path.startsWith('$') || out.has(path)) continue;
    const values = equalityValues(condition);
    if (values) out.set(path, values);
  }
}

function equalityValues(condition: unknown): unknown[] | undefined {
  if (isOperatorObject(condition)) {
    if ('$eq' in condition) return indexable(condition.$eq) ? [condition.$eq] : undefined;
    if ('$in' in condition && Array.isArray(condition.$in)) {
      return condition.$in.every(indexable) ? condition.$in : undefined;
    }
    return undefined;
  }
  return indexable(condition) ? [condition] : undefined;
}

/** Arrays match element-wise and regexes match by pattern, so a hash lookup cannot answer them. */
function indexable(value: unknown): boolean {
  return !Array.isArray(value) && !(value instanceof RegExp) && !isOperatorObject(value);
}
