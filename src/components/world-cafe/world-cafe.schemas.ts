import { z } from 'zod';
import { objectId } from '../../lib/http/validate';
import { WALL_ACCESS } from './session.model';

/**
 * Request schemas: strict objects (unknown fields → 400 naming the field), trimmed
 * text with limits, so nothing a user types becomes a MongoDB operator.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max);
const isoInstant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset or Z' })
  .transform((value) => new Date(value));

/** Ids a phone makes before it queues an entry: UUIDs or similar, never operators. */
export const clientIdParam = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, - or _');

export const personRef = z.strictObject({
  name: text(200),
  email: z.email().max(320).optional(),
});

const formatBody = z.strictObject({
  rounds: z.number().int().min(1).max(10),
  roundMinutes: z.number().int().min(1).max(240),
  breakMinutes: z.number().int().min(0).max(120),
});

const sessionFields = {
  title: text(200),
  room: optionalText(200).optional(),
  start: isoInstant,
  end: isoInstant,
  allDay: z.boolean().optional(),
  format: formatBody.optional(),
  facilitators: z.array(personRef).max(50).optional(),
  /** Accounts (role facilitator) that may act on the session. */
  facilitatorIds: z.array(objectId).max(50).optional(),
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language code like en or lt'))
    .max(10)
    .optional(),
  wallAccess: z.enum(WALL_ACCESS).optional(),
};

export const createSessionBody = z
  .strictObject({
    eventId: objectId,
    /** An existing programme item to be this session's calendar entry; made when absent. */
    programmeItemId: objectId.optional(),
    ...sessionFields,
  })
  .refine((s) => !(s.start instanceof Date && s.end instanceof Date) || s.end > s.start, {
    path: ['end'],
    message: 'must be after start',
  });
export type CreateSessionInput = z.output<typeof createSessionBody>;

export const updateSessionBody = z.strictObject(sessionFields).partial();
export type UpdateSessionInput = z.output<typeof updateSessionBody>;

export const listSessionsQuery = z.strictObject({ eventId: objectId });

const tableFields = {
  number: z.number().int().min(1).max(200),
  leadProjectId: objectId.optional(),
  host: personRef.optional(),
  rapporteur: personRef.optional(),
  objectives: z.array(text(1000)).max(20).optional(),
  guidingQuestions: z.array(text(1000)).max(20).optional(),
  capacity: z.number().int().min(1).max(1000).optional(),
  participants: z.array(personRef).max(200).optional(),
  participantCounts: z
    .array(
      z.strictObject({
        round: z.number().int().min(1).max(10),
        count: z.number().int().min(0).max(1000),
      }),
    )
    .max(10)
    .optional(),
};
export const createTableBody = z.strictObject(tableFields);
export type CreateTableInput = z.output<typeof createTableBody>;
export const updateTableBody = z.strictObject(tableFields).partial();
export type UpdateTableInput = z.output<typeof updateTableBody>;

export const captureLinkBody = z
  .strictObject({
    /** Default 7 days; at most 90. */
    expiresInDays: z.number().int().min(1).max(90).optional(),
    label: optionalText(200).optional(),
  })
  .optional()
  .default({});

const tags = z.array(text(40)).max(10);
const round = z.number().int().min(1).max(10);

export const putNoteBody = z.strictObject({
  text: text(1000),
  tags: tags.optional(),
  round: round.optional(),
  capturedAt: isoInstant.optional(),
});
export type PutNoteInput = z.output<typeof putNoteBody>;

export const putQuoteBody = z.strictObject({
  text: text(2000),
  speaker: z
    .strictObject({ role: optionalText(200).optional(), city: optionalText(200).optional() })
    .optional(),
  consent: z.boolean(),
  round: round.optional(),
  capturedAt: isoInstant.optional(),
});
export type PutQuoteInput = z.output<typeof putQuoteBody>;

export const putDotBody = z.strictObject({ noteId: clientIdParam });

export const putParticipantCountBody = z.strictObject({ count: z.number().int().min(0).max(1000) });

export const putOutcomesBody = z.strictObject({
  /** The version this edit started from; a newer one on the server → 409 with it. */
  baseVersion: z.number().int().min(0),
  items: z.array(z.strictObject({ id: clientIdParam.optional(), text: text(500) })).max(20),
});
export type PutOutcomesInput = z.output<typeof putOutcomesBody>;

export const putSummaryBody = z.strictObject({
  text: optionalText(20000),
  quoteIds: z.array(objectId).max(20).optional(),
  photoIds: z.array(objectId).max(20).optional(),
});
export type PutSummaryInput = z.output<typeof putSummaryBody>;

export const reviewSummaryBody = z.strictObject({
  decision: z.enum(['publish', 'send-back']),
  comment: optionalText(2000).optional(),
});

export const synthesisBody = z.strictObject({
  themes: z.array(text(500)).max(20),
  nextSteps: z.array(text(500)).max(20),
  text: optionalText(20000).optional(),
  publish: z.boolean().optional(),
});
export type SynthesisInput = z.output<typeof synthesisBody>;

export const visitorVoteBody = z.strictObject({ outcomeId: clientIdParam });
export const subscribeBody = z.strictObject({
  email: z.email().max(320),
  consent: z.literal(true, { message: 'consent is needed to send you the report' }),
});
