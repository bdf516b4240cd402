import type { ClientSession, Types } from 'mongoose';
import { recordChange } from './changes.service';
import { WorldCafeQuoteModel } from './quote.model';
import { findTable } from './tables.service';
import { toQuoteView, type QuoteView } from './world-cafe.presenter';
import type { PutQuoteInput } from './world-cafe.schemas';
import { captureOnce, type Stored } from './commands';

/**
 * Stores a quote under the phone's `clientId`, idempotently (see putNote). Only a
 * quote with consent reaches the wall; the others stay with the table's team.
 */
export async function putQuote(
  tableId: string,
  clientId: string,
  input: PutQuoteInput,
  now = new Date(),
): Promise<Stored<QuoteView>> {
  const table = await findTable(tableId);
  return captureOnce({
    find: async (session?: ClientSession) => {
      const doc = await WorldCafeQuoteModel.findOne(
        { sessionId: table.sessionId, clientId },
        null,
        { session },
      ).lean();
      return doc ? toQuoteView(doc) : undefined;
    },
    store: async (session) => {
      const [doc] = await WorldCafeQuoteModel.create(
        [
          {
            sessionId: table.sessionId,
            tableId: table._id,
            clientId,
            round: input.round ?? 1,
            text: input.text,
            speaker: input.speaker ?? {},
            consent: input.consent,
            capturedAt: input.capturedAt ?? now,
          },
        ],
        { session },
      );
      const quote = toQuoteView(doc!.toObject());
      if (quote.consent) await recordChange(session, table, 'quote', { quote }, now);
      return quote;
    },
  });
}

/** A table's quotes (all of them: for the table's team and organisers only). */
export async function listQuotes(tableId: string): Promise<QuoteView[]> {
  const table = await findTable(tableId);
  const docs = await WorldCafeQuoteModel.find({ tableId: table._id })
    .sort({ capturedAt: 1 })
    .lean();
  return docs.map(toQuoteView);
}

/** Consented quotes of a session (with `tableId` absent for the session's own). */
export async function listConsentedQuotes(
  sessionId: Types.ObjectId | string,
): Promise<QuoteView[]> {
  const docs = await WorldCafeQuoteModel.find({ sessionId, consent: true })
    .sort({ capturedAt: 1, _id: 1 })
    .lean();
  return docs.map(toQuoteView);
}

/** Seeds: a quote the source publishes, with its attribution; idempotent by `clientId`. */
export async function upsertSessionQuote(input: {
  sessionId: string;
  clientId: string;
  text: string;
  attribution: string;
  city?: string;
  capturedAt: Date;
}): Promise<{ outcome: 'created' | 'updated' | 'unchanged' }> {
  const existing = await WorldCafeQuoteModel.findOne({
    sessionId: input.sessionId,
    clientId: input.clientId,
  });
  const fields = {
    text: input.text,
    speaker: { attribution: input.attribution, city: input.city },
    consent: true,
    capturedAt: input.capturedAt,
  };
  if (!existing) {
    await WorldCafeQuoteModel.create({
      ...fields,
      sessionId: input.sessionId,
      clientId: input.clientId,
    });
    return { outcome: 'created' };
  }
  // Nested objects always count as modified when set; compare the values instead.
  const same =
    existing.text === fields.text &&
    existing.speaker?.attribution === fields.speaker.attribution &&
    existing.speaker?.city === fields.speaker.city &&
    existing.consent &&
    existing.capturedAt.getTime() === fields.capturedAt.getTime();
  if (same) return { outcome: 'unchanged' };
  existing.set(fields);
  await existing.save();
  const outcome = 'updated' as const;
  return { outcome };
}
