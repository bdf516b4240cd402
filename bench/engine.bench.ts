import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MongoClient, type Document } from 'mongodb';
import mongoose from 'mongoose';
import pino from 'pino';
import { startDatabase } from '../src/lib/database';
import { size } from './sizes';
import { startEmbeddedMongo } from '../src/lib/embedded-mongo';
import { startBareWireServer } from './bare-wire-server';
import { runEngineThreadBench } from './engine-thread.bench';

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
  await runScanBench(database.mode);
  if (mode === 'embedded') {
    await runDurableWriteBench();
    await runRestartBench();
    await runEngineThreadBench();
  }
}

/**
 * `npm run bench -- engine --scans 1000000` for the full size; the default stays under a minute,
 * a quick run (CI) uses the smallest size.
 */
function scanDocCount(): number {
  const at = process.argv.indexOf('--scans');
  const n =
    at >= 0
      ? Number(process.argv[at + 1])
      : Number(process.env.ENGINE_BENCH_SCANS ?? size(100_000, 20_000));
  return Number.isInteger(n) && n >= 20_000 ? n : 100_000;
}

const SCANS_PER_DAY = 10_000;
const PAGE = 20;

/**
 * Scan-like documents (an asset, a time, a day label and a page label, both
 * indexed), on a fresh engine: a one-day range and a newest-20 sort with
 * limit on the indexed time, each against an indexed equality lookup that
 * returns the same documents (the day label, the page label), as ratios.
 */
export async function runScanBench(mode: string): Promise<void> {
  const docs = scanDocCount();
  const database = await startDatabase({
    uri: process.env.MONGODB_URI,
    logger: pino({ level: 'silent' }),
    dbName: 'forumkit_engine_scan_bench',
  });
  const log = (line: string) =>
    console.log(`engine bench (${mode}, ${docs.toLocaleString('en-US')} scans): ${line}`);
  const connection = await mongoose.createConnection(database.uri).asPromise();
  try {
    await connection.dropDatabase();
    const scans = connection.db!.collection('scans');
    await scans.createIndex({ at: 1 });
    await scans.createIndex({ day: 1 });
    await scans.createIndex({ page: 1 });
    const base = Date.UTC(2025, 4, 6);
    const step = 86_400_000 / SCANS_PER_DAY;
    // Each batch goes to the engine, then to the bare loopback server: the ratio is the figure to compare.
    const bare = await startBareWireServer();
    const bareClient = await MongoClient.connect(bare.uri);
    const bareScans = bareClient.db('bare').collection('scans');
    let fillMs = 0;
    let bareMs = 0;
    /** Per batch, the bare server's time over the engine's: their median is what a GC pause or a neighbour moves least. */
    const ratios: number[] = [];
    try {
      for (let i = 0; i < docs; i += 1000) {
        const batch = [];
        for (let j = i; j < Math.min(docs, i + 1000); j++) {
          batch.push({
            ...scanDoc(j, base),
            at: new Date(base + j * step),
            day: `d${Math.floor(j / SCANS_PER_DAY)}`,
            page: `p${Math.floor((docs - 1 - j) / PAGE)}`,
          });
        }
        let started = performance.now();
        await scans.insertMany(batch, { ordered: false });
        const engineBatchMs = performance.now() - started;
        started = performance.now();
        await bareScans.insertMany(batch, { ordered: false });
        const bareBatchMs = performance.now() - started;
        fillMs += engineBatchMs;
        bareMs += bareBatchMs;
        ratios.push(bareBatchMs / engineBatchMs);
      }
    } finally {
      await bareClient.close();
      await bare.stop();
    }
    ratios.sort((a, b) => a - b);
    log(
      `insertMany, batches of 1,000 (3 secondary indexes): ${rate(docs, fillMs)}, ` +
        `${(ratios[ratios.length >> 1] as number).toFixed(2)}x the rate of a bare loopback server ` +
        `taking the same batches in turns (median per batch; it parses each message and stores ` +
        `nothing: ${rate(docs, bareMs)})`,
    );

    const days = Math.floor(docs / SCANS_PER_DAY);
    const day = (i: number) => i % days;
    const dayStart = (i: number) => new Date(base + day(i) * 86_400_000);
    const timings = await interleavedRounds(
      {
        'equality, one day label (10,000 docs)': (i) => scans.find({ day: `d${day(i)}` }).toArray(),
        'range, one day on the time (10,000 docs)': (i) =>
          scans
            .find({
              at: { $gte: dayStart(i), $lt: new Date(dayStart(i).getTime() + 86_400_000) },
            })
            .toArray(),
        'equality, one page label (20 docs)': () => scans.find({ page: 'p0' }).toArray(),
        'sort at -1 + limit 20 (20 docs)': () =>
          scans.find({}).sort({ at: -1 }).limit(PAGE).toArray(),
        'countDocuments, one day range': (i) =>
          scans.countDocuments({
            at: { $gte: dayStart(i), $lt: new Date(dayStart(i).getTime() + 86_400_000) },
          }),
      },
      40,
    );
    const dayEq = timings['equality, one day label (10,000 docs)'] as number;
    const pageEq = timings['equality, one page label (20 docs)'] as number;
    for (const [what, ms] of Object.entries(timings)) {
      const baseline = what.includes('20 docs') ? pageEq : dayEq;
      log(`${what}: ${ms.toFixed(2)} ms, ${(ms / baseline).toFixed(2)}x the equality lookup`);
    }
    const groupStarted = performance.now();
    await scans
      .aggregate([
        {
          $match: { at: { $gte: dayStart(0), $lt: new Date(dayStart(0).getTime() + 86_400_000) } },
        },
        { $group: { _id: '$asset', n: { $sum: 1 } } },
      ])
      .toArray();
    const groupMs = performance.now() - groupStarted;
    log(
      `$match one day + $group per asset: ${groupMs.toFixed(1)} ms, ${(groupMs / dayEq).toFixed(2)}x the equality lookup`,
    );
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    await database.stop();
  }
}

