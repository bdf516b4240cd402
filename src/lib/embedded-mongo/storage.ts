import fs from 'node:fs';
import path from 'node:path';
import { calculateObjectSize } from 'bson';
import type { EngineLogger } from './logger';
import type { Doc } from './bson-values';
import type { Engine, JournalOp, JournalSink } from './engine';
import type { IndexSpec } from './indexes';
import {
  AppendFile,
  encodeRecord,
  frameBytes,
  readRecords,
  type Damage,
  type ReadResult,
} from './journal';
import { acquireLock } from './lock-file';
import { startsWithId } from './stored-doc';

const JOURNAL_FILE = 'journal.fkj';
const SNAPSHOT_FILE = 'snapshot.fkdb';
/** Keep each record far below BSON's 16 MiB document limit. */
const MAX_RECORD_PAYLOAD = 8 * 1024 * 1024;
const DEFAULT_COMPACT_AFTER = 32 * 1024 * 1024;
/** Snapshot frames are written in writes of about this size. */
const WRITE_CHUNK = 4 * 1024 * 1024;

export type Storage = JournalSink & {
  compactIfLarge(): void;
  /** Waits for queued journal writes, writes a final snapshot and releases the directory. */
  close(): Promise<void>;
};

/**
 * Durable storage for one engine in `dir`:
 * - `journal.fkj`: one record per acknowledged command (`{ seq, part, ops, last }`,
 *   split into parts when large; a seq only counts once its last part is there),
 *   written and fdatasync'ed before the reply goes out. Group commit: records
 *   of commands that arrive while a write is on its way to disk (or in the
 *   same event-loop turn) go out together with one fdatasync, and each reply
 *   waits for the sync that covers its record.
 * - `snapshot.fkdb`: the whole state as of some seq (a header, then per
 *   collection its options and index specs followed by one frame per
 *   document holding its stored BSON as is, then an end marker; loading keeps
 *   those bytes without decoding them and builds each index once, in bulk),
 *   written to a temporary
 *   file, fsync'ed and renamed into place; then the journal is emptied. If we
 *   die between the two steps, journal records ≤ the snapshot's seq are skipped.
 */
export function openStorage(
  dir: string,
  engine: Engine,
  logger: EngineLogger,
  options: { compactAfterBytes?: number; repair?: boolean } = {},
): Storage {
  fs.mkdirSync(dir, { recursive: true });
  const releaseLock = acquireLock(dir);
  try {
    const { seq, repaired } = recover(dir, engine, logger, options.repair === true);
    const storage = new FileStorage(
      dir,
      engine,
      logger,
      seq,
      releaseLock,
      options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER,
    );
    // The salvaged state becomes a clean snapshot; the damaged files were kept aside.
    if (repaired) storage.compactNow();
    return storage;
  } catch (err) {
    releaseLock();
    throw err;
  }
}

/** Damage in a data file that would lose acknowledged writes: the engine does not start on it. */
export class DamagedDataError extends Error {}

const REPAIR_HINT =
  'Nothing was changed. To start with what can be salvaged (the damaged file is kept beside it), ' +
  'run `npm run db -- --dbpath <dir> --repair`, or set DB_REPAIR=true for `npm start`.';

function describeDamage(file: string, damage: Damage[]): string {
  return damage
    .map((d) => `${d.length} bytes at offset ${d.offset} of ${path.basename(file)} (${d.problem})`)
    .join('; ');
}

/** Keeps a damaged file as `<name>.damaged-<time>` next to it. */
function keepAside(file: string, logger: EngineLogger): string {
  const kept = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  fs.copyFileSync(file, kept);
  syncDirectory(path.dirname(file));
  logger.warn({ file, kept }, 'embedded-mongo: damaged file kept aside');
  return kept;
}

