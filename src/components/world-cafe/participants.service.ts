import { AppError } from '../../lib/errors';
import { findTable } from './tables.service';
import { WorldCafeTableModel } from './table.model';

/**
 * Sets how many people sat at a table in one round (the facilitator counts on the
 * phone). Setting the same count again changes nothing, so a replayed offline queue
 * is harmless; two phones sending different counts: the last one wins.
 */
export async function putParticipantCount(
  tableId: string,
  round: number,
  count: number,
): Promise<{ round: number; count: number }[]> {
  if (!Number.isInteger(round) || round < 1 || round > 10)
    throw new AppError('validation_failed', 'Invalid request path', 400, {
      errors: [{ path: 'round', message: 'must be a round from 1 to 10' }],
    });
  const table = await findTable(tableId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const set = await WorldCafeTableModel.updateOne(
      { _id: table._id, 'participantCounts.round': round },
      { $set: { 'participantCounts.$.count': count } },
    );
    if (set.matchedCount) break;
    const pushed = await WorldCafeTableModel.updateOne(
      { _id: table._id, 'participantCounts.round': { $ne: round } },
      { $push: { participantCounts: { round, count } } },
    );
    if (pushed.matchedCount) break;
  }
  const updated = await findTable(tableId);
  return updated.participantCounts
    .map(({ round: r, count: c }) => ({ round: r, count: c }))
    .sort((a, b) => a.round - b.round);
}
