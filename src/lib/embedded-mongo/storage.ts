import fs from 'node:fs';
import path from 'node:path';
import { calculateObjectSize } from 'bson';
import type { EngineLogger } from './logger';
import type { Doc } from './bson-values';
import type { Engine, JournalOp, JournalSink } from './engine';
import { AppendFile, encodeRecord, frameBytes } from './journal';
import { acquireLock } from './lock-file';
import { JOURNAL_FILE, recover, SNAPSHOT_FILE, syncDirectory } from './storage-recovery';

export { DamagedDataError } from './storage-recovery';

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
