import { createHash } from 'node:crypto';
import { Binary } from 'bson';
import type { Doc } from './bson-values';
import { isPlainObject, valueKey } from './bson-values';
import { recordDoc, type Collection, type VersionedRecord } from './collection-store';
import type { Candidates, DataView } from './data-view';
import type { Engine } from './engine';
import { CommandError, duplicateKey, noSuchTransaction, writeConflict } from './errors';

/**
 * A multi-document transaction with snapshot isolation. Reads see the
 * committed state as of the transaction's start (older versions are kept by
 * the collections while any transaction is open) plus the transaction's own
 * writes, which stay private until commit. Writing a document that another
 * open transaction has written, or that was committed after the snapshot, is a
 * WriteConflict; the same version check runs again at commit time, because
 * writes outside transactions do not wait for document locks.
 */
export class Transaction {
  readonly writes = new Map<Collection, Map<string, Doc | null>>();
  readonly snapshot: number;
  readonly view: TransactionView;
  state: 'active' | 'committed' | 'aborted' = 'active';
  lastUsed = Date.now();

  constructor(
    readonly engine: Engine,
    readonly txnNumber: number,
  ) {
    this.snapshot = engine.clock;
    this.view = new TransactionView(this);
    engine.transactionOpened();
  }

  visible(rec: VersionedRecord | undefined): Doc | undefined {
    let r = rec;
    while (r && r.ver > this.snapshot) r = r.prev;
    return recordDoc(r);
  }

  /** Records an uncommitted write after the conflict and uniqueness checks. */
  write(coll: Collection, idKey: string, doc: Doc | null): void {
    if (this.state !== 'active') throw noSuchTransaction(this.txnNumber);
    const lockKey = `${coll.ns}\0${idKey}`;
    const holder = this.engine.locks.get(lockKey);
    if (holder && holder !== this) throw writeConflict();
    const rec = coll.records.get(idKey);
    if (rec && rec.ver > this.snapshot) throw writeConflict();
    let own = this.writes.get(coll);
    if (doc) {
      coll.checkUnique(doc, idKey, (id) => own?.has(id) === true);
      if (own) {
        for (const [otherId, other] of own) {
          if (otherId === idKey || !other) continue;
          for (const index of coll.indexes.values()) {
            const keyValue = index.collides(doc, other);
            if (keyValue) throw duplicateKey(coll.ns, index.name, index.spec.key, keyValue);
          }
        }
      }
    }
    this.engine.locks.set(lockKey, this);
    if (!own) this.writes.set(coll, (own = new Map()));
    own.set(idKey, doc);
  }

  commit(): void {
    if (this.state === 'committed') return;
    if (this.state !== 'active') throw noSuchTransaction(this.txnNumber);
    for (const [coll, writes] of this.writes) {
      for (const idKey of writes.keys()) {
        const rec = coll.records.get(idKey);
        if (rec && rec.ver > this.snapshot) {
          this.abort();
          throw writeConflict();
        }
      }
    }
    const mark = this.engine.pendingMark();
    const undo: Array<[Collection, string, Doc | null]> = [];
    try {
      // Deletions first, so a document replacing a deleted one's unique key fits.
      for (const pass of ['delete', 'put'] as const) {
        for (const [coll, writes] of this.writes) {
          for (const [idKey, doc] of writes) {
            if ((doc === null) !== (pass === 'delete')) continue;
            undo.push([coll, idKey, coll.get(idKey) ?? null]);
            this.engine.writeDoc(coll, idKey, doc);
          }
        }
      }
    } catch (err) {
      for (const [coll, idKey, old] of undo.reverse())
        this.engine.writeDoc(coll, idKey, old, { checkUnique: false });
      this.engine.dropPendingAfter(mark);
      this.abort();
      throw err;
    }
    this.state = 'committed';
    this.release();
  }

  abort(): void {
    if (this.state !== 'active') return;
    this.state = 'aborted';
    this.release();
  }

  private release(): void {
    for (const [coll, writes] of this.writes) {
      for (const idKey of writes.keys()) {
        const lockKey = `${coll.ns}\0${idKey}`;
        if (this.engine.locks.get(lockKey) === this) this.engine.locks.delete(lockKey);
      }
    }
    this.writes.clear();
    this.engine.transactionClosed();
  }
}

/** The transaction's view: snapshot + own writes. Collections themselves are created outside it. */
class TransactionView implements DataView {
  readonly inTransaction = true;

  constructor(private readonly txn: Transaction) {}

  get engine(): Engine {
    return this.txn.engine;
  }

  candidates(db: string, name: string): Candidates {
    return { docs: this.all(db, name), sorted: false };
  }

