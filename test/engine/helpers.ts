import mongoose from 'mongoose';
import pino from 'pino';
import { startDatabase, type RunningDatabase } from '../../src/lib/database';

/** True when the suite runs against a real MongoDB (MONGODB_URI) instead of the embedded engine. */
export const usingRealMongo = Boolean(process.env.MONGODB_URI);

export const silentLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export type TestDatabase = {
  database: RunningDatabase;
  connection: mongoose.Connection;
  stop(): Promise<void>;
};

/**
 * A database of its own for one test file, reached only through mongoose
 * (and the driver underneath): MONGODB_URI when set, else a fresh embedded
 * engine in memory. The database is dropped first so reruns start clean.
 */
export async function openTestDatabase(dbName: string): Promise<TestDatabase> {
  const database = await startDatabase({
    uri: process.env.MONGODB_URI,
    logger: silentLogger,
    dbName,
  });
  const connection = await mongoose
    .createConnection(database.uri, { serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  await connection.dropDatabase();
  return {
    database,
    connection,
    async stop() {
      await connection.close();
      await database.stop();
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Host and port of a mongodb:// URI (first host). */
export function hostPort(uri: string): { host: string; port: number } {
  const match = /^mongodb:\/\/(?:[^@/]+@)?([^:/,]+)(?::(\d+))?/.exec(uri);
  if (!match) throw new Error(`cannot parse ${uri}`);
  return { host: match[1] as string, port: Number(match[2] ?? 27017) };
}
