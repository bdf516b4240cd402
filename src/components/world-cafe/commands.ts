import type { ClientSession } from 'mongoose';
import { withTransaction } from '../../lib/transactions';
import { isDuplicateKey } from './duplicate';
import { WorldCafeTableModel, type PublishedSnapshot, type TableDoc } from './table.model';

/** A captured thing and whether this call stored it (201) or found it stored (200). */
export type Stored<T> = { value: T; created: boolean };

/**
 * Stores a captured thing once per phone `clientId`, with its live-wall change, as one
 * command: `find` and `store` run in one transaction, so either the thing and its
 * change are both stored or neither is, and the phone's retry stores both. A second
 * request that raced in with the same clientId loses on the unique index and answers
 * the winner's copy.
 */
export async function captureOnce<T>(steps: {
  find: (session?: ClientSession) => Promise<T | undefined>;
  store: (session: ClientSession) => Promise<T>;
}): Promise<Stored<T>> {
  try {
    return await withTransaction(async (session) => {
      const stored = await steps.find(session);
      if (stored !== undefined) return { value: stored, created: false };
      return { value: await steps.store(session), created: true };
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const winner = await steps.find();
    if (winner === undefined) throw err;
    return { value: winner, created: false };
  }
}

/** The table's public version: the frozen one, else (first change after publishing) its content now. */
export function publishedSnapshotOf(table: TableDoc): PublishedSnapshot {
  return (
    table.summary.published ?? {
      text: table.summary.text,
      outcomes: table.outcomes.items.map(({ id, text }) => ({ id, text })),
      quoteIds: table.summary.quoteIds,
      photoIds: table.summary.photoIds,
      publishedAt: table.summary.publishedAt ?? table.updatedAt,
    }
  );
}

/**
 * The fields that send a published table back to the organiser's review: `submitted`,
 * marked as changed after publishing, with its public version frozen so the public
 * report keeps it until the organiser publishes again.
 */
export function backToReview(table: TableDoc, now: Date): Record<string, unknown> {
  return {
    'summary.status': 'submitted',
    'summary.changedAfterPublishing': true,
    'summary.submittedAt': now,
    'summary.published': publishedSnapshotOf(table),
  };
}

/** Inside a change to a table's outcomes: a published table goes back to review first. */
export async function sendBackToReviewIfPublished(
  table: TableDoc,
  session: ClientSession,
  now: Date,
): Promise<boolean> {
  if (table.summary.status !== 'published') return false;
  await WorldCafeTableModel.updateOne(
    { _id: table._id },
    { $set: backToReview(table, now) },
    { session },
  );
  return true;
}
