import type { OutboxStatus } from './outbox.model';

/** The fields a presenter reads; list queries leave bodies and attachment bytes out. */
type OutboxFields = {
  _id: { toString(): string };
  to: string;
  template: string;
  language: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  lastError?: string | null;
  nextAttemptAt?: Date | null;
  sentAt?: Date | null;
  messageId?: string | null;
  attachments: { filename: string; contentType: string; size: number }[];
  createdAt: Date;
  updatedAt: Date;
};

/** An outbox message as the API shows it: `id`, dates, no bodies, no lease internals. */
export type OutboxMessageView = {
  id: string;
  to: string;
  template: string;
  language: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  messageId: string | null;
  attachments: { filename: string; contentType: string; size: number }[];
  createdAt: Date;
  updatedAt: Date;
};

export function presentOutboxMessage(doc: OutboxFields): OutboxMessageView {
  return {
    id: doc._id.toString(),
    to: doc.to,
    template: doc.template,
    language: doc.language,
    subject: doc.subject,
    status: doc.status,
    attempts: doc.attempts,
    lastError: doc.lastError ?? null,
    nextAttemptAt: doc.nextAttemptAt ?? null,
    sentAt: doc.sentAt ?? null,
    messageId: doc.messageId ?? null,
    attachments: doc.attachments.map(({ filename, contentType, size }) => ({
      filename,
      contentType,
      size,
    })),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}
