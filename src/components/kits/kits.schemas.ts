import { z } from 'zod';
import { objectId, paginationQuery } from '../../lib/http/validate';
import { BATCH_LOCATIONS } from './batch.model';
import { COUNT_QUALIFIERS } from './hand-out.model';
import { KIT_STATUSES } from './kit.model';

const httpsAddress = z
  .url({ protocol: /^https$/, hostname: z.regexes.domain })
  .max(2000, 'must be at most 2000 characters');
const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code');
const shortText = (max: number) => z.string().trim().max(max);

export const createKitTypeBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  projectId: objectId.optional(),
  description: shortText(5000).optional(),
  instructionsUrl: httpsAddress.optional(),
  resourceId: objectId.optional(),
  serialPrefix: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2,8}$/, 'must be 2–8 letters'),
  followUpWeeks: z.array(z.number().int().min(1).max(104)).max(6).default([4, 12]),
  anonymiseAfterDays: z.number().int().min(1).max(3650).optional(),
});
export type CreateKitTypeInput = z.input<typeof createKitTypeBody>;

/** Everything but the serial prefix, which is printed on the labels already. `null` switches automatic anonymisation off. */
export const updateKitTypeBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    projectId: objectId,
    description: shortText(5000),
    instructionsUrl: httpsAddress,
    resourceId: objectId,
    followUpWeeks: z.array(z.number().int().min(1).max(104)).max(6),
    anonymiseAfterDays: z.number().int().min(1).max(3650).nullable(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change');
export type UpdateKitTypeInput = z.output<typeof updateKitTypeBody>;

export const createKitsBody = z.strictObject({
  count: z.number().int().min(1).max(2000),
  batchId: objectId.optional(),
});
export type CreateKitsInput = z.output<typeof createKitsBody>;

export const createBatchBody = z.strictObject({
  kitTypeId: objectId,
  label: z.string().trim().min(1).max(200),
  quantity: z.number().int().min(0).max(100000),
  location: z.enum(BATCH_LOCATIONS).default('warehouse'),
  eventId: objectId.optional(),
  at: z.iso.datetime({ offset: true }).optional(),
});
export type CreateBatchInput = z.output<typeof createBatchBody>;

export const moveBatchBody = z.strictObject({
  location: z.enum(BATCH_LOCATIONS),
  at: z.iso.datetime({ offset: true }).optional(),
  note: shortText(500).optional(),
});
export type MoveBatchInput = z.output<typeof moveBatchBody>;

export const listKitsQuery = paginationQuery
  .extend({
    kitTypeId: objectId.optional(),
    status: z.enum(KIT_STATUSES).optional(),
  })
  .strict();
export type ListKitsQuery = z.output<typeof listKitsQuery>;

export const recipientInput = z.strictObject({
  name: shortText(200).optional(),
  organisation: shortText(200).optional(),
  city: shortText(100).optional(),
  country: z.union([country, z.literal('')]).optional(),
  role: shortText(200).optional(),
  email: z.union([z.email().max(254), z.literal('')]).optional(),
});
export type RecipientInput = z.output<typeof recipientInput>;

export const consentsInput = z.strictObject({
  followUp: z.boolean().default(false),
  newsletter: z.boolean().default(false),
  /** The version of the consent text the person was shown. */
  textVersion: z.string().trim().min(1).max(50).optional(),
});

export const handOutBody = z.strictObject({
  recipient: recipientInput.default({}),
  consents: consentsInput.default({ followUp: false, newsletter: false }),
  eventId: objectId.optional(),
  clientId: z
    .string()
    .regex(/^[A-Za-z0-9-]{8,64}$/, 'must be 8–64 letters, digits or dashes')
    .optional(),
  handedOutAt: z.iso.datetime({ offset: true }).optional(),
  note: shortText(2000).optional(),
});
export type HandOutInput = z.output<typeof handOutBody>;

/** The stand's one endpoint: a scanned or typed code (serial, short code or scanned address), or none (from stock). */
export const standHandOutBody = handOutBody.extend({
  code: shortText(300).optional(),
  kitTypeId: objectId.optional(),
});
export type StandHandOutInput = z.output<typeof standHandOutBody>;

export const aggregateHandOutBody = z.strictObject({
  count: z.number().int().min(1).max(1_000_000),
  countQualifier: z.enum(COUNT_QUALIFIERS).default('exact'),
  eventId: objectId.optional(),
  handedOutAt: z.iso.datetime({ offset: true }).optional(),
  city: shortText(100).optional(),
  country: country.optional(),
  note: shortText(2000).optional(),
});
export type AggregateHandOutInput = z.output<typeof aggregateHandOutBody>;
