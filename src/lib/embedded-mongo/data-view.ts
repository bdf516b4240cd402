import type { Doc } from './bson-values';
import { valueKey } from './bson-values';
import { duplicateKey } from './errors';
import type { Engine } from './engine';

/**
 * What a command sees and changes: the committed state directly, or a
 * transaction's snapshot plus its own uncommitted writes. Commands are written
 * once against this interface. Returned documents must not be mutated.
 */
export interface DataView {
  readonly engine: Engine;
  readonly inTransaction: boolean;
  /**
   * Documents that may match `filter` (narrowed by an index when possible),
   * in `sort` order when `sorted` says so; the caller applies the filter.
   * Read them before changing anything: scans walk the live records.
   */
  candidates(db: string, coll: string, filter: Doc, sort?: Doc, stats?: ScanStats): Candidates;
  /** Every visible document of a collection (for `$lookup` and friends). */
  all(db: string, coll: string): Doc[];
  insert(db: string, coll: string, doc: Doc): void;
  replace(db: string, coll: string, oldDoc: Doc, newDoc: Doc): void;
  remove(db: string, coll: string, doc: Doc): void;
}

/** What a read did, for explain. */
export type ScanStats = {
  docsExamined: number;
  keysExamined: number;
  plan?: { indexName: string; keyPattern: Doc; reverse: boolean };
};

export type Candidates = { docs: Iterable<Doc>; sorted: boolean };

/** Reads and writes the committed state; each write is visible at once and journaled on flush. */
export class CommittedView implements DataView {
  readonly inTransaction = false;

  constructor(readonly engine: Engine) {}

  candidates(db: string, name: string, filter: Doc, sort?: Doc, stats?: ScanStats): Candidates {
    const coll = this.engine.getCollection(db, name);
    if (!coll) return { docs: [], sorted: true };
    const plan = coll.plan(filter, sort);
    if (!plan) return { docs: coll.live(), sorted: false };
    if (stats)
      stats.plan = {
        indexName: plan.indexName,
        keyPattern: plan.keyPattern,
        reverse: plan.reverse,
      };
    return { docs: coll.scan(plan, stats), sorted: plan.providesSort };
  }

  all(db: string, name: string): Doc[] {
    return this.engine.getCollection(db, name)?.liveDocs() ?? [];
  }

  insert(db: string, name: string, doc: Doc): void {
    const coll = this.engine.ensureCollection(db, name);
    const idKey = valueKey(doc._id);
    if (coll.get(idKey)) throw duplicateKey(coll.ns, '_id_', { _id: 1 }, { _id: doc._id });
    this.engine.writeDoc(coll, idKey, doc);
  }

  replace(db: string, name: string, _oldDoc: Doc, newDoc: Doc): void {
    const coll = this.engine.ensureCollection(db, name);
    this.engine.writeDoc(coll, valueKey(newDoc._id), newDoc);
  }

  remove(db: string, name: string, doc: Doc): void {
    const coll = this.engine.getCollection(db, name);
    if (coll) this.engine.writeDoc(coll, valueKey(doc._id), null);
  }
}