/** Heap plus ArrayBuffer memory (stored documents are BSON buffers, outside the JS heap). */
function usedMemory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Full garbage collections until the figure settles (buffers are released a
 * turn after their owners are collected), so memory figures count live data only.
 */
async function settledMemory(): Promise<number> {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let last = Infinity;
  for (let i = 0; i < 10; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = usedMemory();
    if (Math.abs(now - last) < 256 * 1024) return now;
    last = now;
  }
  return last;
}

function scanDoc(j: number, base: number): Document {
  return {
    asset: `asset-${j % 500}`,
    kind: j % 3 === 0 ? 'check-in' : 'visit',
    at: new Date(base + j * 8640),
    code: `QR${j}`,
    by: `facilitator-${j % 37}`,
  };
}

/**
 * The embedded engine with a data directory: heap per 100,000 scan-like
 * documents (with and without three secondary indexes), and the restart time
 * beyond an empty start, per 100,000 documents and as a ratio to that start.
 */
export async function runRestartBench(): Promise<void> {
  // Each configuration in a fresh process, so no other bench's memory is in the figures.
  for (const config of ['plain', 'indexes']) {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', __filename, '--restart-child', config, '--scans', String(scanDocCount())],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (child.status !== 0) throw new Error(`restart bench (${config}) failed: ${child.status}`);
  }
}

/** CPU milliseconds (user + system) this process used since `since`. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

async function measureRestart(withIndexes: boolean): Promise<void> {
  const docs = scanDocCount();
  const log = (line: string) =>
    console.log(`engine bench (embedded, restart, ${docs.toLocaleString('en-US')} scans): ${line}`);
  {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forumkit-engine-restart-'));
    try {
      let started = performance.now();
      let cpu = process.cpuUsage();
      const empty = await startEmbeddedMongo({ dbPath: dir });
      const emptyMs = performance.now() - started;
      const emptyCpuMs = cpuMs(cpu);
      await empty.stop();
      const heapBefore = await settledMemory();
      const engine = await startEmbeddedMongo({ dbPath: dir });
      const client = await MongoClient.connect(engine.uri);
      const scans = client.db('forumkit_engine_restart_bench').collection('scans');
      if (withIndexes) {
        await scans.createIndex({ at: 1 });
        await scans.createIndex({ asset: 1, at: 1 });
        await scans.createIndex({ code: 1 });
      }
      const base = Date.UTC(2025, 4, 6);
      for (let i = 0; i < docs; i += 1000) {
        const batch: Document[] = [];
        for (let j = i; j < Math.min(docs, i + 1000); j++) batch.push(scanDoc(j, base));
        await scans.insertMany(batch, { ordered: false });
      }
      await client.close();
      const heapMb = ((await settledMemory()) - heapBefore) / 1e6;
      await engine.stop();
      started = performance.now();
      cpu = process.cpuUsage();
      const restarted = await startEmbeddedMongo({ dbPath: dir });
      const restartMs = performance.now() - started;
      const restartCpuMs = cpuMs(cpu);
      await restarted.stop();
      const per100k = (x: number) => ((x / docs) * 100_000).toFixed(1);
      const what = withIndexes ? '_id + 3 secondary indexes' : '_id index only';
      log(`${what}: memory (heap + buffers) ${per100k(heapMb)} MB per 100,000 documents`);
      log(
        `${what}: restart ${Math.round(restartMs)} ms, empty start ${emptyMs.toFixed(1)} ms: ` +
          `${per100k(restartMs - emptyMs)} ms per 100,000 documents beyond an empty start ` +
          `(${(restartMs / emptyMs).toFixed(0)}x the empty start); CPU time ${per100k(restartCpuMs - emptyCpuMs)} ms ` +
          `per 100,000 documents (the figure a busy machine changes least)`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** Like `interleaved`, with `perRound` calls of each operation per round. */
async function interleavedRounds(
  operations: Record<string, (i: number) => Promise<unknown>>,
  calls: number,
): Promise<Record<string, number>> {
  const rounds: Record<string, number[]> = {};
  const perRound = Math.max(1, Math.ceil(calls / ROUNDS));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(operations)) {
      const started = performance.now();
      for (let i = 0; i < perRound; i++) await fn(round * perRound + i);
      (rounds[name] ??= []).push((performance.now() - started) / perRound);
    }
  }
  return Object.fromEntries(
    Object.entries(rounds).map(([name, times]) => {
      const sorted = [...times].sort((a, b) => a - b);
      return [name, sorted[Math.floor(sorted.length / 2)] as number];
    }),
  );
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
  const restartChild = process.argv.indexOf('--restart-child');
  (restartChild >= 0
    ? measureRestart(process.argv[restartChild + 1] === 'indexes')
    : runEngineBench()
  ).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
