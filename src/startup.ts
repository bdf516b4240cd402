import mongoose from 'mongoose';
import { ensureFirstAdmin } from './components/auth';
import type { Config } from './config';
import type { Logger } from './lib/logger';
import { runMigrations } from './lib/migrations';
import { MIGRATIONS } from './migrations';
import { seedIfEmpty } from '../seeds';

/**
 * The data work of a start, on the connected default connection: indexes, the
 * migrations not yet applied, the demo data on an empty database (when configured)
 * and the first admin. Its cost must not grow with the data: with every migration
 * recorded it reads the migrations collection, the users, and the indexes' list.
 */
export async function prepareDatabase(config: Config, logger: Logger): Promise<void> {
  await mongoose.syncIndexes();
  // Migrations after the indexes, so their writes meet the same unique constraints as
  // the app's; before seeding, so an empty database records them as applied and the
  // seeds (written in today's shape) are never "migrated".
  await runMigrations(
    mongoose.connection,
    MIGRATIONS,
    { publicBaseUrl: config.publicBaseUrl, logger },
    { logger },
  );
  if (config.seedOnEmpty) await seedIfEmpty(logger);
  await ensureFirstAdmin(config, logger);
}
