import { conflict } from '../../lib/errors';
import { recordChange } from './changes.service';
import { WorldCafeTableModel, type KeyOutcome } from './table.model';
import { findTable, newOutcomeId } from './tables.service';
import type { PutOutcomesInput } from './world-cafe.schemas';

export type Outcomes = { items: KeyOutcome[]; version: number };

/**
 * Replaces the table's ordered key outcomes if nobody changed them since
 * `baseVersion`; the version then goes up by one. Otherwise 409
 * `outcomes_conflict` carrying the current list, so the phone shows both and the
 * facilitator merges — an edit is never lost silently. The check and the write are
 * one atomic update, so two processes cannot both win.
 */
export async function putOutcomes(
  tableId: string,
  input: PutOutcomesInput,
  now = new Date(),
): Promise<Outcomes> {
  const table = await findTable(tableId);
  const items = input.items.map(({ id, text }) => ({ id: id ?? newOutcomeId(), text }));
  const updated = await WorldCafeTableModel.findOneAndUpdate(
    { _id: table._id, 'outcomes.version': input.baseVersion },
    {
      $set: { 'outcomes.items': items, 'outcomes.updatedAt': now },
      $inc: { 'outcomes.version': 1 },
    },
    { new: true },
  ).lean();
  if (!updated) {
    const current = await findTable(tableId);
    throw conflict('outcomes_conflict', 'The key outcomes were changed on another device', {
      current: {
        items: current.outcomes.items.map(({ id, text }) => ({ id, text })),
        version: current.outcomes.version,
      },
    });
  }
  const outcomes = {
    items: updated.outcomes.items.map(({ id, text }) => ({ id, text })),
    version: updated.outcomes.version,
  };
  await recordChange(table.sessionId, table._id, 'outcomes', { outcomes }, now);
  return outcomes;
}
