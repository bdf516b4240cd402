import { UUID } from 'bson';
import type { Doc } from './bson-values';
import { valueKey } from './bson-values';
import { duplicateKey } from './errors';
import { Index, type IndexSpec } from './indexes';
import { equalityConstraints } from './query-planner';

/**
 * One committed version of a document. `doc: null` is a deletion kept only
 * while some transaction may still need the older version; `prev` links to the
 * version it replaced (also only kept while transactions are open).
 */
export type VersionedRecord = { doc: Doc | null; ver: number; prev: VersionedRecord | undefined };

export const ID_INDEX_SPEC: IndexSpec = Object.freeze({ v: 2, key: { _id: 1 }, name: '_id_' });

/**
 * The committed state of one collection: documents keyed by their `_id`'s
 * value key (so `_id` lookups are a Map get), plus secondary indexes. Documents
 * stored here are never mutated in place; writers store a new object.
 */
export class Collection {
  readonly records = new Map<string, VersionedRecord>();
  readonly indexes = new Map<string, Index>();
  readonly uuid = new UUID();
  liveCount = 0;

  constructor(
    readonly db: string,
    readonly name: string,
    public options: Doc = {},
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX_SPEC, ...[...this.indexes.values()].map((i) => i.spec)];
  }

  get(idKey: string): Doc | undefined {
    return this.records.get(idKey)?.doc ?? undefined;
  }

  /** The live documents in storage order, without copying them into an array first. */
  *live(): IterableIterator<Doc> {
    for (const rec of this.records.values()) if (rec.doc) yield rec.doc;
  }

  liveDocs(): Doc[] {
    const out: Doc[] = [];
    for (const rec of this.records.values()) if (rec.doc) out.push(rec.doc);
    return out;
  }

  /**
   * Ids that may match `filter`, from the `_id` map or the best index with an
   * equality on its leading field; `undefined` means "scan everything".
   */
  candidateIds(filter: Doc): Iterable<string> | undefined {
    return this.plan(filter)?.ids;
  }

  /** Which index answers `filter` (for candidateIds and explain), and the ids it yields. */
  plan(filter: Doc): { indexName: string; keyPattern: Doc; ids: Iterable<string> } | undefined {
    const constraints = equalityConstraints(filter);
    if (constraints.size === 0) return undefined;
    const ids = constraints.get('_id');
    if (ids) return { indexName: '_id_', keyPattern: { _id: 1 }, ids: ids.map(valueKey) };
    let best: Index | undefined;
    for (const index of this.indexes.values()) {
      if (!index.usableForEquality || index.isPartialOrSparse) continue;
      if (!constraints.has(index.fields[0] as string)) continue;
      if (!best || (index.unique && !best.unique)) best = index;
    }
    if (!best) {
      // A sparse index still answers equality on a non-null value.
      for (const index of this.indexes.values()) {
        if (!index.usableForEquality || !index.sparse || index.spec.partialFilterExpression)
          continue;
        const values = constraints.get(index.fields[0] as string);
        if (values && values.every((v) => v !== null && v !== undefined)) best = index;
      }
    }
    if (!best) return undefined;
    return {
      indexName: best.name,
      keyPattern: best.spec.key,
      ids: best.lookupLeading(constraints.get(best.fields[0] as string) as unknown[]),
    };
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
    const old = rec?.doc ?? null;
    if (old) for (const index of this.indexes.values()) index.remove(idKey, old);
    if (doc) for (const index of this.indexes.values()) index.add(idKey, doc);
    if (old && !doc) this.liveCount--;
    if (!old && doc) this.liveCount++;
    if (keepHistory) this.records.set(idKey, { doc, ver, prev: rec });
    else if (doc) this.records.set(idKey, { doc, ver, prev: undefined });
    else this.records.delete(idKey);
  }

  /** Drops versions no open transaction can see any more. */
  prune(idKey: string): void {
    const rec = this.records.get(idKey);
    if (!rec) return;
    if (rec.doc === null) this.records.delete(idKey);
    else rec.prev = undefined;
  }

  /** Builds a new index; fails with E11000 (and leaves nothing behind) if existing documents collide. */
  addIndex(spec: IndexSpec, enforceUnique = true): Index {
    const index = new Index(spec);
    for (const [idKey, rec] of this.records) {
      if (!rec.doc) continue;
      if (enforceUnique) {
        const conflict = index.findConflict(rec.doc, idKey);
        if (conflict) throw duplicateKey(this.ns, index.name, spec.key, conflict.keyValue);
      }
      index.add(idKey, rec.doc);
    }
    this.indexes.set(spec.name, index);
    return index;
  }

  /** Rebuilds every index from the documents (after recovery, where order of replay is not checked). */
  rebuildIndexes(): void {
    for (const index of this.indexes.values()) {
      index.clear();
      for (const [idKey, rec] of this.records) if (rec.doc) index.add(idKey, rec.doc);
    }
  }
}
