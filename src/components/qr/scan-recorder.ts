import { randomInt } from 'node:crypto';
import { Types, type AnyBulkWriteOperation } from 'mongoose';
import type { Logger } from '../../lib/logger';
import {
  COUNTER_SLOTS,
  ScanCounterModel,
  ScanModel,
  VisitorDayModel,
  type DeviceClass,
  type ScanCounterDoc,
  type ScanDoc,
} from './scan.model';
import { saltForDay, utcDay, visitorKey } from './visitor-key';
import { classifyAgent, primaryLanguage, referrerHost } from './scan-classifier';

/** A scan as the request handler hands it over. `ip` and `userAgent` live in memory only, until the flush hashes them. */
export type IncomingScan = {
  qrCodeId: Types.ObjectId;
  at: Date;
  device: DeviceClass;
  viaQr: boolean;
  bot: boolean;
  language?: string;
  referrerHost?: string;
  ip: string;
  userAgent: string;
};

type Pending = IncomingScan & { _id: Types.ObjectId };

/**
 * A scan as the visitor's request leaves it: the raw header values, each already cut
 * to a bound, and nothing computed. Classifying the agent, reducing the language and
 * the referrer, and hashing the visitor happen in the flush, off the visitor's path.
 * Like `IncomingScan`, it lives in memory only.
 */
export type RawScan = {
  qrCodeId: Types.ObjectId;
  /** Milliseconds since the epoch. */
  at: number;
  viaQr: boolean;
  ip: string;
  userAgent: string;
  acceptLanguage?: string;
  referer?: string;
};

/** What a raw scan keeps: the bounded fields the README lists, the IP and agent only until hashed. */
export function toIncomingScan(raw: RawScan): IncomingScan {
  const { device, bot } = classifyAgent(raw.userAgent);
  return {
    qrCodeId: raw.qrCodeId,
    at: new Date(raw.at),
    device,
    viaQr: raw.viaQr,
    bot,
    language: primaryLanguage(raw.acceptLanguage),
    referrerHost: referrerHost(raw.referer),
    ip: raw.ip,
    userAgent: raw.userAgent,
  };
}

const FLUSH_INTERVAL_MS = 1000;
/** A burst larger than this is written at once rather than waiting for the timer. */
const FLUSH_AT = 5000;
const MAX_ATTEMPTS = 8;
const WRITE_CHUNK = 500;

/**
 * Scans are answered first and written a moment later: the handler appends to an
 * in-memory buffer (no database round trip on the visitor's path), and the buffer
 * is written at most a second after its first scan, when it grows large, and on
 * graceful stop. Each scan is written exactly once:
 *  1. raw scans by insertMany with ids chosen here, so a retried batch cannot
 *     insert twice (duplicate ids are skipped);
 *  2. one visitor-day row per code, day and visitor key (a unique index across
 *     processes), which says whether the scan is a new unique visitor;
 *  3. the hourly counters with $inc, one random slot of COUNTER_SLOTS per code and
 *     hour and flush; an operation that fails is retried alone, never the batch.
 */
export class ScanRecorder {
  private buffer: RawScan[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly logger: Logger) {}

  /** On the visitor's path: one push, nothing else (the timer is set once per batch). */
  record(scan: RawScan): void {
    this.buffer.push(scan);
    if (this.buffer.length >= FLUSH_AT) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
  }

  /** Scans waiting to be written. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Writes everything buffered so far; resolves when it is in the database. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const raw = this.buffer;
    this.buffer = [];
    // One write at a time per process, in order; a failed chunk is logged, not thrown.
    // Written in chunks: each chunk's classifying, hashing and encoding is short, and the
    // round trip between chunks lets waiting requests through (a busy second's flush
    // would otherwise hold the event loop long enough to show in the scan path's p99).
    this.writing = this.writing.then(async () => {
      for (let i = 0; i < raw.length; i += WRITE_CHUNK) {
        // Ids are chosen once per scan, here: a retried write cannot insert twice.
        const batch: Pending[] = raw
          .slice(i, i + WRITE_CHUNK)
          .map((r) => ({ ...toIncomingScan(r), _id: new Types.ObjectId() }));
        await writeScans(batch).catch((err: unknown) =>
          this.logger.error({ err, scans: batch.length }, 'scan batch could not be written'),
        );
      }
    });
    return this.writing;
  }

  /** For graceful stop: flushes until nothing is left (scans answered during the flush included). */
  async stop(): Promise<void> {
    do await this.flush();
    while (this.buffer.length);
  }
}

async function withRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
}

/** The driver reports one write error as an object and several as an array. */
const writeErrorsOf = (err: unknown): { index: number; code?: number }[] => {
  const raw = (err as { writeErrors?: unknown }).writeErrors;
  if (!raw) return [];
  return (Array.isArray(raw) ? raw : [raw]) as { index: number; code?: number }[];
};

