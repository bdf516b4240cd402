import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

const attachmentSchema = new Schema(
  {
    filename: { type: String, required: true },
    contentType: { type: String, required: true },
    content: { type: Buffer, required: true },
    /** Bytes, kept beside the content so lists can show it without loading it. */
    size: { type: Number, required: true },
  },
  { _id: false },
);

/**
 * One e-mail, rendered at enqueue time so its content never changes afterwards.
 * Sending means inserting here; the worker moves it queued → sending → sent, or
 * back to queued with a later `nextAttemptAt`, or to failed after the last attempt.
 */
const outboxSchema = new Schema(
  {
    to: { type: String, required: true, lowercase: true, trim: true },
    template: { type: String, required: true },
    language: { type: String, required: true },
    subject: { type: String, required: true },
    html: { type: String, required: true },
    text: { type: String, required: true },
    attachments: { type: [attachmentSchema], default: [] },
    /** Callers' idempotency key: enqueueing the same key twice yields one message. */
    dedupeKey: { type: String },
    /** One-click unsubscribe address (List-Unsubscribe + List-Unsubscribe-Post). */
    listUnsubscribe: { type: String },

    status: { type: String, enum: OUTBOX_STATUSES, required: true, default: 'queued' },
    attempts: { type: Number, required: true, default: 0 },
    lastError: { type: String },
    /** When a queued message may be tried; null means as soon as a worker is free. */
    nextAttemptAt: { type: Date, default: null },
    /** Lease of the worker holding a `sending` message; once past, another worker may reclaim it. */
    lockedUntil: { type: Date, default: null },
    /** Proves which claim is marking the result, so a lost lease cannot overwrite a newer one. */
    claimToken: { type: String, default: null },
    sentAt: { type: Date },
    messageId: { type: String },
  },
  { timestamps: true, collection: 'outbox' },
);

// The worker's two claim paths: due queued messages, and expired leases.
outboxSchema.index({ status: 1, nextAttemptAt: 1 });
outboxSchema.index({ status: 1, lockedUntil: 1 });
// The admin list (newest first, optionally by status) and per-recipient look-ups.
outboxSchema.index({ status: 1, createdAt: -1 });
outboxSchema.index({ createdAt: -1 });
outboxSchema.index({ to: 1, createdAt: -1 });
outboxSchema.index(
  { dedupeKey: 1 },
  { unique: true, partialFilterExpression: { dedupeKey: { $type: 'string' } } },
);

export type OutboxDoc = InferSchemaType<typeof outboxSchema> & { _id: mongoose.Types.ObjectId };

export const OutboxMessage = mongoose.model('OutboxMessage', outboxSchema);
