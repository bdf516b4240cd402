import fs from 'node:fs';
import path from 'node:path';
import { calculateObjectSize } from 'bson';
import type { Logger } from 'pino';
import type { Doc } from './bson-values';
import type { Engine, JournalOp, JournalSink } from './engine';
import type { IndexSpec } from './indexes';
import { AppendFile, encodeRecord, readRecords } from './journal';
import { acquireLock } from './lock-file';

const JOURNAL_FILE = 'journal.fkj';
const SNAPSHOT_FILE = 'snapshot.fkdb';
/** Keep each record far below BSON's 16 MiB document limit. */
const MAX_RECORD_PAYLOAD = 8 * 1024 * 1024;
const DEFAULT_COMPACT_AFTER = 32 * 1024 * 1024;

export type Storage = JournalSink & {
  compactIfLarge(): void;
  /** Waits for queued journal writes, writes a final snapshot and releases the directory. */
  close(): Promise<void>;
};

/**
 * Durable storage for one engine in `dir`:
 * - `journal.fkj`: one record per acknowledged command (`{ seq, ops, last }`,
 *   split into parts when large; a seq only counts once its last part is there),
 *   written and fdatasync'ed before the reply goes out. Group commit: records
 *   of commands that arrive while a write is on its way to disk (or in the
 *   same event-loop turn) go out together with one fdatasync, and each reply
 *   waits for the sync that covers its record.
 * - `snapshot.fkdb`: the whole state as of some seq, written to a temporary
 *   file, fsync'ed and renamed into place; then the journal is emptied. If we
 *   die between the two steps, journal records ≤ the snapshot's seq are skipped.
 */
export function openStorage(
  dir: string,
  engine: Engine,
  logger: Logger,
  options: { compactAfterBytes?: number } = {},
): Storage {
  fs.mkdirSync(dir, { recursive: true });
  const releaseLock = acquireLock(dir);
  try {
    const seq = recover(dir, engine, logger);
    return new FileStorage(
      dir,
      engine,
      logger,
      seq,
      releaseLock,
      options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER,
    );
  } catch (err) {
    releaseLock();
    throw err;
  }
}

function recover(dir: string, engine: Engine, logger: Logger): number {
  let snapshotSeq = 0;
  const snapshotPath = path.join(dir, SNAPSHOT_FILE);
  if (fs.existsSync(snapshotPath)) {
    const { records, problem } = readRecords(fs.readFileSync(snapshotPath));
    if (problem || records.at(-1)?.end !== true) {
      logger.error(
        { file: snapshotPath, problem: problem ?? 'missing end marker' },
        'embedded-mongo: snapshot is damaged; loading what is readable',
      );
    }
    for (const record of records)
      snapshotSeq = Math.max(snapshotSeq, applySnapshotRecord(engine, record));
  }
  let lastSeq = snapshotSeq;
  let replayed = 0;
  const journalPath = path.join(dir, JOURNAL_FILE);
  if (fs.existsSync(journalPath)) {
    const buf = fs.readFileSync(journalPath);
    const { records, validLength, problem } = readRecords(buf);
    if (problem) {
      logger.warn(
        { file: journalPath, offset: validLength, ignoredBytes: buf.length - validLength, problem },
        'embedded-mongo: torn or corrupt journal tail skipped (it was never acknowledged)',
      );
      fs.truncateSync(journalPath, validLength);
    }
    let parts: JournalOp[] = [];
    let partsSeq = -1;
    for (const record of records) {
      const seq = Number(record.seq);
      if (seq !== partsSeq) parts = [];
      partsSeq = seq;
      parts.push(...((record.ops as JournalOp[] | undefined) ?? []));
      if (record.last !== true) continue;
      if (seq > snapshotSeq) {
        for (const op of parts) engine.replay(op);
        replayed++;
      }
      lastSeq = Math.max(lastSeq, seq);
      parts = [];
    }
  }
  engine.finishRecovery();
  logger.info(
    { dir, snapshotSeq, replayedRecords: replayed, collections: engine.allCollections().length },
    'embedded-mongo: recovered data directory',
  );
  return lastSeq;
}