const duplicateOnly = (err: unknown) => {
  const writeErrors = writeErrorsOf(err);
  return writeErrors.length
    ? writeErrors.every((e) => e.code === 11000)
    : (err as { code?: number }).code === 11000;
};

/** Writes a batch (exported for benches and seeds, which record scans without HTTP). */
export async function writeScans(batch: readonly Pending[] | readonly IncomingScan[]) {
  if (!batch.length) return;
  const withIds: Pending[] = batch.map((s) =>
    '_id' in s ? (s as Pending) : { ...s, _id: new Types.ObjectId() },
  );
  const salts = new Map<string, string>();
  for (const day of new Set(withIds.map((s) => utcDay(s.at)))) {
    salts.set(day, await withRetries(() => saltForDay(day)));
  }
  const docs: ScanDoc[] = withIds.map((s) => ({
    _id: s._id,
    qrCodeId: s.qrCodeId,
    at: s.at,
    device: s.device,
    viaQr: s.viaQr,
    bot: s.bot,
    language: s.language,
    referrerHost: s.referrerHost,
    visitor: visitorKey(salts.get(utcDay(s.at))!, s.ip, s.userAgent),
  }));

  await withRetries(() =>
    ScanModel.insertMany(docs, { ordered: false, lean: true }).catch((err: unknown) => {
      if (!duplicateOnly(err)) throw err;
    }),
  );

  const newVisitors = await markUniqueVisitors(docs);
  await addToCounters(docs, newVisitors);
}

/** Which scans are the first of their visitor on that code that day (indexes into docs). */
async function markUniqueVisitors(docs: ScanDoc[]): Promise<Set<number>> {
  const fresh = new Set<number>();
  const seen = new Set<string>();
  const rows: { _id: string; qrCodeId: Types.ObjectId; at: Date }[] = [];
  const rowIndex: number[] = [];
  // In time order, so a visitor's first scan of the day is the one that counts as unique.
  const byTime = docs.map((doc, index) => ({ doc, index }));
  byTime.sort((a, b) => a.doc.at.getTime() - b.doc.at.getTime());
  for (const { doc, index } of byTime) {
    if (doc.bot) continue;
    const key = `${doc.qrCodeId.toString()}|${utcDay(doc.at)}|${doc.visitor}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rowIndex.push(index);
    rows.push({ _id: key, qrCodeId: doc.qrCodeId, at: doc.at });
  }
  if (!rows.length) return fresh;
  // A duplicate key means the visitor was seen before (by this or another process).
  const failed = await withRetries(() =>
    VisitorDayModel.collection
      .insertMany(rows as never[], { ordered: false })
      .then(() => new Set<number>())
      .catch((err: unknown) => {
        if (!duplicateOnly(err)) throw err;
        return new Set(writeErrorsOf(err).map((e) => e.index));
      }),
  );
  rows.forEach((_, i) => {
    if (!failed.has(i)) fresh.add(rowIndex[i]!);
  });
  return fresh;
}

type Increments = Omit<ScanCounterDoc, '_id' | 'qrCodeId' | 'hour' | 'slot'>;

const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);

async function addToCounters(docs: ScanDoc[], newVisitors: Set<number>) {
  const groups = new Map<string, { qrCodeId: Types.ObjectId; hour: Date; inc: Increments }>();
  docs.forEach((doc, index) => {
    const hour = hourOf(doc.at);
    const key = `${doc.qrCodeId.toString()}|${hour.getTime()}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        qrCodeId: doc.qrCodeId,
        hour,
        inc: {
          scans: 0,
          qrScans: 0,
          linkScans: 0,
          botScans: 0,
          uniqueVisitors: 0,
          mobile: 0,
          tablet: 0,
          desktop: 0,
          other: 0,
        },
      };
      groups.set(key, group);
    }
    const inc = group.inc;
    if (doc.bot) {
      inc.botScans += 1;
      return;
    }
    inc.scans += 1;
    if (doc.viaQr) inc.qrScans += 1;
    else inc.linkScans += 1;
    inc[doc.device] += 1;
    if (newVisitors.has(index)) inc.uniqueVisitors += 1;
  });

  let ops: AnyBulkWriteOperation<ScanCounterDoc>[] = [...groups.values()].map((g) => ({
    updateOne: {
      filter: { qrCodeId: g.qrCodeId, hour: g.hour, slot: randomInt(COUNTER_SLOTS) },
      update: { $inc: g.inc },
      upsert: true,
    },
  }));
  for (let attempt = 1; ops.length; attempt++) {
    try {
      await ScanCounterModel.bulkWrite(ops, { ordered: false });
      ops = [];
    } catch (err) {
      const writeErrors = writeErrorsOf(err);
      if (attempt >= MAX_ATTEMPTS) throw err;
      // Only the operations that failed go again (two first upserts of one slot race on its unique index).
      if (writeErrors.length) ops = writeErrors.map((e) => ops[e.index]!);
      await new Promise((r) => setTimeout(r, 20 * attempt));
    }
  }
}
