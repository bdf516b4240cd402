import 'dotenv/config';
import mongoose from 'mongoose';
import { loadConfig } from '../config';
import { startDatabase } from '../lib/database';
import { createLogger } from '../lib/logger';
import { runMigrations } from '../lib/migrations';
import { MIGRATIONS } from '../migrations';

/**
 * `npm run migrate`: applies every migration not yet recorded in the database the
 * configuration names, then exits. The app does the same at start; this runs them
 * ahead of a deploy (or again after a failure) without starting the server.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await startDatabase({
    uri: config.database.uri,
    systemBinary: config.database.systemBinary,
    dbPath: config.database.dbPath,
    repair: config.database.repair,
    logger,
  });
  try {
    await mongoose.connect(database.uri, { serverSelectionTimeoutMS: 10_000 });
    await mongoose.syncIndexes();
    const ran = await runMigrations(
      mongoose.connection,
      MIGRATIONS,
      { publicBaseUrl: config.publicBaseUrl, logger },
      { logger },
    );
    logger.info(
      { ran },
      ran.length ? `applied ${ran.length} migration(s)` : 'no migration to apply',
    );
  } finally {
    await mongoose.disconnect();
    await database.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
