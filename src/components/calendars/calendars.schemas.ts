import { DateTime } from 'luxon';
import { z } from 'zod';
import { lineText, objectId, paginationQuery } from '../../lib/http/validate';
import { CALENDAR_SCOPES } from './calendar-sources';

/** '2025-05-06' or an ISO 8601 date-time with offset ('2025-05-06T10:00:00+03:00', '…Z'). */
const windowBoundary = z
  .string()
  .max(40)
  .refine(
    (value) =>
      /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(value) &&
      DateTime.fromISO(value, { setZone: true }).isValid,
    'must be an ISO 8601 date (YYYY-MM-DD) or date-time with offset',
  );

export const feedWindowQuery = z.strictObject({
  from: windowBoundary
    .optional()
    .describe(
      'First day (inclusive) or instant; default: an event’s whole programme, personal feeds 90 days ago',
    ),
  to: windowBoundary
    .optional()
    .describe(
      'Last day (inclusive) or end instant; default: an event’s whole programme, personal feeds in a year',
    ),
});
export type FeedWindowQuery = z.output<typeof feedWindowQuery>;

export const createSubscriptionBody = z.strictObject({
  scope: z.enum(CALENDAR_SCOPES),
  resourceId: objectId.describe('The event id (event-programme) or the user id (person)'),
  label: lineText(200).optional(),
});
export type CreateSubscriptionInput = z.output<typeof createSubscriptionBody>;

export const listSubscriptionsQuery = paginationQuery
  .extend({
    ownerUserId: objectId.optional().describe('Admins only: another person’s links'),
    includeRevoked: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
  })
  .strict();
export type ListSubscriptionsQuery = z.output<typeof listSubscriptionsQuery>;

export const subscriptionLinks = z.object({
  id: z.string(),
  https: z.string(),
  webcal: z.string(),
});

export const subscriptionView = z.object({
  id: z.string(),
  ownerUserId: z.string(),
  scope: z.enum(CALENDAR_SCOPES),
  resourceId: z.string(),
  label: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

/** The /calendars page form: a programme subscription or the personal feed. */
export const createSubscriptionForm = z.strictObject({
  _csrf: z.string().optional(),
  scope: z.enum(CALENDAR_SCOPES),
  resourceId: objectId.optional(),
  label: lineText(200, { min: 0 }).optional(),
});

export const revokeSubscriptionForm = z.strictObject({ _csrf: z.string().optional() });
