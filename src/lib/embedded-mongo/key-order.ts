import { isPlainObject } from './bson-values';

/**
 * MongoDB's order of BSON types for comparisons, sorts and index keys:
 * MinKey < null (and missing) < numbers < strings < objects < arrays <
 * binary < ObjectId < booleans < dates < timestamps < regexes < MaxKey.
 */
export const TypeRank = {
  minKey: 0,
  null: 1,
  number: 2,
  string: 3,
  object: 4,
  array: 5,
  binary: 6,
  objectId: 7,
  boolean: 8,
  date: 9,
  timestamp: 10,
  regex: 11,
  maxKey: 12,
} as const;

type BsonLike = { _bsontype?: string };

/**
 * A date as an index key holds it: a JavaScript Date carries cached calendar
 * fields (about 120 bytes each), this just the milliseconds. `getTime` lets
 * the date comparisons read either.
 */
export class DateKey {
  /** The milliseconds split in two small integers (V8 keeps those inline; a double field takes a heap number). */
  readonly hi: number;
  readonly lo: number;
  constructor(ms: number) {
    this.hi = Math.floor(ms / 2 ** 30);
    this.lo = Number.isFinite(ms) ? ms - this.hi * 2 ** 30 : 0;
  }
  getTime(): number {
    return this.hi * 2 ** 30 + this.lo;
  }
}

/** An ObjectId as an index key holds it: its 12 bytes as a 12-character latin1 string (compares byte-wise). */
export class ObjectIdKey {
  constructor(readonly bytes: string) {}
}

/** The compact form an index key stores a value in (dates and ObjectIds; everything else as it is). */
export function keyPart(value: unknown): unknown {
  if (value instanceof Date) return new DateKey(value.getTime());
  if (isObjectId(value)) return new ObjectIdKey(Buffer.from(value.id).toString('latin1'));
  return value;
}

export function typeRank(value: unknown): number {
  if (value === undefined || value === null) return TypeRank.null;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return TypeRank.number;
    case 'string':
      return TypeRank.string;
    case 'boolean':
      return TypeRank.boolean;
    default:
      break;
  }
  if (value instanceof Date || value instanceof DateKey) return TypeRank.date;
  if (value instanceof ObjectIdKey) return TypeRank.objectId;
  if (Array.isArray(value)) return TypeRank.array;
  if (value instanceof RegExp) return TypeRank.regex;
  switch ((value as BsonLike)._bsontype) {
    case 'ObjectId':
      return TypeRank.objectId;
    case 'Decimal128':
    case 'Long':
    case 'Double':
    case 'Int32':
      return TypeRank.number;
    case 'Binary':
      return TypeRank.binary;
    case 'Timestamp':
      return TypeRank.timestamp;
    case 'BSONSymbol':
      return TypeRank.string;
    case 'BSONRegExp':
      return TypeRank.regex;
    case 'MinKey':
      return TypeRank.minKey;
    case 'MaxKey':
      return TypeRank.maxKey;
    default:
      return TypeRank.object;
  }
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const bson = value as BsonLike & { toString(): string; valueOf(): unknown };
  if (bson._bsontype === 'Long') return (value as { toNumber(): number }).toNumber();
  if (bson._bsontype === 'Decimal128') return Number(bson.toString());
  return Number(bson.valueOf());
}

