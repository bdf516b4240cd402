import type { EngineLogger } from './logger';
import type { Doc } from './bson-values';
import { valueKey } from './bson-values';
import { Collection } from './collection-store';
import { badValue, CommandError } from './errors';
import { encodeDoc, idKeyOf } from './stored-doc';
import type { IndexSpec } from './indexes';

/** A state change as it is journaled; each one sets state, so replaying is order-safe. */
export type JournalOp =
  | { op: 'put'; db: string; coll: string; doc: Doc }
  | { op: 'del'; db: string; coll: string; id: unknown }
  | { op: 'createColl'; db: string; coll: string; options: Doc }
  | { op: 'collOptions'; db: string; coll: string; options: Doc }
  | { op: 'dropColl'; db: string; coll: string }
  | { op: 'dropDb'; db: string }
  | { op: 'createIndex'; db: string; coll: string; spec: IndexSpec }
  | { op: 'dropIndex'; db: string; coll: string; name: string };

/** Where committed changes go before a reply is sent (the journal, or nowhere in memory mode). */
export interface JournalSink {
  /** Resolves once `ops` are durable; calls resolve in the order they were made. */
  append(ops: JournalOp[]): Promise<void>;
}

const VALID_NAME = /^[^\0$]+$/;

/**
 * The committed state of every database, and the only code that changes it.
 * Everything runs synchronously on the event loop, so one command's changes
 * are atomic with respect to other connections. Changes are collected and
 * handed to the journal by `flush()`, which the server calls before replying.
 */
export class Engine {
  readonly databases = new Map<string, Map<string, Collection>>();
  /** Logical clock: every committed document version gets the next tick. */
  clock = 0;
  /** Number of open transactions; while > 0 old versions are kept for their snapshots. */
  openTransactions = 0;
  /** Document write locks held by open transactions: `ns \0 idKey` → owner. */
  readonly locks = new Map<string, object>();
  private history: Array<[Collection, string]> = [];
  private pending: JournalOp[] = [];

  constructor(
    readonly logger: EngineLogger,
    private journal?: JournalSink,
  ) {}

  setJournal(journal: JournalSink | undefined): void {
    this.journal = journal;
  }

