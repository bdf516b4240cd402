import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import pino from 'pino';
import { startDatabase } from '../src/lib/database';
import { size } from './sizes';

const DOCS = size(100_000, 2_000);
const ROUND_TRIPS = size(3_000, 250);
const ROUNDS = size(5, 3);
const DURABLE_WRITES = size(300, 30);
const CONCURRENT_WRITERS = 32;
const SCANS = size(20, 5);

function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`;
}

/**
 * Milliseconds per call of each operation: the operations take turns in
 * rounds of `ROUND_TRIPS / ROUNDS` sequential calls, and each gets the median
 * of its rounds, so a noisy neighbour on the machine skews all of them alike.
 */
async function interleaved(
  operations: Record<string, (i: number) => Promise<unknown>>,
): Promise<Record<string, number>> {
  const rounds: Record<string, number[]> = {};
  const perRound = Math.ceil(ROUND_TRIPS / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(operations)) {
      const ms = await perCall(perRound, (i) => fn(round * perRound + i));
      (rounds[name] ??= []).push(ms);
    }
  }
  return Object.fromEntries(
    Object.entries(rounds).map(([name, times]) => {
      const sorted = [...times].sort((a, b) => a - b);
      return [name, sorted[Math.floor(sorted.length / 2)] as number];
    }),
  );
}

/** Milliseconds per call of `fn(i)`, run `count` times one after the other. */
async function perCall(count: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(50, count); i++) await fn(i); // warm up
  const started = performance.now();
  for (let i = 0; i < count; i++) await fn(i);
  return (performance.now() - started) / count;
}

const itemSchema = new mongoose.Schema({
  code: { type: String, index: true },
  shadow: String,
  n: Number,
  group: Number,
});

async function fill(Item: mongoose.Model<mongoose.InferSchemaType<typeof itemSchema>>) {
  const docs = Array.from({ length: DOCS }, (_, i) => ({
    code: `c${i}`,
    shadow: `c${i}`,
    n: i,
    group: i % 100,
  }));
  const started = performance.now();
  for (let i = 0; i < docs.length; i += 1000)
    await Item.insertMany(docs.slice(i, i + 1000), { lean: true });
  return performance.now() - started;
}

/**
 * Engine throughput through mongoose, on whatever startDatabase picks
 * (MONGODB_URI, a local mongod, or the embedded engine): a 100,000-document
 * collection, then per-request latency of a `ping` round trip (the floor any
 * command pays), an indexed findOne, an indexed `$inc` and an insertOne, each
 * also as a ratio to the ping. Then the same writes with a data directory,
 * where each acknowledged write waits for its fsync, one at a time and
 * with 32 writers at once (which share fsyncs).
 */
export async function runEngineBench(): Promise<void> {
  const database = await startDatabase({
    uri: process.env.MONGODB_URI,
    logger: pino({ level: 'silent' }),
    dbName: 'forumkit_engine_bench',
  });
  const mode = database.mode;
  const log = (line: string) => console.log(`engine bench (${mode}): ${line}`);
  const connection = await mongoose.createConnection(database.uri).asPromise();
  try {
    await connection.dropDatabase();
    const Item = connection.model('BenchItem', itemSchema);
    await Item.init();
    const insertMs = await fill(Item);
    log(
      `insertMany ${DOCS.toLocaleString('en-US')} docs: ${rate(DOCS, insertMs)} (${Math.round(insertMs)} ms)`,
    );

    const admin = connection.db!.admin();
    const raw = Item.collection;
    let inserted = 0;
    const timings = await interleaved({
      ping: () => admin.ping(),
      'indexed findOne': (i) => Item.findOne({ code: `c${(i * 7919) % DOCS}` }).lean(),
      'indexed findOne, driver only': (i) => raw.findOne({ code: `c${(i * 7919) % DOCS}` }),
      'indexed updateOne $inc': (i) =>
        Item.updateOne({ code: `c${(i * 104729) % DOCS}` }, { $inc: { n: 1 } }),
      insertOne: () => raw.insertOne({ code: `new${inserted++}`, shadow: 'x', n: 0, group: 0 }),
    });
    const pingMs = timings.ping as number;
    log(`ping round trip (baseline): ${rate(1, pingMs)} (${pingMs.toFixed(3)} ms each)`);
    for (const [what, ms] of Object.entries(timings)) {
      if (what === 'ping') continue;
      log(
        `${what}: ${rate(1, ms)} (${ms.toFixed(3)} ms each, ${(ms / pingMs).toFixed(2)}x a ping)`,
      );
    }
    const indexedMs = timings['indexed findOne'] as number;

    const scanMs = await perCall(SCANS, (i) =>
      Item.findOne({ shadow: `c${DOCS - 1 - (i % 100)}` }).lean(),
    );
    log(`unindexed findOne (full scan): ${rate(1, scanMs)} (${scanMs.toFixed(2)} ms each)`);
    log(`indexed lookup is ${Math.round(scanMs / indexedMs)}x faster than a full scan`);
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    await database.stop();
  }
  if (mode === 'embedded') await runDurableWriteBench();
}

/** Writes with a data directory: every acknowledged write is on disk before its reply. */
async function runDurableWriteBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forumkit-engine-bench-'));
  const database = await startDatabase({
    dbPath: dir,
    logger: pino({ level: 'silent' }),
    dbName: 'forumkit_engine_bench',
  });
  const log = (line: string) => console.log(`engine bench (embedded, dbPath): ${line}`);
  const connection = await mongoose
    .createConnection(database.uri, { maxPoolSize: CONCURRENT_WRITERS })
    .asPromise();
  try {
    const Item = connection.model('BenchItem', itemSchema);
    await Item.init();
    await fill(Item);
    const indexedMs = await perCall(DURABLE_WRITES, (i) =>
      Item.findOne({ code: `c${(i * 7919) % DOCS}` }).lean(),
    );
    log(`indexed findOne: ${rate(1, indexedMs)} (${indexedMs.toFixed(3)} ms each)`);
    const updateMs = await perCall(DURABLE_WRITES, (i) =>
      Item.updateOne({ code: `c${(i * 104729) % DOCS}` }, { $inc: { n: 1 } }),
    );
    log(
      `indexed updateOne $inc, one at a time: ${rate(1, updateMs)} (${updateMs.toFixed(3)} ms each)`,
    );
    const insertMs = await perCall(DURABLE_WRITES, (i) =>
      Item.collection.insertOne({ code: `new${i}`, shadow: 'x', n: i, group: 0 }),
    );
    log(`insertOne, one at a time: ${rate(1, insertMs)} (${insertMs.toFixed(3)} ms each)`);

    const writes = DURABLE_WRITES * 4;
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENT_WRITERS }, async () => {
        while (next < writes) {
          const i = next++;
          await Item.updateOne({ code: `c${(i * 104729) % DOCS}` }, { $inc: { n: 1 } });
          await Item.collection.insertOne({ code: `scan${i}`, shadow: 'x', n: i, group: 0 });
        }
      }),
    );
    const elapsed = performance.now() - started;
    log(
      `updateOne $inc + insertOne, ${CONCURRENT_WRITERS} writers at once: ${rate(writes * 2, elapsed)} writes`,
    );
  } finally {
    await connection.close();
    await database.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runEngineBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
