import mongoose from 'mongoose';

/*
 * Mongoose hands the transaction's session to every query run inside
 * `connection.transaction()` (AsyncLocalStorage), including queries in services of
 * other components (the QR registry's createQrCode), so a bulk creation that spans
 * both commits or vanishes as one. Outside a transaction nothing changes.
 */
mongoose.set('transactionAsyncLocalStorage', true);

/** Runs `work` in one MongoDB transaction (a replica set or the embedded engine). */
export function inTransaction<T>(work: () => Promise<T>): Promise<T> {
  return mongoose.connection.transaction(work);
}
