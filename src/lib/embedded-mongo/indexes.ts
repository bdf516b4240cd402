import { calculateObjectSize } from 'bson';
import { Query } from 'mingo';
import BTree, * as btreeModule from 'sorted-btree';
import type { Doc } from './bson-values';
import { pathValues, valueKey } from './bson-values';
import {
  AFTER_ALL,
  BEFORE_ALL,
  compareKeyPart,
  compareValues,
  DateKey,
  keyPart,
  ObjectIdKey,
  Sentinel,
  typeRank,
} from './key-order';
import type { PathConstraint } from './query-planner';

/** An index as `listIndexes` reports it; unknown options are kept and echoed back. */
export type IndexSpec = {
  v: number;
  key: Doc;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
  [option: string]: unknown;
};

/** The options that make two specs with the same key different indexes. */
const SIGNIFICANT_OPTIONS = [
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'collation',
] as const;

export function sameIndexOptions(a: IndexSpec, b: IndexSpec): boolean {
  return SIGNIFICANT_OPTIONS.every(
    (o) =>
      valueKey(a[o] ?? (o === 'unique' || o === 'sparse' ? false : null)) ===
      valueKey(b[o] ?? (o === 'unique' || o === 'sparse' ? false : null)),
  );
}

export function sameKey(a: Doc, b: Doc): boolean {
  return valueKey(a) === valueKey(b);
}

/** MongoDB's default index name: `{ a: 1, b: -1 }` → `a_1_b_-1`. */
export function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(([field, dir]) => `${field}_${String(dir)}`)
    .join('_');
}

/**
 * One index key: the field values in index order (in their compact key forms,
 * see keyPart), then the document's id key (or a sentinel in a bound). Small
 * objects rather than arrays: a two-slot array costs 64 bytes, `Key1` 40. A
 * date in the last field is held in the key itself (`Key1Date`, `Key2Date`),
 * saving the 40 bytes of a separate DateKey: time-stamped data mostly has them.
 */
class Key1 {
  constructor(
    readonly a: unknown,
    readonly id: unknown,
  ) {}
}
class Key2 {
  constructor(
    readonly a: unknown,
    readonly b: unknown,
    readonly id: unknown,
  ) {}
}
/** The date's milliseconds split as DateKey splits them (two small integers stay inline). */
const DATE_SPLIT = 2 ** 30;
class Key1Date {
  readonly hi: number;
  readonly lo: number;
  constructor(
    ms: number,
    readonly id: unknown,
  ) {
    this.hi = Math.floor(ms / DATE_SPLIT);
    this.lo = ms - this.hi * DATE_SPLIT;
  }
}
class Key2Date {
  readonly hi: number;
  readonly lo: number;
  constructor(
    readonly a: unknown,
    ms: number,
    readonly id: unknown,
  ) {
    this.hi = Math.floor(ms / DATE_SPLIT);
    this.lo = ms - this.hi * DATE_SPLIT;
  }
}
class KeyN {
  constructor(
    readonly parts: unknown[],
    readonly id: unknown,
  ) {}
}
type IndexKey = Key1 | Key2 | Key1Date | Key2Date | KeyN;