function applySnapshotRecord(engine: Engine, record: Doc): number {
  if (typeof record.seq === 'number') return record.seq;
  const coll = record.collection as
    { db: string; name: string; options: Doc; indexes: IndexSpec[] } | undefined;
  if (coll) {
    engine.replay({ op: 'createColl', db: coll.db, coll: coll.name, options: coll.options ?? {} });
    for (const spec of coll.indexes ?? [])
      engine.replay({ op: 'createIndex', db: coll.db, coll: coll.name, spec });
  }
  const docs = record.docs as { db: string; name: string; docs: Doc[] } | undefined;
  if (docs)
    for (const doc of docs.docs) engine.replay({ op: 'put', db: docs.db, coll: docs.name, doc });
  return 0;
}

type Waiter = { resolve: () => void; reject: (err: unknown) => void };

class FileStorage implements Storage {
  private readonly journal: AppendFile;
  private closed = false;
  /** Frames not yet handed to the file, and the commands waiting for them. */
  private queued: Buffer[] = [];
  private waiters: Waiter[] = [];
  /** Set while a batch is being written and synced. */
  private writing: Promise<void> | undefined;

  constructor(
    private readonly dir: string,
    private readonly engine: Engine,
    private readonly logger: Logger,
    private seq: number,
    private readonly releaseLock: () => void,
    private readonly compactAfterBytes: number,
  ) {
    this.journal = new AppendFile(path.join(dir, JOURNAL_FILE));
  }

  append(ops: JournalOp[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('storage is closed'));
    const seq = ++this.seq;
    let chunk: JournalOp[] = [];
    let chunkBytes = 0;
    for (const op of ops) {
      const size = calculateObjectSize(op as unknown as Doc);
      if (chunk.length > 0 && chunkBytes + size > MAX_RECORD_PAYLOAD) {
        this.queued.push(encodeRecord({ seq, ops: chunk, last: false }));
        chunk = [];
        chunkBytes = 0;
      }
      chunk.push(op);
      chunkBytes += size;
    }
    this.queued.push(encodeRecord({ seq, ops: chunk, last: true }));
    const durable = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.writing ??= this.writeQueued();
    return durable;
  }

  /** Writes batches until the queue is empty; records stay in seq order, one writer at a time. */
  private async writeQueued(): Promise<void> {
    // Let the other commands of this event-loop turn join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queued.length > 0) {
      const data =
        this.queued.length === 1 ? (this.queued[0] as Buffer) : Buffer.concat(this.queued);
      const waiters = this.waiters;
      this.queued = [];
      this.waiters = [];
      try {
        await this.journal.append(data);
        for (const waiter of waiters) waiter.resolve();
      } catch (err) {
        for (const waiter of waiters) waiter.reject(err);
      }
    }
    this.writing = undefined;
  }

  compactIfLarge(): void {
    if (!this.closed && !this.writing && this.journal.size > this.compactAfterBytes) this.compact();
  }

  /** Only while no journal write is queued or under way: the snapshot replaces the whole journal. */
  private compact(): void {
    const started = Date.now();
    const tmp = path.join(this.dir, `${SNAPSHOT_FILE}.tmp`);
    const fd = fs.openSync(tmp, 'w');
    try {
      const write = (doc: Doc) => {
        const frame = encodeRecord(doc);
        let written = 0;
        while (written < frame.length)
          written += fs.writeSync(fd, frame, written, frame.length - written);
      };
      write({ seq: this.seq, createdAt: new Date() });
      for (const coll of this.engine.allCollections()) {
        write({
          collection: {
            db: coll.db,
            name: coll.name,
            options: coll.options,
            indexes: [...coll.indexes.values()].map((i) => i.spec),
          },
        });
        let docs: Doc[] = [];
        let bytes = 0;
        for (const doc of coll.liveDocs()) {
          const size = calculateObjectSize(doc);
          if (docs.length > 0 && bytes + size > MAX_RECORD_PAYLOAD) {
            write({ docs: { db: coll.db, name: coll.name, docs } });
            docs = [];
            bytes = 0;
          }
          docs.push(doc);
          bytes += size;
        }
        if (docs.length > 0) write({ docs: { db: coll.db, name: coll.name, docs } });
      }
      write({ end: true });
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path.join(this.dir, SNAPSHOT_FILE));
    syncDirectory(this.dir);
    this.journal.truncate(0);
    this.logger.debug(
      { seq: this.seq, ms: Date.now() - started },
      'embedded-mongo: journal compacted into snapshot',
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    while (this.writing) await this.writing;
    if (this.closed) return;
    try {
      if (this.journal.size > 0) this.compact();
    } finally {
      this.closed = true;
      this.journal.close();
      this.releaseLock();
    }
  }
}

function syncDirectory(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  }
}
