import { z } from 'zod';
import { objectId, paginationQuery } from '../../lib/http/validate';
import { PUBLICATION_DATE_PATTERN, RESOURCE_TYPES } from './resource.model';
import { QR_KINDS } from './qr-code.model';
import { httpsUrl } from './safe-url';

const language = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}$/, 'must be a language code such as en');

const idList = z.array(objectId).max(50);

/** Fields without defaults: an update leaves out what it does not change (zod 4 applies defaults inside `.partial()`). */
const resourceFields = {
  projectId: objectId,
  deliverableCode: z.string().trim().min(1).max(20).optional(),
  title: z.string().trim().min(1).max(300),
  type: z.enum(RESOURCE_TYPES),
  language,
  description: z.string().trim().max(5000).optional(),
  publishedOn: z
    .string()
    .regex(PUBLICATION_DATE_PATTERN, 'must be YYYY-MM or YYYY-MM-DD')
    .optional(),
  dateKind: z.enum(['published', 'due']),
  externalUrl: httpsUrl.optional(),
  eventIds: idList,
};

export const createResourceBody = z.strictObject({
  ...resourceFields,
  language: language.default('en'),
  dateKind: resourceFields.dateKind.default('published'),
  eventIds: idList.default([]),
});
export type CreateResourceInput = z.input<typeof createResourceBody>;

export const updateResourceBody = z
  .strictObject(resourceFields)
  .partial()
  .extend({ externalUrl: httpsUrl.nullable().optional() });
export type UpdateResourceInput = z.input<typeof updateResourceBody>;

export const listResourcesQuery = paginationQuery.extend({
  projectId: objectId.optional(),
  eventId: objectId.optional(),
  type: z.enum(RESOURCE_TYPES).optional(),
});
export type ListResourcesQuery = z.output<typeof listResourcesQuery>;

const postcardFields = {
  city: z.string().trim().min(1).max(100),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'),
  projectId: objectId,
  story: z.string().trim().max(1200).optional(),
  linkUrl: httpsUrl.optional(),
  linkLabel: z.string().trim().max(100).optional(),
  language,
  eventIds: idList,
};

export const createPostcardBody = z.strictObject({
  ...postcardFields,
  language: language.default('en'),
  eventIds: idList.default([]),
});
export type CreatePostcardInput = z.input<typeof createPostcardBody>;
export const updatePostcardBody = z
  .strictObject(postcardFields)
  .partial()
  .extend({ linkUrl: httpsUrl.nullable().optional() });
export type UpdatePostcardInput = z.input<typeof updatePostcardBody>;

export const listPostcardsQuery = paginationQuery.extend({
  projectId: objectId.optional(),
  eventId: objectId.optional(),
});
export type ListPostcardsQuery = z.output<typeof listPostcardsQuery>;

/** `target`: one internal thing by id, an outside https address, or `{ none: true }` (a placeholder page). */
export const qrTargetBody = z.union([
  z.strictObject({ resourceId: objectId }),
  z.strictObject({ postcardId: objectId }),
  z.strictObject({ eventId: objectId }),
  z.strictObject({ kitId: objectId }),
  z.strictObject({ tableId: objectId }),
  z.strictObject({ url: httpsUrl }),
  z.strictObject({ none: z.literal(true) }),
]);
export type QrTargetInput = z.input<typeof qrTargetBody>;

export const createQrCodeBody = z.strictObject({
  kind: z.enum(QR_KINDS),
  label: z.string().trim().min(1).max(200),
  target: qrTargetBody.default({ none: true }),
  eventId: objectId.optional(),
  projectId: objectId.optional(),
  zoneId: objectId.optional(),
});
export type CreateQrCodeInput = z.input<typeof createQrCodeBody>;

export const updateQrCodeBody = z.strictObject({
  label: z.string().trim().min(1).max(200).optional(),
  target: qrTargetBody.optional(),
  enabled: z.boolean().optional(),
  eventId: objectId.nullable().optional(),
  projectId: objectId.nullable().optional(),
  zoneId: objectId.nullable().optional(),
});
export type UpdateQrCodeInput = z.input<typeof updateQrCodeBody>;

export const listQrCodesQuery = paginationQuery.extend({
  kind: z.enum(QR_KINDS).optional(),
  eventId: objectId.optional(),
  projectId: objectId.optional(),
});
export type ListQrCodesQuery = z.output<typeof listQrCodesQuery>;

/** A stats window: calendar days (in the event's zone when the code has an event, else UTC). */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
export const statsQuery = z.strictObject({
  from: day.optional(),
  to: day.optional(),
});
export type StatsQuery = z.output<typeof statsQuery>;
