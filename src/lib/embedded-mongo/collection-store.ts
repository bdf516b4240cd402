import { UUID } from 'bson';
import type { Doc } from './bson-values';
import { valueKey } from './bson-values';
import { duplicateKey } from './errors';
import { decodeDoc, encodeDoc, fieldNames, readTopLevelFields } from './stored-doc';
import { Index, type IndexBounds, type IndexSpec, type Interval } from './indexes';
import { filterConstraints, impliesPartialFilter } from './query-planner';

/**
 * One committed version of a document, as BSON. `data: null` is a deletion
 * kept only while some transaction may still need the older version; `prev`
 * links to the version it replaced (also only kept while transactions are open).
 */
export type VersionedRecord = {
  data: Buffer | null;
  ver: number;
  prev: VersionedRecord | undefined;
};

/** The document a record holds, decoded (a fresh object each time). */
export function recordDoc(rec: VersionedRecord | undefined): Doc | undefined {
  return rec?.data ? decodeDoc(rec.data) : undefined;
}

/** How a query reads a collection: by `_id` points, or over intervals of an index. */
export type ScanPlan = {
  indexName: string;
  keyPattern: Doc;
  ids?: string[];
  index?: Index;
  intervals?: Interval[];
  /** The documents come in the requested sort order. */
  providesSort: boolean;
  reverse: boolean;
};

export const ID_INDEX_SPEC: IndexSpec = Object.freeze({ v: 2, key: { _id: 1 }, name: '_id_' });

/**
 * The committed state of one collection: documents keyed by their `_id`'s
 * value key (so `_id` lookups are a Map get), plus secondary indexes. Documents
 * stored here are never mutated in place; writers store a new object.
 */
export class Collection {
  readonly records = new Map<string, VersionedRecord>();
  readonly indexes = new Map<string, Index>();
  /**
   * `_id` equality is a map lookup; this ordered copy serves `_id` ranges and
   * sorts. It is built the first time a query needs it and maintained from
   * then on, so a restart (and memory) pays for it only where it is used.
   */
  private orderedIds: Index | undefined;
  readonly uuid = new UUID();
  liveCount = 0;

  constructor(
    readonly db: string,
    readonly name: string,
    public options: Doc = {},
  ) {}

  /** The ordered `_id` index, built from the documents on first use. */
  get idIndex(): Index {
    if (!this.orderedIds) {
      const index = new Index(ID_INDEX_SPEC);
      index.build(this.liveEntries());
      this.orderedIds = index;
    }
    return this.orderedIds;
  }

