import { z } from 'zod';
import { DATE_PRECISIONS, EVENT_KINDS } from './event.model';
import { PROGRAMME_STATUSES } from './programme-item.model';
import { CITY_ROLES, ORGANISATION_KINDS } from './directory.models';

/**
 * Response shapes for the API document only (answers are built by the presenters,
 * not parsed). Kept beside the views they describe so the two change together.
 */

const id = z.string().describe('24-character hexadecimal id');
const instant = z.string().describe('ISO 8601 date-time (UTC)');
const calendarDate = z.string().describe('YYYY-MM-DD, local to the event');
const stamps = { createdAt: instant, updatedAt: instant };

export const eventResponse = z.object({
  id,
  slug: z.string(),
  name: z.string(),
  kind: z.enum(EVENT_KINDS),
  venue: z.string().describe('empty when not known'),
  city: z.string(),
  country: z.string().describe('ISO 3166-1 alpha-2'),
  startDate: calendarDate,
  endDate: calendarDate,
  datePrecision: z
    .enum(DATE_PRECISIONS)
    .describe("'month': only the month is known; the dates span the whole month"),
  timeZone: z.string().describe('IANA time zone'),
  organiser: z.string().optional(),
  description: z.string().optional(),
  sourceNote: z.string().optional().describe('For organisers only: where the data comes from'),
  url: z.string().optional(),
  accessNote: z.string().optional(),
  clusterIds: z.array(id),
  ...stamps,
});

export const programmeItemResponse = z.object({
  id,
  eventId: id,
  title: z.string(),
  description: z.string().optional(),
  sourceNote: z.string().optional().describe('For organisers only: where the data comes from'),
  location: z.string().optional(),
  start: instant,
  end: instant.describe('exclusive; for all-day items the next local midnight'),
  allDay: z.boolean(),
  status: z.enum(PROGRAMME_STATUSES),
  sequence: z
    .number()
    .int()
    .describe('iCalendar SEQUENCE: rises when time, place or status change'),
  ...stamps,
});

export const projectResponse = z.object({
  id,
  name: z.string(),
  acronym: z.string(),
  colour: z.string().optional(),
  logoUrl: z.string().optional(),
  website: z.string().optional(),
  ...stamps,
});

export const clusterResponse = z.object({
  id,
  name: z.string(),
  callIdentifier: z.string().optional(),
  description: z.string().optional(),
  projectIds: z.array(id),
  ...stamps,
});

export const organisationResponse = z.object({
  id,
  name: z.string(),
  country: z.string().optional(),
  kind: z.enum(ORGANISATION_KINDS),
  ...stamps,
});

export const cityResponse = z.object({
  id,
  name: z.string(),
  country: z.string(),
  projects: z.array(z.object({ projectId: id, role: z.enum(CITY_ROLES) })),
  ...stamps,
});

export const personResponse = z.object({
  id,
  name: z.string(),
  organisationId: id.optional(),
  email: z.string().optional(),
  consent: z.object({ contact: z.boolean(), photo: z.boolean(), consentedAt: instant.optional() }),
  ...stamps,
});

/** `{ items, page, limit, total }` of the given item shape. */
export const pageOf = (item: z.ZodType) =>
  z.object({
    items: z.array(item),
    page: z.number().int(),
    limit: z.number().int(),
    total: z.number().int(),
  });
