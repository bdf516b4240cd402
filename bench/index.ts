import mongoose from 'mongoose';
import { startDatabase } from '../src/lib/database';
import { createLogger } from '../src/lib/logger';
import { runCalendarBench } from './calendars.bench';
import { runEngineBench } from './engine.bench';
import { runMailBench } from './mail.bench';
import { runPrintBench } from './print.bench';
import { runQrBench } from './qr.bench';

/**
 * `npm run bench`: each bench times forumkit's path and a bare baseline doing the same
 * work in this same process, and prints the ratio — machines here are shared and noisy,
 * so absolute numbers say little on their own. `npm run bench -- engine print` runs a subset.
 */
const benches: Record<string, () => Promise<void>> = {
  engine: runEngineBench,
  calendars: runCalendarBench,
  print: runPrintBench,
  mail: runMailBench,
  qr: runQrBench,
};

async function main() {
  const wanted = process.argv.slice(2).filter((a) => a in benches);
  const names = wanted.length ? wanted : Object.keys(benches);
  const database = await startDatabase({
    uri: process.env.MONGODB_URI,
    dbName: `forumkit_bench_${process.pid}`,
    logger: createLogger('warn'),
  });
  await mongoose.connect(database.uri);
  try {
    for (const name of names) {
      console.log(`\n== ${name} ==`);
      await benches[name]!();
    }
  } finally {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await database.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
