import { z } from 'zod';
import { paginationQuery } from '../../lib/http/validate';
import { OUTBOX_STATUSES } from './outbox.model';

/** What other components hand to `enqueueMail`; checked here because it may carry user input. */
export const enqueueMailInput = z.strictObject({
  to: z.email().max(254),
  template: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a template folder name'),
  data: z.record(z.string(), z.unknown()).default({}),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or lt')
    .optional(),
  attachments: z
    .array(
      z.strictObject({
        filename: z
          .string()
          .min(1)
          .max(200)
          .regex(/^[^/\\\r\n]+$/, 'must be a plain file name'),
        content: z.union([
          z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'must be bytes'),
          z.string(),
        ]),
        contentType: z.string().max(200).optional(),
      }),
    )
    .max(10)
    .default([]),
  dedupeKey: z.string().min(1).max(200).optional(),
  /** An https address that unsubscribes with one POST (RFC 8058); adds the List-Unsubscribe headers. */
  listUnsubscribe: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
});

export type EnqueueMailInput = z.input<typeof enqueueMailInput>;

export const outboxListQuery = paginationQuery
  .extend({
    status: z.enum(OUTBOX_STATUSES).optional(),
    to: z.string().max(254).optional(),
  })
  .strict();

export type OutboxListQuery = z.output<typeof outboxListQuery>;

export const outboxMessageView = z.object({
  id: z.string(),
  to: z.string(),
  template: z.string(),
  language: z.string(),
  subject: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
  sentAt: z.iso.datetime().nullable(),
  messageId: z.string().nullable(),
  attachments: z.array(
    z.object({ filename: z.string(), contentType: z.string(), size: z.number().int() }),
  ),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const outboxPageView = z.object({
  items: z.array(outboxMessageView),
  page: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
});
