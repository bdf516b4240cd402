import { Types } from 'mongoose';
import { AppError, conflict } from '../../lib/errors';
import { withTransaction } from '../../lib/transactions';
import { recordChange } from './changes.service';
import { backToReview } from './commands';
import { WorldCafePhotoModel } from './photo.model';
import { WorldCafeQuoteModel } from './quote.model';
import { WorldCafeSessionModel } from './session.model';
import { WorldCafeTableModel, type SummaryStatus, type TableDoc } from './table.model';
import { findTable } from './tables.service';
import { toObjectId } from './ids';
import {
  toSessionView,
  toTableView,
  type SessionView,
  type TableView,
} from './world-cafe.presenter';
import type { PutSummaryInput, SynthesisInput } from './world-cafe.schemas';

/**
 * The rapporteur's summary: draft → submitted → published. Rapporteurs (the table's
 * link) edit drafts and submit; an organiser publishes or sends back with a comment.
 * Each step is one conditional update on the current status, so a double click or two
 * processes cannot publish twice or skip a step.
 */

type SummaryUpdate = { $set: Record<string, unknown>; $unset?: Record<string, 1> };

/**
 * One step of the summary, as one transaction: the update, only while the summary is
 * in one of `from` (checked again by the update itself), and the wall's change record.
 * 409 `summary_state` naming the current status otherwise.
 */
async function moveSummary(
  tableId: string,
  from: SummaryStatus[],
  update: (table: TableDoc) => SummaryUpdate,
  now = new Date(),
): Promise<TableView> {
  const { _id } = await findTable(tableId);
  const updated = await withTransaction(async (session) => {
    const table = await WorldCafeTableModel.findOne(
      { _id, 'summary.status': { $in: from } },
      null,
      { session },
    ).lean();
    if (!table) return undefined;
    const doc = await WorldCafeTableModel.findOneAndUpdate(
      { _id, 'summary.status': table.summary.status },
      update(table),
      { new: true, session },
    ).lean();
    if (!doc) return undefined;
    await recordChange(session, doc, 'summary', { status: doc.summary.status }, now);
    return doc;
  });
  if (updated) return toTableView(updated);
  const current = await findTable(tableId);
  throw conflict(
    'summary_state',
    `The summary is ${current.summary.status}, not ${from.join(' or ')}`,
    { currentStatus: current.summary.status },
  );
}

/**
 * Saves the draft: text, chosen quotes (this table's, with consent only) and photos
 * (this table's). 400 `quote_not_consented` / `not_this_table` otherwise.
 */
export async function saveSummaryDraft(
  tableId: string,
  input: PutSummaryInput,
  now = new Date(),
): Promise<TableView> {
  const table = await findTable(tableId);
  const quoteIds = (input.quoteIds ?? []).map((id) => new Types.ObjectId(id));
  const photoIds = (input.photoIds ?? []).map((id) => new Types.ObjectId(id));
  const quotes = await WorldCafeQuoteModel.find({ _id: { $in: quoteIds } }).lean();
  if (quotes.length !== quoteIds.length || quotes.some((q) => !q.tableId?.equals(table._id))) {
    throw new AppError('not_this_table', 'Choose quotes captured at this table', 400);
  }
  if (quotes.some((q) => !q.consent)) {
    throw new AppError(
      'quote_not_consented',
      'Only quotes whose speaker agreed can be published',
      400,
    );
  }
  const photos = await WorldCafePhotoModel.countDocuments({
    _id: { $in: photoIds },
    tableId: table._id,
  });
  if (photos !== photoIds.length)
    throw new AppError('not_this_table', 'Choose photos of this table', 400);
  const content = {
    'summary.text': input.text,
    'summary.quoteIds': quoteIds,
    'summary.photoIds': photoIds,
  };
  // A published summary edited goes back to review; the public keeps the published one.
  return moveSummary(
    tableId,
    ['draft', 'published'],
    (current) => ({
      $set:
        current.summary.status === 'published'
          ? { ...content, ...backToReview(current, now) }
          : content,
    }),
    now,
  );
}

export async function submitSummary(tableId: string, now = new Date()): Promise<TableView> {
  const table = await findTable(tableId);
  if (!table.summary.text.trim())
    throw new AppError('summary_empty', 'Write the summary before submitting it', 400);
  return moveSummary(
    tableId,
    ['draft'],
    () => ({
      $set: { 'summary.status': 'submitted', 'summary.submittedAt': now },
      $unset: { 'summary.comment': 1 },
    }),
    now,
  );
}

/** The organiser's decision on a submitted summary. Sending back needs a comment. */
export async function reviewSummary(
  tableId: string,
  decision: 'publish' | 'send-back',
  comment: string | undefined,
  now = new Date(),
): Promise<TableView> {
  if (decision === 'publish') {
    // Publishing freezes what the public sees, outcomes included.
    return moveSummary(
      tableId,
      ['submitted'],
      (table) => ({
        $set: {
          'summary.status': 'published',
          'summary.publishedAt': now,
          'summary.published': {
            text: table.summary.text,
            outcomes: table.outcomes.items.map(({ id, text }) => ({ id, text })),
            quoteIds: table.summary.quoteIds,
            photoIds: table.summary.photoIds,
            publishedAt: now,
          },
        },
        $unset: { 'summary.changedAfterPublishing': 1 },
      }),
      now,
    );
  }
  if (!comment?.trim()) {
    throw new AppError('validation_failed', 'Invalid request body', 400, {
      errors: [{ path: 'comment', message: 'say what to change when sending a summary back' }],
    });
  }
  // Sent back: the rapporteur edits again; a version published before stays public.
  return moveSummary(
    tableId,
    ['submitted'],
    () => ({ $set: { 'summary.status': 'draft', 'summary.comment': comment } }),
    now,
  );
}

/** The organiser's synthesis across tables; `publish` makes the whole report public. */
export async function saveSynthesis(
  sessionId: string,
  input: SynthesisInput,
  now = new Date(),
): Promise<SessionView> {
  const set: Record<string, unknown> = {
    'synthesis.themes': input.themes,
    'synthesis.nextSteps': input.nextSteps,
    'synthesis.text': input.text ?? '',
  };
  if (input.publish) set['synthesis.publishedAt'] = now;
  const doc = await WorldCafeSessionModel.findByIdAndUpdate(
    toObjectId(sessionId, 'Session'),
    { $set: set },
    { new: true },
  ).lean();
  if (!doc) throw new AppError('not_found', 'Session not found', 404);
  return toSessionView(doc);
}
