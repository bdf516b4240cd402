import { AsyncLocalStorage } from 'node:async_hooks';
import mongoose, { type ClientSession, type Connection } from 'mongoose';

/**
 * Writes that belong together commit together: `withTransaction(work)` runs `work` in
 * one MongoDB transaction (a replica set, or the embedded engine) and hands it the
 * transaction's session. Code that names the session (`{ session }`) is explicit about
 * it; code of other components that does not (a QR code created while kits are made)
 * still joins, because mongoose hands the session of a running transaction to every
 * query in its async context once `useTransactionContext()` ran — `startDatabase` does
 * that before anything connects, never an import.
 *
 * Inside another transaction, `work` joins it (same session): a command that is atomic
 * on its own (one hand-out) is then part of its caller's all-or-nothing (an import).
 * `work` may run more than once: the driver retries it on a transient transaction
 * error, so it must not have effects outside the database.
 */

const running = new AsyncLocalStorage<ClientSession>();

export type TransactionWork<T> = (session: ClientSession) => Promise<T>;

export async function withTransaction<T>(
  work: TransactionWork<T>,
  connection: Connection = mongoose.connection,
): Promise<T> {
  const outer = running.getStore();
  if (outer?.inTransaction()) return work(outer);
  return connection.transaction((session) => running.run(session, () => work(session)));
}

/** The session of the transaction this code runs in, if any. */
export function currentTransaction(): ClientSession | undefined {
  const session = running.getStore();
  return session?.inTransaction() ? session : undefined;
}

/**
 * Lets queries that do not name a session join the running transaction (mongoose's
 * `transactionAsyncLocalStorage`). A process-wide mongoose setting, so it is made
 * where the database is set up, once, and not when a module loads.
 */
export function useTransactionContext(): void {
  mongoose.set('transactionAsyncLocalStorage', true);
}
