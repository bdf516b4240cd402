import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { ClientSession } from 'mongoose';
import { AppError, conflict, notFound } from '../../lib/errors';
import { toFieldProblems, type Page } from '../../lib/http/validate';
import type { MailAttachment } from '../../lib/mailer';
import { enqueueMailInput, type EnqueueMailInput, type OutboxListQuery } from './mail.schemas';
import { createMailRenderer, MailTemplateError, type MailRenderer } from './mail-templates';
import { OutboxMessage, type OutboxStatus } from './outbox.model';
import { presentOutboxMessage, type OutboxMessageView } from './outbox.presenter';

/** Attachments travel inside the outbox document, which MongoDB caps at 16 MB. */
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  // Calendar clients treat a REQUEST as an invitation they can accept.
  '.ics': 'text/calendar; method=REQUEST; charset=utf-8',
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
};

const LIST_FIELDS = '-html -text -attachments.content -claimToken';

let defaultRenderer: MailRenderer | undefined;

/**
 * Renders `template` now and stores the message in the outbox; a worker delivers it.
 * Content is fixed at this point, so later changes to data or templates do not alter
 * a queued message. With `dedupeKey`, enqueueing again returns the first message.
 * Throws AppError 400 `validation_failed` for bad input and 500 for a missing template.
 * With `session` the message is part of the caller's transaction (a transactional
 * outbox): it is stored only if what it tells about commits too.
 */
export async function enqueueMail(
  input: EnqueueMailInput,
  options: { renderer?: MailRenderer; session?: ClientSession } = {},
): Promise<{ id: string }> {
  const { session } = options;
  // Only a given session is named: without one, a transaction the caller runs still applies.
  const inSession = session ? { session } : {};
  const parsed = enqueueMailInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError('validation_failed', 'Invalid e-mail message', 400, {
      errors: toFieldProblems(parsed.error),
    });
  }
  const { to, template, data, language, attachments, dedupeKey, listUnsubscribe } = parsed.data;
  if (dedupeKey) {
    const existing = await OutboxMessage.findOne({ dedupeKey }, { _id: 1 }, inSession).lean();
    if (existing) return { id: existing._id.toString() };
  }

  const render = options.renderer ?? (defaultRenderer ??= createMailRenderer());
  let rendered;
  try {
    rendered = render(template, data, language);
  } catch (err) {
    if (err instanceof MailTemplateError)
      throw new AppError('mail_template_error', err.message, 500);
    throw err;
  }
  const stored = attachments.map(toStoredAttachment);
  const totalBytes = stored.reduce((sum, a) => sum + a.size, 0);
  if (totalBytes > MAX_ATTACHMENT_BYTES) {
    throw new AppError(
      'attachments_too_large',
      `Attachments exceed ${MAX_ATTACHMENT_BYTES} bytes`,
      413,
    );
  }

  try {
    const [created] = await OutboxMessage.create(
      [
        {
          to,
          template,
          language: rendered.language,
          subject: rendered.subject,
          html: rendered.html,
          text: rendered.text,
          attachments: stored,
          dedupeKey,
          listUnsubscribe,
        },
      ],
      inSession,
    );
    return { id: created!._id.toString() };
  } catch (err) {
    // Two callers raced with the same key: the unique index let one in; return it.
    // (Inside a transaction the error has aborted it: the caller's retry reads the winner.)
    if (dedupeKey && !session && (err as { code?: unknown }).code === 11000) {
      const winner = await OutboxMessage.findOne({ dedupeKey }, { _id: 1 }).lean();
      if (winner) return { id: winner._id.toString() };
    }
    throw err;
  }
}

function toStoredAttachment(a: {
  filename: string;
  content: Uint8Array | string;
  contentType?: string;
}) {
  const content =
    typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : Buffer.from(a.content);
  const contentType =
    a.contentType ??
    CONTENT_TYPES[path.extname(a.filename).toLowerCase()] ??
    'application/octet-stream';
  return { filename: a.filename, contentType, content, size: content.length };
}

/**
 * Deletes every message to `email` (sent or not): for a person's erasure request, as
 * messages keep their address and the names in their text. Returns how many went.
 */
export async function eraseMailTo(email: string): Promise<number> {
  const result = await OutboxMessage.deleteMany({ to: email.trim().toLowerCase() });
  return result.deletedCount;
}

/** Outbox messages, newest first, optionally by status or recipient. */
export async function listOutbox(query: OutboxListQuery): Promise<Page<OutboxMessageView>> {
  const filter: Record<string, unknown> = {};
  if (query.status) filter.status = query.status;
  if (query.to) filter.to = query.to.trim().toLowerCase();
  const [docs, total] = await Promise.all([
    OutboxMessage.find(filter)
      .select(LIST_FIELDS)
      .sort({ createdAt: -1, _id: -1 })
      .skip((query.page - 1) * query.limit)
      .limit(query.limit)
      .lean(),
    OutboxMessage.countDocuments(filter),
  ]);
  return { items: docs.map(presentOutboxMessage), page: query.page, limit: query.limit, total };
}

