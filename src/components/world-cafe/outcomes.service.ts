import { conflict } from '../../lib/errors';
import { withTransaction } from '../../lib/transactions';
import { recordChange } from './changes.service';
import { sendBackToReviewIfPublished } from './commands';
import { WorldCafeTableModel, type KeyOutcome } from './table.model';
import { findTable, newOutcomeId } from './tables.service';
import type { PutOutcomesInput } from './world-cafe.schemas';

export type Outcomes = { items: KeyOutcome[]; version: number };

/**
 * Replaces the table's ordered key outcomes if nobody changed them since
 * `baseVersion`; the version then goes up by one. Otherwise 409
 * `outcomes_conflict` carrying the current list, so the phone shows both and the
 * facilitator merges — an edit is never lost silently.
 *
 * One transaction: the conditional update, the wall's change record and — when the
 * table's outcomes are published — sending the table back to the organiser's review
 * (the public report keeps the published list until it is published again).
 */
export async function putOutcomes(
  tableId: string,
  input: PutOutcomesInput,
  now = new Date(),
): Promise<Outcomes> {
  const { _id } = await findTable(tableId);
  const items = input.items.map(({ id, text }) => ({ id: id ?? newOutcomeId(), text }));
  const outcomes = await withTransaction(async (session) => {
    const table = await WorldCafeTableModel.findOne(
      { _id, 'outcomes.version': input.baseVersion },
      null,
      { session },
    ).lean();
    if (!table) return undefined;
    await sendBackToReviewIfPublished(table, session, now);
    const updated = await WorldCafeTableModel.findOneAndUpdate(
      { _id, 'outcomes.version': input.baseVersion },
      {
        $set: { 'outcomes.items': items, 'outcomes.updatedAt': now },
        $inc: { 'outcomes.version': 1 },
      },
      { new: true, session },
    ).lean();
    if (!updated) return undefined;
    const stored = {
      items: updated.outcomes.items.map(({ id, text }) => ({ id, text })),
      version: updated.outcomes.version,
    };
    await recordChange(session, updated, 'outcomes', { outcomes: stored }, now);
    return stored;
  });
  if (outcomes) return outcomes;
  const current = await findTable(tableId);
  throw conflict('outcomes_conflict', 'The key outcomes were changed on another device', {
    current: {
      items: current.outcomes.items.map(({ id, text }) => ({ id, text })),
      version: current.outcomes.version,
    },
  });
}
