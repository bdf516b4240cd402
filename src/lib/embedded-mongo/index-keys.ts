import BTree, * as btreeModule from 'sorted-btree';
import type { Doc } from './bson-values';
import { valueKey } from './bson-values';
import { compareKeyPart, DateKey, keyPart } from './key-order';

/**
 * The keys of a secondary index: what an index is (its spec), how a document's
 * values become one compact key (specialised for one or two fields and dates),
 * how keys compare in MongoDB's index order, and how a sorted run of keys becomes
 * a balanced B+ tree at once.
 */

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
export class Key1 {
  constructor(
    readonly a: unknown,
    readonly id: unknown,
  ) {}
}
export class Key2 {
  constructor(
    readonly a: unknown,
    readonly b: unknown,
    readonly id: unknown,
  ) {}
}
/** The date's milliseconds split as DateKey splits them (two small integers stay inline). */
export const DATE_SPLIT = 2 ** 30;
export class Key1Date {
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
export class Key2Date {
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
export class KeyN {
  constructor(
    readonly parts: unknown[],
    readonly id: unknown,
  ) {}
}
export type IndexKey = Key1 | Key2 | Key1Date | Key2Date | KeyN;

/** The milliseconds of a (valid) date or DateKey, else undefined. */
export function dateMs(value: unknown): number | undefined {
  if (!(value instanceof Date) && !(value instanceof DateKey)) return undefined;
  const ms = value.getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

export function makeKey(values: unknown[], last: unknown): IndexKey {
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

export function dateKeyOf(key: Key1Date | Key2Date): DateKey {
  return new DateKey(key.hi * DATE_SPLIT + key.lo);
}

/** Part `i` of a key (the id key at `i === n`). */
export function partOf(key: IndexKey, i: number, n: number): unknown {
  if (i === n) return key.id;
  if (key instanceof Key1) return key.a;
  if (key instanceof Key1Date) return dateKeyOf(key);
  if (key instanceof Key2) return i === 0 ? key.a : key.b;
  if (key instanceof Key2Date) return i === 0 ? key.a : dateKeyOf(key);
  return key.parts[i];
}

export function compareSplitDates(x: Key1Date | Key2Date, y: Key1Date | Key2Date): number {
  if (x.hi !== y.hi) return x.hi < y.hi ? -1 : 1;
  return x.lo < y.lo ? -1 : x.lo > y.lo ? 1 : 0;
}

/** MongoDB's key order for keys of `dirs.length` fields, each in its direction. */
export function keyComparator(dirs: Array<1 | -1>): (x: IndexKey, y: IndexKey) => number {
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
export function evenChunks<T>(items: T[]): T[][] {
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
/** sorted-btree's default branching factor. */
export const MAX_NODE_SIZE = 64;
/** Keys per node of a bulk-built tree: room for a few inserts before a node splits. */
const LEAF_FILL = 56;

export type TreeNode = { readonly keys: unknown[] };
export const { BNode, BNodeInternal } = btreeModule as unknown as {
  BNode: new (keys: unknown[]) => TreeNode;
  BNodeInternal: new (children: TreeNode[], size: number) => TreeNode;
};

/**
 * A tree over keys already sorted and distinct: full leaves that share
 * sorted-btree's one array of undefined values (its own bulkLoad gives every
 * leaf a values array and compares every neighbour pair again).
 */
export function treeFromSorted(
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