/** The milliseconds of a (valid) date or DateKey, else undefined. */
function dateMs(value: unknown): number | undefined {
  if (!(value instanceof Date) && !(value instanceof DateKey)) return undefined;
  const ms = value.getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

function makeKey(values: unknown[], last: unknown): IndexKey {
  switch (values.length) {
    case 1: {
      const ms = dateMs(values[0]);
      return ms !== undefined ? new Key1Date(ms, last) : new Key1(keyPart(values[0]), last);
    }
    case 2: {
      const ms = dateMs(values[1]);
      return ms !== undefined
        ? new Key2Date(keyPart(values[0]), ms, last)
        : new Key2(keyPart(values[0]), keyPart(values[1]), last);
    }
    default:
      return new KeyN(values.map(keyPart), last);
  }
}

function dateKeyOf(key: Key1Date | Key2Date): DateKey {
  return new DateKey(key.hi * DATE_SPLIT + key.lo);
}

/** Part `i` of a key (the id key at `i === n`). */
function partOf(key: IndexKey, i: number, n: number): unknown {
  if (i === n) return key.id;
  if (key instanceof Key1) return key.a;
  if (key instanceof Key1Date) return dateKeyOf(key);
  if (key instanceof Key2) return i === 0 ? key.a : key.b;
  if (key instanceof Key2Date) return i === 0 ? key.a : dateKeyOf(key);
  return key.parts[i];
}

function compareSplitDates(x: Key1Date | Key2Date, y: Key1Date | Key2Date): number {
  if (x.hi !== y.hi) return x.hi < y.hi ? -1 : 1;
  return x.lo < y.lo ? -1 : x.lo > y.lo ? 1 : 0;
}

/** MongoDB's key order for keys of `dirs.length` fields, each in its direction. */
function keyComparator(dirs: Array<1 | -1>): (x: IndexKey, y: IndexKey) => number {
  const n = dirs.length;
  const d0 = dirs[0] as number;
  const d1 = dirs[1] as number;
  if (n === 1)
    return (x, y) => {
      const c =
        x instanceof Key1Date && y instanceof Key1Date
          ? compareSplitDates(x, y)
          : compareKeyPart(partOf(x, 0, 1), partOf(y, 0, 1));
      return c !== 0 ? c * d0 : compareKeyPart(x.id, y.id);
    };
  if (n === 2)
    return (x, y) => {
      const c = compareKeyPart((x as Key2).a, (y as Key2).a);
      if (c !== 0) return c * d0;
      const c2 =
        x instanceof Key2Date && y instanceof Key2Date
          ? compareSplitDates(x, y)
          : compareKeyPart(partOf(x, 1, 2), partOf(y, 1, 2));
      return c2 !== 0 ? c2 * d1 : compareKeyPart(x.id, y.id);
    };
  return (x, y) => {
    const a = (x as KeyN).parts;
    const b = (y as KeyN).parts;
    for (let i = 0; i < n; i++) {
      const c = compareKeyPart(a[i], b[i]);
      if (c !== 0) return c * (dirs[i] as number);
    }
    return compareKeyPart(x.id, y.id);
  };
}

/** Splits into as few chunks of at most LEAF_FILL as possible, evenly (every node stays over half full). */
function evenChunks<T>(items: T[]): T[][] {
  const count = Math.ceil(items.length / LEAF_FILL);
  const out: T[][] = [];
  let start = 0;
  for (let left = count; left > 0; left--) {
    const size = Math.ceil((items.length - start) / left);
    out.push(items.slice(start, start + size));
    start += size;
  }
  return out;
}

/** sorted-btree's node classes: exported by the package, though not in its type declarations. */
type TreeNode = { readonly keys: unknown[] };
const { BNode, BNodeInternal } = btreeModule as unknown as {
  BNode: new (keys: unknown[]) => TreeNode;
  BNodeInternal: new (children: TreeNode[], size: number) => TreeNode;
};

/**
 * A tree over keys already sorted and distinct: full leaves that share
 * sorted-btree's one array of undefined values (its own bulkLoad gives every
 * leaf a values array and compares every neighbour pair again).
 */
function treeFromSorted(
  keys: IndexKey[],
  compare: (a: IndexKey, b: IndexKey) => number,
): BTree<IndexKey, undefined> {
  const tree = new BTree<IndexKey, undefined>(undefined, compare, MAX_NODE_SIZE);
  if (keys.length === 0) return tree;
  // A leaf's first insert grows sorted-btree's shared values array to a full node; leaves made here need it so too.
  new BTree<number, undefined>(undefined, undefined, MAX_NODE_SIZE).set(0, undefined);
  let level = evenChunks(keys).map((chunk) => ({ node: new BNode(chunk), size: chunk.length }));
  while (level.length > 1) {
    level = evenChunks(level).map((children) => {
      const size = children.reduce((sum, c) => sum + c.size, 0);
      return {
        node: new BNodeInternal(
          children.map((c) => c.node),
          size,
        ),
        size,
      };
    });
  }
  (tree as unknown as { _root: TreeNode })._root = (level[0] as { node: TreeNode }).node;
  return tree;
}

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

/** sorted-btree's default branching factor. */
const MAX_NODE_SIZE = 64;
/** Keys per node of a bulk-built tree: room for a few inserts before a node splits. */
const LEAF_FILL = 56;

/** More interval combinations than this and the point fields after stay unbounded. */
const MAX_INTERVALS = 1000;

type ValueRange = { lo: unknown; loIncl: boolean; hi: unknown; hiIncl: boolean };

/**
 * A secondary index over the committed state of one collection: a B+ tree of
 * keys `[value per field..., idKey]` ordered as MongoDB orders index keys
 * (BSON type order, each field in its own direction). It answers equality,
 * `$in`, ranges on the first unbounded field, a prefix of a compound index and
 * sorts, and checks uniqueness by reading the keys equal to a new document's.
 */
export class Index {
  readonly fields: string[];
  readonly dirs: Array<1 | -1>;
  readonly unique: boolean;
  readonly sparse: boolean;
  /** Only plain ascending/descending/hashed keys can answer lookups. */
  readonly usableForEquality: boolean;
  /** Hashed keys answer equality only, never ranges or sorts. */
  readonly hashed: boolean;
  /** Some document contributed several keys (an array value): no sorts, no range intersection. */
  multikey = false;
  private readonly partial: Query | undefined;
  private tree: BTree<IndexKey, undefined>;
  readonly compareKeys: (a: IndexKey, b: IndexKey) => number;
  /** Every field is top-level and there is no partial filter: the fast path of `entries`. */
  readonly simpleFields: boolean;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.dirs = Object.values(spec.key).map((d) => (d === -1 ? -1 : 1));
    this.unique = spec.unique === true;
    this.sparse = spec.sparse === true;
    this.partial = spec.partialFilterExpression
      ? new Query(spec.partialFilterExpression, {})
      : undefined;
    this.usableForEquality = Object.values(spec.key).every(
      (d) => d === 1 || d === -1 || d === 'hashed',
    );
    this.hashed = Object.values(spec.key).includes('hashed');
    this.simpleFields = !this.partial && this.fields.every((f) => !f.includes('.'));
    this.compareKeys = keyComparator(this.dirs);
    this.tree = new BTree<IndexKey, undefined>(undefined, this.compareKeys, MAX_NODE_SIZE);
  }

  get name(): string {
    return this.spec.name;
  }

  get isPartial(): boolean {
    return this.partial !== undefined;
  }

  /** Bytes of the keys: each indexed value as BSON would hold it, plus the record reference. */
  approximateBytes(): number {
    const n = this.fields.length;
    let bytes = 0;
    for (const key of this.tree.keys()) {
      for (let i = 0; i < n; i++) bytes += valueBytes(partOf(key, i, n));
      bytes += (key.id as string).length;
    }
    return bytes;
  }

  /** The value tuples a document contributes (several for array fields), or none if it is not indexed. */
  entries(doc: Doc): unknown[][] {
    if (this.simpleFields) {
      // Top-level fields without arrays (most documents): no path walking, one tuple.
      const tuple = new Array<unknown>(this.fields.length);
      let allMissing = true;
      for (let i = 0; i < this.fields.length; i++) {
        const v = doc[this.fields[i] as string];
        if (Array.isArray(v)) return this.generalEntries(doc);
        if (v !== undefined) allMissing = false;
        tuple[i] = v;
      }
      if (this.sparse && allMissing) return [];
      return [tuple];
    }
    return this.generalEntries(doc);
  }

  private generalEntries(doc: Doc): unknown[][] {
    if (this.partial && !this.partial.test(doc)) return [];
    const perField = this.fields.map((f) => pathValues(doc, f));
    if (this.sparse && perField.every((vs) => vs.length === 1 && vs[0] === undefined)) return [];
    if (perField.every((vs) => vs.length === 1)) return [perField.map((vs) => vs[0])];
    let tuples: unknown[][] = [[]];
    for (const values of perField) {
      const next: unknown[][] = [];
      for (const tuple of tuples) for (const v of values) next.push([...tuple, v]);
      tuples = next;
    }
    const seen = new Set<string>();
    const out: unknown[][] = [];
    for (const values of tuples) {
      const key = values.map(valueKey).join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(values);
    }
    return out;
  }

  add(idKey: string, doc: Doc): void {
    const entries = this.entries(doc);
    if (entries.length > 1 || this.hasArrayValue(doc)) this.multikey = true;
    for (const values of entries) this.tree.set(makeKey(values, idKey), undefined);
  }

  remove(idKey: string, doc: Doc): void {
    for (const values of this.entries(doc)) this.tree.delete(makeKey(values, idKey));
  }

  /** Fills an empty index from many documents: keys are sorted, then loaded in bulk. */
  build(docs: Iterable<[string, Doc]>): void {
    const b = this.builder();
    for (const [idKey, doc] of docs) b.add(idKey, doc);
    b.finish();
  }

  /** Collects keys for a bulk load that replaces the index's contents. */
  builder(): { add(idKey: string, doc: Doc): void; finish(): void } {
    const keys: IndexKey[] = [];
    let multikey = false;
    return {
      add: (idKey, doc) => {
        const entries = this.entries(doc);
        if (entries.length > 1 || this.hasArrayValue(doc)) multikey = true;
        for (const values of entries) keys.push(makeKey(values, idKey));
      },
      finish: () => {
        keys.sort(this.compareKeys);
        this.tree = treeFromSorted(keys, this.compareKeys);
        this.multikey = multikey;
      },
    };
  }

  private hasArrayValue(doc: Doc): boolean {
    if (this.simpleFields) return this.fields.some((f) => Array.isArray(doc[f]));
    return this.fields.some((f) => {
      let v: unknown = doc;
      for (const part of f.split('.')) {
        if (Array.isArray(v)) return true;
        if (v === null || typeof v !== 'object') return false;
        v = (v as Doc)[part];
      }
      return Array.isArray(v);
    });
  }

  clear(): void {
    this.tree.clear();
    this.multikey = false;
  }

  /** Id keys in the intervals, in index order (or reversed); `onKey` counts keys examined. */
  *scan(intervals: Interval[], reverse: boolean, onKey?: () => void): Generator<string> {
    const list = reverse ? [...intervals].reverse() : intervals;
    for (const { start, end } of list) {
      if (!reverse) {
        for (const [key] of this.tree.entries(start)) {
          if (this.compareKeys(key, end) > 0) break;
          onKey?.();
          yield key.id as string;
        }
      } else {
        for (const [key] of this.tree.entriesReversed(end)) {
          if (this.compareKeys(key, start) < 0) break;
          onKey?.();
          yield key.id as string;
        }
      }
    }
  }

  /**
   * How this index answers the constraints (and the sort, if given), or
   * undefined when it bounds nothing and gives no order.
   */
  bounds(constraints: Map<string, PathConstraint>, sort?: Doc): IndexBounds | undefined {
    if (!this.usableForEquality) return undefined;
    const n = this.fields.length;
    const pointLists: unknown[][] = [];
    let range: ValueRange | undefined;
    let product = 1;
    let requiresExistence = false;
    let empty = false;
    for (let k = 0; k < n; k++) {
      const c = constraints.get(this.fields[k] as string);
      if (c?.points && product * Math.max(1, c.points.length) <= MAX_INTERVALS) {
        const dir = this.dirs[k] as 1 | -1;
        const sorted = [...c.points].sort((a, b) => compareValues(a, b) * dir);
        const points = sorted.filter((v, i) => i === 0 || compareValues(sorted[i - 1], v) !== 0);
        if (points.length === 0) empty = true;
        if (points.every((v) => v !== null && v !== undefined)) requiresExistence = true;
        pointLists.push(points);
        product *= Math.max(1, points.length);
        continue;
      }
      if (c && c.ranges.length > 0 && !this.hashed) {
        range = this.rangeOf(c.ranges);
        if (!range) empty = true;
        requiresExistence = true;
      }
      break;
    }
    const pointFields = pointLists.length;
    const singlePoints = pointLists.every((p) => p.length === 1);
    const order = sort ? this.sortDirection(sort, pointLists) : undefined;
    if (pointFields === 0 && !range && !order) return undefined;
    const bounds: IndexBounds = {
      intervals: [],
      pointFields,
      rangeField: range !== undefined,
      singleUnique: this.unique && singlePoints && pointFields === n,
      providesSort: order !== undefined,
      reverse: order === -1,
      requiresExistence,
    };
    if (empty) return bounds;
    const minAt = (j: number) => (j < n && this.dirs[j] === -1 ? AFTER_ALL : BEFORE_ALL);
    const maxAt = (j: number) => (j < n && this.dirs[j] === -1 ? BEFORE_ALL : AFTER_ALL);
    let prefixes: unknown[][] = [[]];
    for (const points of pointLists) {
      const next: unknown[][] = [];
      for (const prefix of prefixes) for (const p of points) next.push([...prefix, p]);
      prefixes = next;
    }
    for (const prefix of prefixes) {
      const start = [...prefix];
      const end = [...prefix];
      let startFill = minAt;
      let endFill = maxAt;
      if (range) {
        const forward = this.dirs[pointFields] === 1;
        const s = forward ? range.lo : range.hi;
        const e = forward ? range.hi : range.lo;
        const sIncl = forward ? range.loIncl : range.hiIncl;
        const eIncl = forward ? range.hiIncl : range.loIncl;
        start.push(s);
        end.push(e);
        if (!sIncl) startFill = maxAt;
        if (!eIncl) endFill = minAt;
      }
      for (let j = start.length; j <= n; j++) start.push(startFill(j));
      for (let j = end.length; j <= n; j++) end.push(endFill(j));
      bounds.intervals.push({
        start: makeKey(start.slice(0, n), start[n]),
        end: makeKey(end.slice(0, n), end[n]),
      });
    }
    return bounds;
  }

  /** The value range of a field's `$gt/$gte/$lt/$lte`, within the type bracket of their values. */
  private rangeOf(ops: PathConstraint['ranges']): ValueRange | undefined {
    const first = ops[0] as PathConstraint['ranges'][number];
    const rank = typeRank(first.value);
    const r: ValueRange = {
      lo: new Sentinel(rank, -1),
      loIncl: true,
      hi: new Sentinel(rank, 1),
      hiIncl: true,
    };
    // On a multikey field each condition may be met by another element: only one can bound.
    for (const { op, value } of this.multikey ? [first] : ops) {
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

  /**
   * 1 if reading forward gives `sort`'s order, -1 if reading backward does,
   * undefined if neither: the sort's fields must follow the index's fields
   * from the first one not fixed to a single point, all in the index's
   * directions or all in the opposite ones.
   */
  private sortDirection(sort: Doc, pointLists: unknown[][]): 1 | -1 | undefined {
    if (this.multikey || this.hashed) return undefined;
    const fixed = new Set<string>();
    let p = 0;
    while (p < pointLists.length && (pointLists[p] as unknown[]).length === 1)
      fixed.add(this.fields[p++] as string);
    const wanted = Object.entries(sort).filter(([f]) => !fixed.has(f));
    if (wanted.length === 0) return 1;
    let direction: 1 | -1 | undefined;
    for (let i = 0; i < wanted.length; i++) {
      const [field, d] = wanted[i] as [string, unknown];
      if (this.fields[p + i] !== field || (d !== 1 && d !== -1)) return undefined;
      const sign = d === this.dirs[p + i] ? 1 : -1;
      if (direction === undefined) direction = sign;
      else if (direction !== sign) return undefined;
    }
    return direction;
  }

  /**
   * The first other document holding one of `doc`'s keys, with the key values
   * for the error message. `ignore` hides ids (documents a transaction has
   * rewritten, or the one being replaced).
   */
  findConflict(
    doc: Doc,
    selfIdKey: string,
    ignore?: (idKey: string) => boolean,
  ): { idKey: string; keyValue: Doc } | undefined {
    if (!this.unique) return undefined;
    for (const values of this.entries(doc)) {
      const start = makeKey(values, BEFORE_ALL);
      const end = makeKey(values, AFTER_ALL);
      for (const [key] of this.tree.entries(start)) {
        if (this.compareKeys(key, end) > 0) break;
        const id = key.id as string;
        if (id === selfIdKey || ignore?.(id)) continue;
        return { idKey: id, keyValue: this.keyValue(values) };
      }
    }
    return undefined;
  }

  /** Whether two documents collide on this (unique) index; used for uncommitted transaction writes. */
  collides(a: Doc, b: Doc): Doc | undefined {
    if (!this.unique) return undefined;
    const keysB = new Set(this.entries(b).map((v) => v.map(valueKey).join('|')));
    for (const values of this.entries(a))
      if (keysB.has(values.map(valueKey).join('|'))) return this.keyValue(values);
    return undefined;
  }

  keyValue(values: unknown[]): Doc {
    const out: Doc = {};
    this.fields.forEach((f, i) => {
      const v = values[i];
      out[f] = v === undefined ? null : v;
    });
    return out;
  }
}

/** A value's size in BSON (type byte and value), without a field name. */
function valueBytes(value: unknown): number {
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
