import mongoose from 'mongoose';
import pino from 'pino';
import { startDatabase } from '../src/lib/database';

const DOCS = 100_000;
const LOOKUPS = 2_000;
const SCANS = 20;

function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`;
}

/**
 * Engine throughput through mongoose, on whatever startDatabase picks
 * (MONGODB_URI, a local mongod, or the embedded engine in memory):
 * inserts/s for 100,000 documents, indexed findOne/s, and how much faster an
 * indexed equality lookup is than the same lookup on an unindexed field.
 */
export async function runEngineBench(): Promise<void> {
  const database = await startDatabase({
    uri: process.env.MONGODB_URI,
    logger: pino({ level: 'silent' }),
    dbName: 'forumkit_engine_bench',
  });
  const connection = await mongoose.createConnection(database.uri).asPromise();
  try {
    await connection.dropDatabase();
    const Item = connection.model(
      'BenchItem',
      new mongoose.Schema({
        code: { type: String, index: true },
        shadow: String,
        n: Number,
        group: Number,
      }),
    );
    await Item.init();

    const docs = Array.from({ length: DOCS }, (_, i) => ({
      code: `c${i}`,
      shadow: `c${i}`,
      n: i,
      group: i % 100,
    }));
    let started = performance.now();
    for (let i = 0; i < docs.length; i += 1000)
      await Item.insertMany(docs.slice(i, i + 1000), { lean: true });
    const insertMs = performance.now() - started;
    console.log(
      `engine bench (${database.mode}): insertMany ${DOCS.toLocaleString('en-US')} docs: ${rate(DOCS, insertMs)} (${Math.round(insertMs)} ms)`,
    );

    started = performance.now();
    for (let i = 0; i < LOOKUPS; i++) await Item.findOne({ code: `c${(i * 7919) % DOCS}` }).lean();
    const indexedMs = (performance.now() - started) / LOOKUPS;
    console.log(
      `engine bench (${database.mode}): indexed findOne: ${rate(1, indexedMs)} (${indexedMs.toFixed(3)} ms each)`,
    );

    started = performance.now();
    for (let i = 0; i < SCANS; i++) await Item.findOne({ shadow: `c${DOCS - 1 - i}` }).lean();
    const scanMs = (performance.now() - started) / SCANS;
    console.log(
      `engine bench (${database.mode}): unindexed findOne (full scan): ${rate(1, scanMs)} (${scanMs.toFixed(2)} ms each)`,
    );
    console.log(
      `engine bench (${database.mode}): indexed lookup is ${Math.round(scanMs / indexedMs)}x faster than a full scan`,
    );
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    await database.stop();
  }
}

if (require.main === module) {
  runEngineBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
