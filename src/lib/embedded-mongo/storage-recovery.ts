import fs from 'node:fs';
import path from 'node:path';
import type { EngineLogger } from './logger';
import type { Doc } from './bson-values';
import type { Engine, JournalOp } from './engine';
import type { IndexSpec } from './indexes';
import { readRecords, type Damage, type ReadResult } from './journal';
import { startsWithId } from './stored-doc';

/**
 * Start-up recovery: load the snapshot, replay the journal after it, and refuse
 * damage that would lose acknowledged writes unless asked to repair (then the
 * damaged file is kept aside and what can be salvaged is loaded).
 */

export const JOURNAL_FILE = 'journal.fkj';
export const SNAPSHOT_FILE = 'snapshot.fkdb';

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

export function recover(
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

export function syncDirectory(dir: string): void {
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
