import { Types } from 'mongoose';
import { AppError, conflict } from '../../lib/errors';
import { recordChange } from './changes.service';
import { WorldCafePhotoModel } from './photo.model';
import { WorldCafeQuoteModel } from './quote.model';
import { WorldCafeSessionModel } from './session.model';
import { WorldCafeTableModel, type SummaryStatus } from './table.model';
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

async function moveSummary(
  tableId: string,
  from: SummaryStatus,
  set: Record<string, unknown>,
  unset: Record<string, 1> = {},
): Promise<TableView> {
  const table = await findTable(tableId);
  const updated = await WorldCafeTableModel.findOneAndUpdate(
    { _id: table._id, 'summary.status': from },
    { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
    { new: true },
  ).lean();
  if (!updated) {
    throw conflict('summary_state', `The summary is ${table.summary.status}, not ${from}`, {
      currentStatus: table.summary.status,
    });
  }
  await recordChange(updated.sessionId, updated._id, 'summary', { status: updated.summary.status });
  return toTableView(updated);
}

/**
 * Saves the draft: text, chosen quotes (this table's, with consent only) and photos
 * (this table's). 400 `quote_not_consented` / `not_this_table` otherwise.
 */
export async function saveSummaryDraft(
  tableId: string,
  input: PutSummaryInput,
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
  return moveSummary(tableId, 'draft', {
    'summary.text': input.text,
    'summary.quoteIds': quoteIds,
    'summary.photoIds': photoIds,
  });
}

export async function submitSummary(tableId: string, now = new Date()): Promise<TableView> {
  const table = await findTable(tableId);
  if (!table.summary.text.trim())
    throw new AppError('summary_empty', 'Write the summary before submitting it', 400);
  return moveSummary(
    tableId,
    'draft',
    { 'summary.status': 'submitted', 'summary.submittedAt': now },
    { 'summary.comment': 1 },
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
    return moveSummary(tableId, 'submitted', {
      'summary.status': 'published',
      'summary.publishedAt': now,
    });
  }
  if (!comment?.trim()) {
    throw new AppError('validation_failed', 'Invalid request body', 400, {
      errors: [{ path: 'comment', message: 'say what to change when sending a summary back' }],
    });
  }
  return moveSummary(tableId, 'submitted', {
    'summary.status': 'draft',
    'summary.comment': comment,
  });
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