  getCollection(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name);
  }

  collectionsOf(db: string): Collection[] {
    return [...(this.databases.get(db)?.values() ?? [])];
  }

  allCollections(): Collection[] {
    const out: Collection[] = [];
    for (const colls of this.databases.values()) out.push(...colls.values());
    return out;
  }

  createCollection(db: string, name: string, options: Doc = {}): Collection {
    if (!VALID_NAME.test(db) || db.includes('.') || db.includes('/'))
      throw new CommandError(73, 'InvalidNamespace', `Invalid database name: '${db}'`);
    if (!VALID_NAME.test(name) || name.startsWith('system.')) {
      if (!name.startsWith('system.'))
        throw new CommandError(73, 'InvalidNamespace', `Invalid collection name: ${db}.${name}`);
    }
    let colls = this.databases.get(db);
    if (!colls) this.databases.set(db, (colls = new Map()));
    const coll = new Collection(db, name, options);
    colls.set(name, coll);
    this.pending.push({ op: 'createColl', db, coll: name, options });
    return coll;
  }

  /** collMod: the collection's options (validator...) become `options`. */
  setCollectionOptions(coll: Collection, options: Doc): void {
    coll.options = options;
    this.pending.push({ op: 'collOptions', db: coll.db, coll: coll.name, options });
  }

  ensureCollection(db: string, name: string): Collection {
    return this.getCollection(db, name) ?? this.createCollection(db, name);
  }

  dropCollection(db: string, name: string): boolean {
    const colls = this.databases.get(db);
    if (!colls?.delete(name)) return false;
    if (colls.size === 0) this.databases.delete(db);
    this.pending.push({ op: 'dropColl', db, coll: name });
    return true;
  }

  dropDatabase(db: string): void {
    if (!this.databases.delete(db)) return;
    this.pending.push({ op: 'dropDb', db });
  }

  createIndex(coll: Collection, spec: IndexSpec): void {
    coll.addIndex(spec);
    this.pending.push({ op: 'createIndex', db: coll.db, coll: coll.name, spec });
  }

  dropIndex(coll: Collection, name: string): void {
    coll.indexes.delete(name);
    this.pending.push({ op: 'dropIndex', db: coll.db, coll: coll.name, name });
  }

  /**
   * Commits one document version (or deletion, `doc === null`). Unique
   * indexes are checked first so a failing write leaves nothing behind.
   */
  writeDoc(
    coll: Collection,
    idKey: string,
    doc: Doc | null,
    options: { checkUnique?: boolean } = {},
  ): void {
    const old = coll.get(idKey);
    if (doc && options.checkUnique !== false) coll.checkUnique(doc, idKey);
    const keepHistory = this.openTransactions > 0;
    coll.apply(idKey, doc, ++this.clock, keepHistory);
    if (keepHistory) this.history.push([coll, idKey]);
    if (doc) this.pending.push({ op: 'put', db: coll.db, coll: coll.name, doc });
    else if (old) this.pending.push({ op: 'del', db: coll.db, coll: coll.name, id: old._id });
  }

  /** Position in the pending change list, to undo a failed multi-document commit. */
  pendingMark(): number {
    return this.pending.length;
  }

  dropPendingAfter(mark: number): void {
    this.pending.length = mark;
  }

  transactionOpened(): void {
    this.openTransactions++;
  }

  transactionClosed(): void {
    this.openTransactions = Math.max(0, this.openTransactions - 1);
    if (this.openTransactions > 0) return;
    for (const [coll, idKey] of this.history) coll.prune(idKey);
    this.history = [];
  }

  /**
   * Hands the changes made since the last flush to the journal; the promise
   * resolves once they are on disk, and the reply must wait for it. Nothing
   * to wait for (undefined) when nothing changed or there is no journal.
   */
  flush(): Promise<void> | undefined {
    if (this.pending.length === 0) return undefined;
    const ops = this.pending;
    this.pending = [];
    return this.journal?.append(ops);
  }

  /** Applies a journaled change during recovery: no uniqueness checks, indexes rebuilt afterwards. */
  replay(op: JournalOp): void {
    switch (op.op) {
      case 'createColl': {
        if (this.getCollection(op.db, op.coll)) return;
        let colls = this.databases.get(op.db);
        if (!colls) this.databases.set(op.db, (colls = new Map()));
        colls.set(op.coll, new Collection(op.db, op.coll, op.options));
        return;
      }
      case 'collOptions': {
        const coll = this.getCollection(op.db, op.coll);
        if (coll) coll.options = op.options;
        return;
      }
      case 'dropColl':
        this.databases.get(op.db)?.delete(op.coll);
        return;
      case 'dropDb':
        this.databases.delete(op.db);
        return;
      case 'createIndex': {
        const coll = this.replayCollection(op.db, op.coll);
        if (!coll.indexes.has(op.spec.name)) coll.addIndexUnbuilt(op.spec);
        return;
      }
      case 'dropIndex':
        this.getCollection(op.db, op.coll)?.indexes.delete(op.name);
        return;
      case 'put': {
        const coll = this.replayCollection(op.db, op.coll);
        coll.load(valueKey(op.doc._id), encodeDoc(op.doc), ++this.clock);
        return;
      }
      case 'del':
        this.getCollection(op.db, op.coll)?.load(valueKey(op.id), null, ++this.clock);
        return;
      default:
        throw badValue(`unknown journal op ${JSON.stringify(op)}`);
    }
  }

  /** Recovery: a stored document's BSON as a snapshot holds it. */
  loadStored(db: string, name: string, data: Buffer): void {
    this.replayCollection(db, name).load(idKeyOf(data), data, ++this.clock);
  }

  private replayCollection(db: string, name: string): Collection {
    let colls = this.databases.get(db);
    if (!colls) this.databases.set(db, (colls = new Map()));
    let coll = colls.get(name);
    if (!coll) colls.set(name, (coll = new Collection(db, name)));
    return coll;
  }

  /** After replay: make indexes consistent with the recovered documents. */
  finishRecovery(): void {
    for (const coll of this.allCollections()) coll.rebuildIndexes();
    this.pending = [];
  }
}
