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
   * Documents that may match `filter` (narrowed by an index when possible); the
   * caller applies the filter. Read them before changing anything: a collection
   * scan walks the live records.
   */
  candidates(db: string, coll: string, filter: Doc): Iterable<Doc>;
  /** Every visible document of a collection (for `$lookup` and friends). */
  all(db: string, coll: string): Doc[];
  insert(db: string, coll: string, doc: Doc): void;
  replace(db: string, coll: string, oldDoc: Doc, newDoc: Doc): void;
  remove(db: string, coll: string, doc: Doc): void;
}

/** Reads and writes the committed state; each write is visible at once and journaled on flush. */
export class CommittedView implements DataView {
  readonly inTransaction = false;

  constructor(readonly engine: Engine) {}

  candidates(db: string, name: string, filter: Doc): Iterable<Doc> {
    const coll = this.engine.getCollection(db, name);
    if (!coll) return [];
    const ids = coll.candidateIds(filter);
    if (!ids) return coll.live();
    const out: Doc[] = [];
    for (const id of ids) {
      const doc = coll.get(id);
      if (doc) out.push(doc);
    }
    return out;
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
