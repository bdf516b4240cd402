import 'dotenv/config';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config';
import { startDatabase } from '../src/lib/database';
import { createLogger } from '../src/lib/logger';
import { seedDatabase } from './index';

/** `npm run seed`: the same database main.ts would use, seeded idempotently. */
async function run() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await startDatabase({
    uri: config.database.uri,
    systemBinary: config.database.systemBinary,
    dbPath: config.database.dbPath,
    logger,
  });
  try {
    await mongoose.connect(database.uri, { serverSelectionTimeoutMS: 10_000 });
    await mongoose.syncIndexes();
    const summary = await seedDatabase(logger);
    console.table(summary);
  } finally {
    await mongoose.disconnect();
    await database.stop();
  }
}

run().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
