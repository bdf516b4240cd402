import mongoose from 'mongoose';

/** Work that must land before a clear (an app's buffered scans), not in the next test's database. */
const beforeClearing = new Set<() => Promise<void>>();

/** Registers work to finish before each clear; returns the function that unregisters it. */
export function flushBeforeClearing(flush: () => Promise<void>): () => void {
  beforeClearing.add(flush);
  return () => beforeClearing.delete(flush);
}

/** Empties every collection (indexes stay), for a clean slate per test. */
export async function clearDatabase(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  await Promise.all([...beforeClearing].map((flush) => flush()));
  const collections = await db.collections();
  await Promise.all(collections.map((c) => c.deleteMany({})));
}
