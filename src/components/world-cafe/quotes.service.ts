import type { Types } from 'mongoose';
import { recordChange } from './changes.service';
import { isDuplicateKey } from './duplicate';
import { WorldCafeQuoteModel } from './quote.model';
import { findTable } from './tables.service';
import { toQuoteView, type QuoteView } from './world-cafe.presenter';
import type { PutQuoteInput } from './world-cafe.schemas';
import type { Stored } from './notes.service';

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
  const find = () => WorldCafeQuoteModel.findOne({ sessionId: table.sessionId, clientId }).lean();
  const existing = await find();
  if (existing) return { value: toQuoteView(existing), created: false };
  try {
    const doc = await WorldCafeQuoteModel.create({
      sessionId: table.sessionId,
      tableId: table._id,
      clientId,
      round: input.round ?? 1,
      text: input.text,
      speaker: input.speaker ?? {},
      consent: input.consent,
      capturedAt: input.capturedAt ?? now,
    });
    const quote = toQuoteView(doc.toObject());
    if (quote.consent) await recordChange(table.sessionId, table._id, 'quote', { quote }, now);
    return { value: quote, created: true };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const stored = await find();
    if (!stored) throw err;
    return { value: toQuoteView(stored), created: false };
  }
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
