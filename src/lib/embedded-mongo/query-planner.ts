import type { Doc } from './bson-values';
import { isOperatorObject, isPlainObject, valueKey } from './bson-values';
import { TypeRank, typeRank } from './key-order';

export type RangeOp = { op: '$gt' | '$gte' | '$lt' | '$lte'; value: unknown };

/** What a filter says about one path that an index can answer. */
export type PathConstraint = {
  /** `{ a: v }`, `$eq`, `$in`: the document has one of these values there. */
  points?: unknown[];
  /** `$gt $gte $lt $lte` with a value whose type bracket an index can bound. */
  ranges: RangeOp[];
};

/**
 * The index-answerable constraints a filter imposes on paths: equality
 * (`{ a: 1 }`, `$eq`, `$in`) and ranges (`$gt $gte $lt $lte`), also inside
 * `$and`. Everything else (`$or`, `$ne`, `$regex`, `$exists`...) is left to
 * the filter that runs on every fetched document, so an index only ever has to
 * return a superset of the matches.
 */
export function filterConstraints(filter: Doc): Map<string, PathConstraint> {
  const out = new Map<string, PathConstraint>();
  collect(filter, out);
  return out;
}

function collect(filter: Doc, out: Map<string, PathConstraint>): void {
  for (const [path, condition] of Object.entries(filter)) {
    if (path === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) collect(clause, out);
      continue;
    }
    if (path.startsWith('$')) continue;
    let entry = out.get(path);
    const add = () => {
      if (!entry) out.set(path, (entry = { ranges: [] }));
      return entry;
    };
    if (!isOperatorObject(condition)) {
      if (indexable(condition)) add().points ??= [condition];
      continue;
    }
    for (const [op, value] of Object.entries(condition)) {
      if (op === '$eq' && indexable(value)) add().points ??= [value];
      else if (op === '$in' && Array.isArray(value) && value.every(indexable))
        add().points ??= dedupe(value);
      else if ((op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte') && rangeable(value))
        add().ranges.push({ op, value });
    }
  }
}

function dedupe(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = valueKey(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Arrays match element-wise and regexes by pattern, so a point lookup cannot answer them. */
function indexable(value: unknown): boolean {
  return (
    !Array.isArray(value) &&
    !(value instanceof RegExp) &&
    (value as { _bsontype?: string } | null)?._bsontype !== 'BSONRegExp' &&
    !isOperatorObject(value)
  );
}

/** Types whose range comparisons stay within their bracket and are cheap to bound. */
const RANGE_RANKS: ReadonlySet<number> = new Set([
  TypeRank.number,
  TypeRank.string,
  TypeRank.objectId,
  TypeRank.boolean,
  TypeRank.date,
  TypeRank.timestamp,
]);

function rangeable(value: unknown): boolean {
  if (typeof value === 'number' && Number.isNaN(value)) return false;
  return RANGE_RANKS.has(typeRank(value));
}

/**
 * Whether every document matching `filter` also matches a partial index's
 * `partialFilterExpression`: true when each of its top-level conditions
 * appears, the same, in the filter (directly or in a top-level `$and`).
 */
export function impliesPartialFilter(filter: Doc, partial: Doc): boolean {
  const present = new Set<string>();
  const gather = (f: Doc) => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const clause of v) if (isPlainObject(clause)) gather(clause);
      } else present.add(`${k}\0${valueKey(v)}`);
    }
  };
  gather(filter);
  const needed: string[] = [];
  const want = (f: Doc) => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const clause of v) if (isPlainObject(clause)) want(clause);
      } else needed.push(`${k}\0${valueKey(v)}`);
    }
  };
  want(partial);
  return needed.every((n) => present.has(n));
}
