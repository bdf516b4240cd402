import type { Connection } from 'mongoose';
import type { Logger } from './logger';

/**
 * One-off data changes, numbered and recorded: each runs once per database, at
 * start (main.ts) or by `npm run migrate`. The runner knows nothing of the domain;
 * the migrations (src/migrations) do.
 *
 * Each applied migration is a document `{ _id: id, state, startedAt, appliedAt }` in
 * the `migrations` collection. The id is the document's `_id`, so the insert that
 * starts a migration is also its lock: of two processes starting together one
 * inserts, the other gets a duplicate key and waits for the first to finish.
 */
export type Migration<C> = {
  /** Sorts in the order to run: '0001-link-kit-codes'. */
  id: string;
  description: string;
  /** Must be idempotent: a process that dies half-way leaves it to be run again. */
  up(context: C): Promise<void>;
};

export type MigrationRecord = {
  _id: string;
  state: 'running' | 'applied';
  startedAt: Date;
  appliedAt?: Date;
};

export const MIGRATIONS_COLLECTION = 'migrations';

export type RunMigrationsOptions = {
  logger: Logger;
  /** How long to wait for another process's run of a migration (default 10 minutes). */
  waitMs?: number;
  /** Between looks at another process's run (default 250 ms). */
  pollMs?: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs, in id order, every migration not yet applied to this database; answers
 * the ids this process applied. With everything applied it reads one small
 * collection and nothing else, so a start does not grow with the data.
 */
export async function runMigrations<C>(
  connection: Connection,
  migrations: readonly Migration<C>[],
  context: C,
  options: RunMigrationsOptions,
): Promise<string[]> {
  assertWellFormed(migrations);
  const records = connection.collection<MigrationRecord>(MIGRATIONS_COLLECTION);
  const applied = new Set(
    (await records.find({ state: 'applied' }, { projection: { _id: 1 } }).toArray()).map(
      (r) => r._id,
    ),
  );
  const ran: string[] = [];
  for (const migration of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
    if (applied.has(migration.id)) continue;
    if (await runOne(connection, migration, context, options)) ran.push(migration.id);
  }
  return ran;
}

/** Runs one migration under its lock; false when another process ran (or runs) it. */
async function runOne<C>(
  connection: Connection,
  migration: Migration<C>,
  context: C,
  options: RunMigrationsOptions,
): Promise<boolean> {
  const records = connection.collection<MigrationRecord>(MIGRATIONS_COLLECTION);
  try {
    await records.insertOne({ _id: migration.id, state: 'running', startedAt: new Date() });
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    await waitForOther(connection, migration.id, options);
    return false;
  }
  options.logger.info({ migration: migration.id }, `migration: ${migration.description}`);
  try {
    await migration.up(context);
  } catch (err) {
    // The lock goes, so the next start (or `npm run migrate`) tries again.
    await records.deleteOne({ _id: migration.id, state: 'running' });
    throw err;
  }
  await records.updateOne(
    { _id: migration.id },
    { $set: { state: 'applied', appliedAt: new Date() } },
  );
  return true;
}

/** Waits until another process has applied `id`; fails when it gave up or takes too long. */
async function waitForOther(connection: Connection, id: string, options: RunMigrationsOptions) {
  const records = connection.collection<MigrationRecord>(MIGRATIONS_COLLECTION);
  const deadline = Date.now() + (options.waitMs ?? 10 * 60_000);
  for (;;) {
    const record = await records.findOne({ _id: id });
    if (record?.state === 'applied') return;
    if (!record) throw new Error(`migration ${id} failed in another process; start again`);
    if (Date.now() > deadline) {
      throw new Error(
        `migration ${id} has been running in another process since ${record.startedAt.toISOString()}; ` +
          `if that process is gone, delete { _id: '${id}' } from the ${MIGRATIONS_COLLECTION} collection and start again`,
      );
    }
    await sleep(options.pollMs ?? 250);
  }
}

function assertWellFormed(migrations: readonly Migration<unknown>[]): void {
  const ids = migrations.map((m) => m.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new Error(`two migrations are numbered ${duplicate}`);
  const malformed = ids.find((id) => !/^\d{4}-[a-z0-9-]+$/.test(id));
  if (malformed) throw new Error(`migration id ${malformed} is not like 0001-what-it-does`);
}
