import mongoose from 'mongoose';
import { startDatabase, type RunningDatabase } from '../../src/lib/database';
import { createLogger } from '../../src/lib/logger';

/**
 * One database for the whole run: the server named by MONGODB_URI when set,
 * otherwise the embedded engine in memory. Tests reach it only through mongoose.
 */
let database: RunningDatabase | undefined;

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    database = await startDatabase({
      uri: process.env.MONGODB_URI,
      systemBinary: process.env.MONGOMS_SYSTEM_BINARY,
      dbName: `forumkit_test_${process.pid}`,
      logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    });
    await mongoose.connect(database.uri, { serverSelectionTimeoutMS: 10_000 });
  },
  async afterAll() {
    await mongoose.disconnect();
    await database?.stop();
  },
};

/** Empties every collection (indexes stay), for a clean slate per test. */
const beforeClearing: Array<() => Promise<void>> = [];

/** Work that must land before a clear (an app's buffered scans), not in the next test's database. */
export function flushBeforeClearing(flush: () => Promise<void>): void {
  beforeClearing.push(flush);
}

export async function clearDatabase(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  await Promise.all(beforeClearing.map((flush) => flush()));
  const collections = await db.collections();
  await Promise.all(collections.map((c) => c.deleteMany({})));
}