  all(db: string, name: string): Doc[] {
    const coll = this.engine.getCollection(db, name);
    if (!coll) return [];
    const own = this.txn.writes.get(coll);
    const out: Doc[] = [];
    for (const [idKey, rec] of coll.records) {
      if (own?.has(idKey)) continue;
      const doc = this.txn.visible(rec);
      if (doc) out.push(doc);
    }
    if (own) for (const doc of own.values()) if (doc) out.push(doc);
    return out;
  }

  insert(db: string, name: string, doc: Doc): void {
    const coll = this.engine.ensureCollection(db, name);
    const idKey = valueKey(doc._id);
    const own = this.txn.writes.get(coll);
    const exists = own?.has(idKey)
      ? own.get(idKey) !== null
      : this.txn.visible(coll.records.get(idKey)) !== undefined;
    if (exists) throw duplicateKey(coll.ns, '_id_', { _id: 1 }, { _id: doc._id });
    this.txn.write(coll, idKey, doc);
  }

  replace(db: string, name: string, _oldDoc: Doc, newDoc: Doc): void {
    this.txn.write(this.engine.ensureCollection(db, name), valueKey(newDoc._id), newDoc);
  }

  remove(db: string, name: string, doc: Doc): void {
    const coll = this.engine.getCollection(db, name);
    if (coll) this.txn.write(coll, valueKey(doc._id), null);
  }
}

type Session = { lsid: unknown; txn: Transaction | undefined; lastUsed: number };

/** Without authentication every session belongs to the same user: SHA-256 of the empty name, as mongod does. */
const ANONYMOUS_UID = new Binary(createHash('sha256').update('').digest());

/** Logical sessions (by `lsid`) and the transaction each one has open. */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly engine: Engine) {}

  private session(lsid: unknown): Session {
    const key = valueKey(lsid);
    let session = this.sessions.get(key);
    if (!session)
      this.sessions.set(key, (session = { lsid, txn: undefined, lastUsed: Date.now() }));
    session.lastUsed = Date.now();
    return session;
  }

  /** Notes a command's `lsid`: the session is in use now. */
  touch(lsid: unknown): void {
    if (isPlainObject(lsid) && lsid.id !== undefined) this.session(lsid);
  }

  /** What `$listLocalSessions` answers: the sessions seen and not ended or expired. */
  list(): Doc[] {
    return [...this.sessions.values()].map((s) => ({
      _id: { id: (s.lsid as Doc).id, uid: ANONYMOUS_UID },
      lastUse: new Date(s.lastUsed),
    }));
  }

  /** The transaction a command runs in, starting one when the command says so. */
  transactionFor(cmd: Doc): Transaction | undefined {
    if (cmd.lsid === undefined || cmd.txnNumber === undefined || cmd.autocommit !== false)
      return undefined;
    const session = this.session(cmd.lsid);
    const txnNumber = Number(cmd.txnNumber);
    if (cmd.startTransaction === true) {
      if (session.txn && session.txn.txnNumber >= txnNumber && session.txn.state !== 'aborted') {
        throw new CommandError(
          256,
          'TransactionTooOld',
          `txnNumber ${txnNumber} is not newer than the session's current ${session.txn.txnNumber}`,
        );
      }
      session.txn?.abort();
      session.txn = new Transaction(this.engine, txnNumber);
      return session.txn;
    }
    const txn = session.txn;
    if (!txn || txn.txnNumber !== txnNumber || txn.state === 'aborted')
      throw noSuchTransaction(txnNumber);
    if (txn.state === 'committed' && cmd.commitTransaction === undefined) {
      throw new CommandError(
        256,
        'TransactionCommitted',
        `Transaction ${txnNumber} has been committed.`,
      );
    }
    txn.lastUsed = Date.now();
    return txn;
  }

  /** `abortTransaction` for a transaction that is gone already is fine: the driver sends it on cleanup. */
  abort(cmd: Doc): void {
    if (cmd.lsid === undefined) return;
    const txn = this.session(cmd.lsid).txn;
    if (txn && txn.txnNumber === Number(cmd.txnNumber)) txn.abort();
  }

  end(lsids: unknown[]): void {
    for (const lsid of lsids) {
      const key = valueKey(lsid);
      this.sessions.get(key)?.txn?.abort();
      this.sessions.delete(key);
    }
  }

  /** Aborts transactions left idle (MongoDB: transactionLifetimeLimitSeconds = 60) and forgets old sessions. */
  sweep(txnIdleMs: number, sessionIdleMs: number): void {
    const now = Date.now();
    for (const [key, session] of this.sessions) {
      if (session.txn?.state === 'active' && now - session.txn.lastUsed > txnIdleMs)
        session.txn.abort();
      if (now - session.lastUsed > sessionIdleMs && session.txn?.state !== 'active')
        this.sessions.delete(key);
    }
  }

  closeAll(): void {
    for (const session of this.sessions.values()) session.txn?.abort();
    this.sessions.clear();
  }
}
