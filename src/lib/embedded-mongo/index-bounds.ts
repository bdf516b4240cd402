import { calculateObjectSize } from 'bson';
import type { IndexKey } from './index-keys';
import { compareKeyPart, DateKey, ObjectIdKey, Sentinel, typeRank } from './key-order';
import type { PathConstraint } from './query-planner';

/** What an index answers a query with (its bounds), and the sizes it accounts for. */

/** A stretch of the index to read, both ends given as full keys (possibly sentinels). */
export type Interval = { start: IndexKey; end: IndexKey };

/** How an index would answer a query: the intervals to read and what that gives. */
export type IndexBounds = {
  intervals: Interval[];
  /** Leading fields bound to points, and whether the next one has a range. */
  pointFields: number;
  rangeField: boolean;
  /** Every bounded field has one point and the index is unique: at most one document. */
  singleUnique: boolean;
  /** Reading the intervals yields documents in the requested sort order (forward or reversed). */
  providesSort: boolean;
  reverse: boolean;
  /** The bounds require the indexed fields to exist (so a sparse index holds every match). */
  requiresExistence: boolean;
};

/** More interval combinations than this and the point fields after stay unbounded. */
export const MAX_INTERVALS = 1000;

export type ValueRange = { lo: unknown; loIncl: boolean; hi: unknown; hiIncl: boolean };

/** The value range of a field's `$gt/$gte/$lt/$lte`, within the type bracket of their values. */
export function valueRange(
  multikey: boolean,
  ops: PathConstraint['ranges'],
): ValueRange | undefined {
  const first = ops[0] as PathConstraint['ranges'][number];
  const rank = typeRank(first.value);
  const r: ValueRange = {
    lo: new Sentinel(rank, -1),
    loIncl: true,
    hi: new Sentinel(rank, 1),
    hiIncl: true,
  };
  // On a multikey field each condition may be met by another element: only one can bound.
  for (const { op, value } of multikey ? [first] : ops) {
    if (op === '$gt' || op === '$gte') {
      const c = compareKeyPart(value, r.lo);
      if (c > 0 || (c === 0 && op === '$gt')) {
        r.lo = value;
        r.loIncl = op === '$gte';
      }
    } else {
      const c = compareKeyPart(value, r.hi);
      if (c < 0 || (c === 0 && op === '$lt')) {
        r.hi = value;
        r.hiIncl = op === '$lte';
      }
    }
  }
  const c = compareKeyPart(r.lo, r.hi);
  if (c > 0 || (c === 0 && !(r.loIncl && r.hiIncl))) return undefined;
  return r;
}

/** A value's size in BSON (type byte and value), without a field name. */
export function valueBytes(value: unknown): number {
  if (value === null || value === undefined) return 1;
  switch (typeof value) {
    case 'string':
      return 6 + Buffer.byteLength(value);
    case 'number':
    case 'bigint':
      return 9;
    case 'boolean':
      return 2;
    default:
      break;
  }
  if (value instanceof Date || value instanceof DateKey) return 9;
  if (value instanceof ObjectIdKey) return 13;
  if ((value as { _bsontype?: string })._bsontype === 'ObjectId') return 13;
  return calculateObjectSize({ v: value }) - 6;
}