function compareNumbers(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1; // NaN sorts before every number
  if (Number.isNaN(b)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type ObjectIdLike = { _bsontype: 'ObjectId'; id: Uint8Array };

function isObjectId(value: unknown): value is ObjectIdLike {
  return (value as BsonLike | null)?._bsontype === 'ObjectId';
}

/** Twelve bytes compared in place: cheaper than a native Buffer.compare call for so few. */
function compareObjectIds(a: ObjectIdLike, b: ObjectIdLike): number {
  const x = a.id;
  const y = b.id;
  for (let i = 0; i < 12; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/** Compares two BSON values in MongoDB's order (numbers by value across widths, no collation). */
export function compareValues(a: unknown, b: unknown): number {
  // The common cases first: same-typed strings, numbers and dates.
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'string')
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    if (ta === 'number') return compareNumbers(a as number, b as number);
  }
  if (a instanceof Date && b instanceof Date) return compareNumbers(a.getTime(), b.getTime());
  if (isObjectId(a) && isObjectId(b)) return compareObjectIds(a, b);
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case TypeRank.null:
    case TypeRank.minKey:
    case TypeRank.maxKey:
      return 0;
    case TypeRank.number:
      return typeof a === 'number' && typeof b === 'number'
        ? compareNumbers(a, b)
        : compareNumbers(toNumber(a), toNumber(b));
    case TypeRank.string:
      return compareStrings(stringOf(a), stringOf(b));
    case TypeRank.boolean:
      return a === b ? 0 : a ? 1 : -1;
    case TypeRank.date:
      return compareNumbers((a as Date).getTime(), (b as Date).getTime());
    case TypeRank.objectId:
      return compareObjectIds(a as ObjectIdLike, b as ObjectIdLike);
    case TypeRank.binary: {
      const x = a as { buffer: Uint8Array; sub_type: number; position: number };
      const y = b as { buffer: Uint8Array; sub_type: number; position: number };
      const ba = x.buffer.subarray(0, x.position);
      const bb = y.buffer.subarray(0, y.position);
      if (ba.length !== bb.length) return ba.length < bb.length ? -1 : 1;
      if (x.sub_type !== y.sub_type) return x.sub_type < y.sub_type ? -1 : 1;
      return compareBytes(ba, bb);
    }
    case TypeRank.timestamp: {
      const x = a as { t: number; i: number };
      const y = b as { t: number; i: number };
      return compareNumbers(x.t, y.t) || compareNumbers(x.i, y.i);
    }
    case TypeRank.regex: {
      const x = regexParts(a);
      const y = regexParts(b);
      return compareStrings(x[0], y[0]) || compareStrings(x[1], y[1]);
    }
    case TypeRank.array: {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
    }
    default:
      return compareObjects(a, b);
  }
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : String((value as { value: unknown }).value);
}

function regexParts(value: unknown): [string, string] {
  if (value instanceof RegExp) return [value.source, value.flags];
  const r = value as { pattern: string; options: string };
  return [r.pattern, r.options];
}

/** Field by field: the value's type, then the field name, then the value (as MongoDB does). */
function compareObjects(a: unknown, b: unknown): number {
  const x = (isPlainObject(a) ? a : {}) as Record<string, unknown>;
  const y = (isPlainObject(b) ? b : {}) as Record<string, unknown>;
  const kx = Object.keys(x);
  const ky = Object.keys(y);
  const n = Math.min(kx.length, ky.length);
  for (let i = 0; i < n; i++) {
    const fa = kx[i] as string;
    const fb = ky[i] as string;
    const va = x[fa];
    const vb = y[fb];
    const c =
      compareNumbers(typeRank(va), typeRank(vb)) || compareStrings(fa, fb) || compareValues(va, vb);
    if (c !== 0) return c;
  }
  return kx.length === ky.length ? 0 : kx.length < ky.length ? -1 : 1;
}

/**
 * A bound that is no BSON value: just before (`side` -1) or after (+1) every
 * value of one type rank; rank ±Infinity is before/after everything. Index
 * scans start and stop at these, so a range never needs a real key to exist.
 */
export class Sentinel {
  constructor(
    readonly rank: number,
    readonly side: -1 | 1,
  ) {}
}

export const BEFORE_ALL = new Sentinel(-Infinity, -1);
export const AFTER_ALL = new Sentinel(Infinity, 1);

/** Like compareValues, for index key parts (compact forms, see keyPart) and sentinels. */
export function compareKeyPart(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof DateKey && b instanceof DateKey)
    return a.hi !== b.hi ? compareNumbers(a.hi, b.hi) : a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0;
  if (a instanceof ObjectIdKey && b instanceof ObjectIdKey)
    return a.bytes < b.bytes ? -1 : a.bytes > b.bytes ? 1 : 0;
  const sa = a instanceof Sentinel;
  const sb = b instanceof Sentinel;
  if (!sa && !sb) return compareValues(a, b);
  if (sa && sb) {
    const x = a as Sentinel;
    const y = b as Sentinel;
    if (x.rank !== y.rank) return x.rank < y.rank ? -1 : 1;
    return x.side === y.side ? 0 : x.side < y.side ? -1 : 1;
  }
  const s = (sa ? a : b) as Sentinel;
  const r = typeRank(sa ? b : a);
  const sentinelVsValue = s.rank !== r ? (s.rank < r ? -1 : 1) : s.side;
  return sa ? sentinelVsValue : -sentinelVsValue;
}
