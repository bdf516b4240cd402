import { Query } from 'mingo';
import BTree from 'sorted-btree';
import type { Doc } from './bson-values';
import { pathValues, valueKey } from './bson-values';
import { AFTER_ALL, BEFORE_ALL, compareValues } from './key-order';
import type { PathConstraint } from './query-planner';
import {
  MAX_INTERVALS,
  valueBytes,
  valueRange,
  type IndexBounds,
  type Interval,
  type ValueRange,
} from './index-bounds';
import {
  keyComparator,
  MAX_NODE_SIZE,
  makeKey,
  partOf,
  treeFromSorted,
  type IndexKey,
  type IndexSpec,
} from './index-keys';

export { defaultIndexName, sameIndexOptions, sameKey, type IndexSpec } from './index-keys';
export type { IndexBounds, Interval } from './index-bounds';

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
        range = valueRange(this.multikey, c.ranges);
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