function recover(
  dir: string,
  engine: Engine,
  logger: EngineLogger,
  repair: boolean,
): { seq: number; repaired: boolean } {
  let repaired = false;
  const tmpPath = path.join(dir, `${SNAPSHOT_FILE}.tmp`);
  if (fs.existsSync(tmpPath)) {
    // A snapshot that was being written when the process stopped: the journal still holds its changes.
    fs.rmSync(tmpPath, { force: true });
    logger.warn({ file: tmpPath }, 'embedded-mongo: unfinished snapshot removed');
  }
  let snapshotSeq = 0;
  const snapshotPath = path.join(dir, SNAPSHOT_FILE);
  if (fs.existsSync(snapshotPath)) {
    // Document frames stay BSON: they are stored as they are, without decoding them.
    const read = readRecords(fs.readFileSync(snapshotPath), startsWithId);
    const all = [...read.records, ...read.afterDamage.flat()];
    const damage = [...read.damage, ...(read.tornTail ? [read.tornTail] : [])];
    const complete = all.at(-1)?.end === true;
    if (damage.length > 0 || !complete) {
      // Snapshots are renamed into place whole, so any damage here is lost data, never a torn write.
      const what =
        damage.length > 0
          ? `${describeDamage(snapshotPath, damage)}: the documents stored there are lost`
          : 'it ends before its end marker: the documents after the last readable record are lost';
      const message = `embedded-mongo: the snapshot ${snapshotPath} is damaged: ${what}; ${all.length} intact records can be salvaged.`;
      if (!repair) throw new DamagedDataError(`${message} ${REPAIR_HINT}`);
      logger.error({ file: snapshotPath }, `${message} Repairing as asked.`);
      keepAside(snapshotPath, logger);
      repaired = true;
    }
    let current: { db: string; name: string } | undefined;
    for (const record of all) {
      if (record.raw instanceof Buffer) {
        if (current) engine.loadStored(current.db, current.name, record.raw);
        continue;
      }
      const coll = record.collection as { db: string; name: string } | undefined;
      if (coll) current = coll;
      snapshotSeq = Math.max(snapshotSeq, applySnapshotRecord(engine, record));
    }
  }
  let lastSeq = snapshotSeq;
  let replayed = 0;
  const journalPath = path.join(dir, JOURNAL_FILE);
  if (fs.existsSync(journalPath)) {
    const buf = fs.readFileSync(journalPath);
    const read = readRecords(buf);
    if (read.damage.length > 0) {
      const { message, lost } = journalDamage(journalPath, read, snapshotSeq);
      if (lost === 0) {
        logger.warn(
          { file: journalPath, damage: read.damage },
          'embedded-mongo: damaged journal records were all in the snapshot already; nothing is lost',
        );
      } else {
        if (!repair) throw new DamagedDataError(`${message} ${REPAIR_HINT}`);
        logger.error({ file: journalPath }, `${message} Repairing as asked.`);
      }
      keepAside(journalPath, logger);
      repaired = true;
    }
    if (read.tornTail) {
      logger.warn(
        {
          file: journalPath,
          offset: read.tornTail.offset,
          ignoredBytes: read.tornTail.length,
          problem: read.tornTail.problem,
        },
        'embedded-mongo: torn journal tail skipped (the last write never completed, so it was never acknowledged)',
      );
      if (read.damage.length === 0) fs.truncateSync(journalPath, read.validLength);
    }
    const segments = [read.records, ...read.afterDamage];
    segments.forEach((records, i) => {
      let parts: JournalOp[] = [];
      let partsSeq = -1;
      // After damage, a command whose first parts were in the damaged bytes is incomplete: skip it.
      let skipSeq = -1;
      if (i > 0) {
        const first = records[0];
        if (first && !(first.part === 0 || (first.part === undefined && first.last === true)))
          skipSeq = Number(first.seq);
      }
      for (const record of records) {
        const seq = Number(record.seq);
        if (seq === skipSeq) continue;
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
    });
  }
  engine.finishRecovery();
  logger.info(
    { dir, snapshotSeq, replayedRecords: replayed, collections: engine.allCollections().length },
    'embedded-mongo: recovered data directory',
  );
  return { seq: lastSeq, repaired };
}

/**
 * What damage in the middle of the journal costs, in acknowledged write
 * commands (by seq); commands already in the snapshot cost nothing.
 */
function journalDamage(
  file: string,
  read: ReadResult,
  snapshotSeq: number,
): { message: string; lost: number } {
  const lastComplete = (records: Doc[], fallback: number) => {
    let seq = fallback;
    for (const r of records) if (r.last === true) seq = Math.max(seq, Number(r.seq));
    return seq;
  };
  const gaps: string[] = [];
  let before = lastComplete(read.records, snapshotSeq);
  let salvaged = 0;
  let lost = 0;
  for (const records of read.afterDamage) {
    const first = records[0];
    const firstSeq = first ? Number(first.seq) : before + 1;
    // A command whose first parts were in the damaged bytes is lost too.
    const partial = first !== undefined && first.part !== 0 && first.part !== undefined;
    const count = Math.max(0, (partial ? firstSeq + 1 : firstSeq) - before - 1);
    if (count > 0)
      gaps.push(
        `${count} acknowledged write command(s) (journal seq ${before + 1}–${before + count}) are lost`,
      );
    lost += count;
    salvaged += records.length;
    before = lastComplete(records, before);
  }
  return {
    lost,
    message:
      `embedded-mongo: the journal ${file} is damaged in the middle: ` +
      `${describeDamage(file, read.damage)}; ${gaps.join('; ')}. ` +
      `${salvaged} intact record(s) after the damage can be salvaged.`,
  };
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
    private readonly logger: EngineLogger,
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
    let part = 0;
    for (const op of ops) {
      const size = calculateObjectSize(op as unknown as Doc);
      if (chunk.length > 0 && chunkBytes + size > MAX_RECORD_PAYLOAD) {
        this.queued.push(encodeRecord({ seq, part: part++, ops: chunk, last: false }));
        chunk = [];
        chunkBytes = 0;
      }
      chunk.push(op);
      chunkBytes += size;
    }
    this.queued.push(encodeRecord({ seq, part, ops: chunk, last: true }));
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

  /** Right after recovery (nothing queued yet): writes the recovered state as the snapshot. */
  compactNow(): void {
    this.compact();
  }

  /** Only while no journal write is queued or under way: the snapshot replaces the whole journal. */
  private compact(): void {
    const started = Date.now();
    const tmp = path.join(this.dir, `${SNAPSHOT_FILE}.tmp`);
    const fd = fs.openSync(tmp, 'w');
    try {
      // Frames are gathered into large writes; documents go out as their stored BSON.
      let chunks: Buffer[] = [];
      let chunkBytes = 0;
      const flushChunks = () => {
        const data = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
        let written = 0;
        while (written < data.length)
          written += fs.writeSync(fd, data, written, data.length - written);
        chunks = [];
        chunkBytes = 0;
      };
      const push = (frame: Buffer) => {
        chunks.push(frame);
        chunkBytes += frame.length;
        if (chunkBytes >= WRITE_CHUNK) flushChunks();
      };
      push(encodeRecord({ seq: this.seq, createdAt: new Date(), format: 2 }));
      for (const coll of this.engine.allCollections()) {
        push(
          encodeRecord({
            collection: {
              db: coll.db,
              name: coll.name,
              options: coll.options,
              indexes: [...coll.indexes.values()].map((i) => i.spec),
            },
          }),
        );
        for (const data of coll.liveBytes()) push(frameBytes(data));
      }
      push(encodeRecord({ end: true }));
      flushChunks();
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