/** Messages with their rendered bodies, oldest first: for tests and support look-ups. */
export async function findOutboxMessages(filter: {
  to?: string;
  template?: string;
  status?: OutboxStatus;
}): Promise<(OutboxMessageView & { html: string; text: string })[]> {
  const query: Record<string, unknown> = {};
  if (filter.to) query.to = filter.to.trim().toLowerCase();
  if (filter.template) query.template = filter.template;
  if (filter.status) query.status = filter.status;
  const docs = await OutboxMessage.find(query)
    .select('-attachments.content')
    .sort({ _id: 1 })
    .lean();
  return docs.map((doc) => ({ ...presentOutboxMessage(doc), html: doc.html, text: doc.text }));
}

/**
 * Puts a failed, cancelled or waiting message back in the queue for an attempt as
 * soon as possible, with a fresh set of attempts. 409 when it is sent or in flight.
 */
export async function retryMessage(id: string): Promise<OutboxMessageView> {
  const doc = await OutboxMessage.findOneAndUpdate(
    { _id: id, status: { $in: ['queued', 'failed', 'cancelled'] } },
    { $set: { status: 'queued', attempts: 0, nextAttemptAt: null } },
    { new: true },
  )
    .select(LIST_FIELDS)
    .lean();
  if (doc) return presentOutboxMessage(doc);
  throw await whyNot(id, 'retried');
}

/** Stops a queued or failed message from being sent. Cancelling twice is harmless. */
export async function cancelMessage(id: string): Promise<OutboxMessageView> {
  const doc = await OutboxMessage.findOneAndUpdate(
    { _id: id, status: { $in: ['queued', 'failed', 'cancelled'] } },
    { $set: { status: 'cancelled', nextAttemptAt: null } },
    { new: true },
  )
    .select(LIST_FIELDS)
    .lean();
  if (doc) return presentOutboxMessage(doc);
  throw await whyNot(id, 'cancelled');
}

async function whyNot(id: string, action: string): Promise<AppError> {
  const current = await OutboxMessage.findById(id, { status: 1 }).lean();
  if (!current) return notFound('Outbox message');
  return conflict(
    `outbox_message_${current.status}`,
    `The message is ${current.status} and cannot be ${action}`,
    { messageStatus: current.status },
  );
}

// ——— the worker's side: claim, then record the outcome under the same claim ———

export type ClaimedMessage = {
  id: string;
  claimToken: string;
  attempts: number;
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: MailAttachment[];
  listUnsubscribe?: string;
};

/**
 * Atomically takes the next due message: a queued one whose time has come, or one
 * whose previous holder's lease ran out (that worker died mid-delivery). The claim
 * counts as an attempt, so a message that keeps crashing workers still runs out.
 */
export async function claimNextMessage(now: Date, leaseMs: number): Promise<ClaimedMessage | null> {
  const claimToken = randomUUID();
  const doc = await OutboxMessage.findOneAndUpdate(
    {
      $or: [
        { status: 'queued', nextAttemptAt: null },
        { status: 'queued', nextAttemptAt: { $lte: now } },
        { status: 'sending', lockedUntil: { $lte: now } },
      ],
    },
    {
      $set: { status: 'sending', lockedUntil: new Date(now.getTime() + leaseMs), claimToken },
      $inc: { attempts: 1 },
    },
    { sort: { nextAttemptAt: 1, _id: 1 }, new: true },
  );
  if (!doc) return null;
  return {
    id: doc._id.toString(),
    claimToken,
    attempts: doc.attempts,
    to: doc.to,
    subject: doc.subject,
    html: doc.html,
    text: doc.text,
    attachments: doc.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
    listUnsubscribe: doc.listUnsubscribe ?? undefined,
  };
}

/** Records delivery, only if this claim still holds the message. */
export async function markSent(
  claim: Pick<ClaimedMessage, 'id' | 'claimToken'>,
  now: Date,
  messageId: string,
): Promise<boolean> {
  const result = await OutboxMessage.updateOne(
    { _id: claim.id, status: 'sending', claimToken: claim.claimToken },
    {
      // lastError stays: "sent on attempt 3 after ECONNREFUSED" is worth seeing.
      $set: { status: 'sent', sentAt: now, messageId, lockedUntil: null, claimToken: null },
    },
  );
  return result.modifiedCount === 1;
}

/** Records a failed attempt: back to the queue until `retryAt`, or failed for good when null. */
export async function markAttemptFailed(
  claim: Pick<ClaimedMessage, 'id' | 'claimToken'>,
  error: string,
  retryAt: Date | null,
): Promise<boolean> {
  const result = await OutboxMessage.updateOne(
    { _id: claim.id, status: 'sending', claimToken: claim.claimToken },
    {
      $set: {
        status: retryAt ? 'queued' : 'failed',
        nextAttemptAt: retryAt,
        lastError: error.slice(0, 1000),
        lockedUntil: null,
        claimToken: null,
      },
    },
  );
  return result.modifiedCount === 1;
}
