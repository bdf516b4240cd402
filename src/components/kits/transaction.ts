import { AsyncLocalStorage } from 'node:async_hooks';
import mongoose from 'mongoose';

/*
 * Mongoose hands the transaction's session to every query run inside
 * `connection.transaction()` (AsyncLocalStorage), including queries in services of
 * other components (the QR registry's createQrCode), so a bulk creation that spans
 * both commits or vanishes as one. Outside a transaction nothing changes.
 */
mongoose.set('transactionAsyncLocalStorage', true);

const inside = new AsyncLocalStorage<true>();

/**
 * Runs `work` in one MongoDB transaction (a replica set or the embedded engine). Inside
 * another one it joins it, so a service that is atomic on its own (one hand-out) is
 * part of the caller's all-or-nothing (an import of many).
 */
export function inTransaction<T>(work: () => Promise<T>): Promise<T> {
  if (inside.getStore()) return work();
  return inside.run(true, () => mongoose.connection.transaction(work));
}