  /** Bytes of the `_id` index's keys, without building it. */
  idIndexBytes(): number {
    if (this.orderedIds) return this.orderedIds.approximateBytes();
    let bytes = 0;
    for (const [idKey, rec] of this.records) if (rec.data) bytes += 2 * idKey.length;
    return bytes;
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX_SPEC, ...[...this.indexes.values()].map((i) => i.spec)];
  }

  get(idKey: string): Doc | undefined {
    return recordDoc(this.records.get(idKey));
  }

  has(idKey: string): boolean {
    return this.records.get(idKey)?.data != null;
  }

  /** The live documents in storage order, decoded one at a time. */
  *live(): IterableIterator<Doc> {
    for (const rec of this.records.values()) if (rec.data) yield decodeDoc(rec.data);
  }

  liveDocs(): Doc[] {
    return [...this.live()];
  }

  /** The live documents' BSON, for snapshots and sizes. */
  *liveBytes(): IterableIterator<Buffer> {
    for (const rec of this.records.values()) if (rec.data) yield rec.data;
  }

  /** Total BSON size of the live documents. */
  dataSize(): number {
    let size = 0;
    for (const rec of this.records.values()) if (rec.data) size += rec.data.length;
    return size;
  }

  /**
   * How to read the documents that may match `filter` (and, when `sort` is
   * given, whether the read gives that order): an `_id` lookup, a range of the
   * best index, or `undefined` for a collection scan. The best index bounds
   * the most leading fields with points, then a range, then gives the sort;
   * a unique index fixed to one key beats everything.
   */
  plan(filter: Doc, sort?: Doc): ScanPlan | undefined {
    const constraints = filterConstraints(filter);
    const idPoints = constraints.get('_id')?.points;
    if (idPoints) {
      return {
        indexName: '_id_',
        keyPattern: { _id: 1 },
        ids: idPoints.map(valueKey),
        providesSort: idPoints.length <= 1,
        reverse: false,
      };
    }
    let best: { index: Index; bounds: IndexBounds; score: number } | undefined;
    const needsIds = constraints.has('_id') || (sort !== undefined && '_id' in sort);
    for (const index of needsIds
      ? [this.idIndex, ...this.indexes.values()]
      : this.indexes.values()) {
      const bounds = index.bounds(constraints, sort);
      if (!bounds) continue;
      if (index.sparse && !bounds.requiresExistence) continue;
      if (
        index.isPartial &&
        !impliesPartialFilter(filter, index.spec.partialFilterExpression ?? {})
      )
        continue;
      const score =
        (bounds.singleUnique ? 1000 : 0) +
        bounds.pointFields * 4 +
        (bounds.rangeField ? 2 : 0) +
        (bounds.providesSort ? 1 : 0);
      if (!best || score > best.score) best = { index, bounds, score };
    }
    if (!best) return undefined;
    return {
      indexName: best.index.name,
      keyPattern: best.index.spec.key,
      index: best.index,
      intervals: best.bounds.intervals,
      providesSort: best.bounds.providesSort,
      reverse: best.bounds.reverse,
    };
  }

  /** The documents a plan reads, lazily, each once; `stats` counts keys examined. */
  *scan(plan: ScanPlan, stats?: { keysExamined: number }): Generator<Doc> {
    if (plan.ids) {
      for (const id of plan.ids) {
        if (stats) stats.keysExamined++;
        const doc = this.get(id);
        if (doc) yield doc;
      }
      return;
    }
    const index = plan.index as Index;
    const seen = index.multikey ? new Set<string>() : undefined;
    const onKey = stats ? () => stats.keysExamined++ : undefined;
    for (const id of index.scan(plan.intervals ?? [], plan.reverse, onKey)) {
      if (seen) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      const doc = this.get(id);
      if (doc) yield doc;
    }
  }

  /** Throws E11000 if `doc` would collide with another committed document on a unique index. */
  checkUnique(doc: Doc, idKey: string, ignore?: (idKey: string) => boolean): void {
    for (const index of this.indexes.values()) {
      const conflict = index.findConflict(doc, idKey, ignore);
      if (conflict) throw duplicateKey(this.ns, index.name, index.spec.key, conflict.keyValue);
    }
  }

  /** Stores a new committed version (or deletion) and maintains the indexes. */
  apply(idKey: string, doc: Doc | null, ver: number, keepHistory: boolean): void {
    const rec = this.records.get(idKey);
    const old = recordDoc(rec);
    if (old) {
      if (!doc) this.orderedIds?.remove(idKey, old);
      for (const index of this.indexes.values()) index.remove(idKey, old);
    }
    if (doc) {
      if (!old) this.orderedIds?.add(idKey, doc);
      for (const index of this.indexes.values()) index.add(idKey, doc);
    }
    this.store(idKey, doc ? encodeDoc(doc) : null, ver, keepHistory, rec);
  }

  /** Recovery: stores a version's BSON as it is; the indexes are rebuilt afterwards. */
  load(idKey: string, data: Buffer | null, ver: number): void {
    this.store(idKey, data, ver, false, this.records.get(idKey));
  }

  private store(
    idKey: string,
    data: Buffer | null,
    ver: number,
    keepHistory: boolean,
    rec: VersionedRecord | undefined,
  ): void {
    const had = rec?.data != null;
    if (had && !data) this.liveCount--;
    if (!had && data) this.liveCount++;
    if (keepHistory) this.records.set(idKey, { data, ver, prev: rec });
    else if (data) this.records.set(idKey, { data, ver, prev: undefined });
    else this.records.delete(idKey);
  }

  /** Drops versions no open transaction can see any more. */
  prune(idKey: string): void {
    const rec = this.records.get(idKey);
    if (!rec) return;
    if (rec.data === null) this.records.delete(idKey);
    else rec.prev = undefined;
  }

  /** Builds a new index; fails with E11000 (and leaves nothing behind) if existing documents collide. */
  addIndex(spec: IndexSpec, enforceUnique = true): Index {
    const index = new Index(spec);
    if (enforceUnique && index.unique) {
      for (const [idKey, doc] of this.liveEntries()) {
        const conflict = index.findConflict(doc, idKey);
        if (conflict) throw duplicateKey(this.ns, index.name, spec.key, conflict.keyValue);
        index.add(idKey, doc);
      }
    } else index.build(this.liveEntries());
    this.indexes.set(spec.name, index);
    return index;
  }

  /** Registers an index without filling it (recovery fills every index at the end). */
  addIndexUnbuilt(spec: IndexSpec): void {
    this.indexes.set(spec.name, new Index(spec));
  }

  private *liveEntries(): Generator<[string, Doc]> {
    for (const [idKey, rec] of this.records) if (rec.data) yield [idKey, decodeDoc(rec.data)];
  }

  /**
   * Rebuilds every index from the documents. When every index has top-level
   * fields only, just those fields are read from each document's BSON;
   * otherwise (or for a value that is an array or object) the document is
   * decoded once for all indexes.
   */
  rebuildIndexes(): void {
    this.orderedIds = undefined;
    const indexes = [...this.indexes.values()];
    if (indexes.length === 0) return;
    const builders = indexes.map((index) => index.builder());
    const wanted = indexes.every((index) => index.simpleFields)
      ? fieldNames([...new Set(indexes.flatMap((index) => index.fields))])
      : undefined;
    for (const [idKey, rec] of this.records) {
      if (!rec.data) continue;
      const doc = (wanted && readTopLevelFields(rec.data, wanted)) || decodeDoc(rec.data);
      for (const b of builders) b.add(idKey, doc);
    }
    for (const b of builders) b.finish();
  }
}
