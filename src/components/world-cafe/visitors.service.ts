import type { ClientSession } from 'mongoose';
import { AppError } from '../../lib/errors';
import { withTransaction } from '../../lib/transactions';
import { recordChange } from './changes.service';
import { isDuplicateKey } from './duplicate';
import { WorldCafeSubscriberModel } from './subscriber.model';
import { WorldCafeTableModel } from './table.model';
import { toObjectId } from './ids';
import { WorldCafeVoteModel } from './vote.model';

/**
 * A visitor's vote on a key outcome: one per outcome per visitor (their anonymous
 * cookie id; the unique index decides). Answers whether this call counted.
 */
export async function castVisitorVote(
  sessionId: string,
  outcomeId: string,
  visitorId: string,
  now = new Date(),
): Promise<{ counted: boolean; votes: number }> {
  const session = toObjectId(sessionId, 'Session');
  // A published outcome stays votable while a change to the table awaits review.
  const table = await WorldCafeTableModel.findOne(
    {
      sessionId: session,
      $or: [{ 'outcomes.items.id': outcomeId }, { 'summary.published.outcomes.id': outcomeId }],
    },
    { _id: 1 },
  ).lean();
  if (!table) throw new AppError('outcome_not_found', 'No such key outcome in this session', 404);
  const countVotes = (dbSession?: ClientSession) =>
    WorldCafeVoteModel.countDocuments(
      { tableId: table._id, target: 'outcome', targetId: outcomeId },
      { session: dbSession },
    );
  // The vote, its new count and the wall's change are one transaction.
  const vote = async (dbSession: ClientSession) => {
    await WorldCafeVoteModel.create(
      [
        {
          sessionId: session,
          tableId: table._id,
          target: 'outcome',
          targetId: outcomeId,
          voter: `visitor:${visitorId}`,
        },
      ],
      { session: dbSession },
    );
    const votes = await countVotes(dbSession);
    await recordChange(
      dbSession,
      { sessionId: session, _id: table._id },
      'vote',
      { outcomeId, votes },
      now,
    );
    return votes;
  };
  try {
    return { counted: true, votes: await withTransaction(vote) };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return { counted: false, votes: await countVotes() };
  }
}

/** Keeps an address, with consent, to send the published report to (idempotent). */
export async function subscribeToReport(
  sessionId: string,
  email: string,
  now = new Date(),
): Promise<void> {
  const session = toObjectId(sessionId, 'Session');
  try {
    await WorldCafeSubscriberModel.create({ sessionId: session, email, consentAt: now });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/** Addresses that consented to receive the report. */
export async function listSubscribers(sessionId: string): Promise<string[]> {
  const docs = await WorldCafeSubscriberModel.find(
    { sessionId: toObjectId(sessionId, 'Session') },
    { email: 1 },
  ).lean();
  return docs.map((d) => d.email);
}
