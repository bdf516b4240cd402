import { z } from 'zod';
import { lineText, longText, objectId, paginationQuery } from '../../lib/http/validate';
import { DATE_PRECISIONS, EVENT_KINDS } from './event.model';
import { PROGRAMME_STATUSES } from './programme-item.model';
import { CITY_ROLES, ORGANISATION_KINDS } from './directory.models';
import {
  HEX_COLOUR_PATTERN,
  SLUG_PATTERN,
  isCalendarDate,
  isCountryCode,
  isTimeZone,
} from './values';

/**
 * Request schemas. Objects are strict (unknown fields → 400 with the field path);
 * list queries accept only the whitelisted filters and sort keys, so nothing a user
 * types can become a MongoDB operator.
 */

/** Short texts are one line; from 1000 characters on they are long texts with line breaks. */
const text = (max: number) => lineText(max);
const optionalText = (max: number) => (max >= 1000 ? longText(max) : lineText(max, { min: 0 }));
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(500);

export const countryCode = z
  .string()
  .refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 code, upper case (e.g. LT)');
const calendarDate = z.string().refine(isCalendarDate, 'must be a date YYYY-MM-DD');
const timeZone = z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Vilnius');
const searchText = lineText(100);
/** In an update, '' clears an optional value that has a format (a URL, a colour, a country). */
const clearable = <S extends z.ZodType>(schema: S) => schema.or(z.literal(''));

/** `?sort=name` ascending, `?sort=-name` descending, from a whitelist. */
function sortParam<const K extends string>(keys: readonly K[], fallback: K) {
  const values = keys.flatMap((k) => [k, `-${k}`]) as [string, ...string[]];
  return z.enum(values).default(fallback);
}

function listQuery<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject({ ...paginationQuery.shape, ...shape });
}

// ---- events -------------------------------------------------------------

const sourceNote = optionalText(1000).describe(
  'Where a fact comes from or why one is missing (e.g. the source gives no time). For organisers: shown on their pages, never in calendars, printouts or e-mail; descriptions speak to attendees.',
);

const eventFields = {
  name: text(200),
  slug: z.string().regex(SLUG_PATTERN, 'must be lower-case words joined by hyphens').max(100),
  kind: z.enum(EVENT_KINDS),
  venue: optionalText(200),
  city: text(100),
  country: countryCode,
  startDate: calendarDate,
  endDate: calendarDate,
  datePrecision: z.enum(DATE_PRECISIONS),
  timeZone,
  organiser: optionalText(200),
  description: optionalText(5000),
  sourceNote,
  url: httpUrl,
  accessNote: optionalText(200),
  clusterIds: z.array(objectId).max(20),
};

export const createEventBody = z
  .strictObject({
    ...eventFields,
    slug: eventFields.slug.optional(),
    kind: eventFields.kind.optional(),
    venue: eventFields.venue.optional(),
    datePrecision: eventFields.datePrecision.optional(),
    organiser: eventFields.organiser.optional(),
    description: eventFields.description.optional(),
    sourceNote: eventFields.sourceNote.optional(),
    url: eventFields.url.optional(),
    accessNote: eventFields.accessNote.optional(),
    clusterIds: eventFields.clusterIds.optional(),
  })
  .refine(
    (e) =>
      !isCalendarDate(String(e.startDate)) ||
      !isCalendarDate(String(e.endDate)) ||
      e.endDate >= e.startDate,
    {
      path: ['endDate'],
      message: 'must be on or after startDate',
    },
  );
export type CreateEventInput = z.output<typeof createEventBody>;

export const updateEventBody = z
  .strictObject({ ...eventFields, url: clearable(eventFields.url) })
  .partial();
export type UpdateEventInput = z.output<typeof updateEventBody>;

export const listEventsQuery = listQuery({
  q: searchText.optional(),
  country: countryCode.optional(),
  city: text(100).optional(),
  kind: z.enum(EVENT_KINDS).optional(),
  clusterId: objectId.optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  sort: sortParam(['startDate', 'name', 'country'], 'startDate'),
});
export type ListEventsQuery = z.output<typeof listEventsQuery>;

// ---- programme ------------------------------------------------------------

/** An instant written with its offset ('2025-05-07T10:00:00+03:00' or '…Z'), never a floating local time. */
const isoInstant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset or Z' })
  .transform((value) => new Date(value));

const programmeFields = {
  title: text(200),
  description: optionalText(5000),
  sourceNote,
  location: optionalText(200),
  start: isoInstant,
  end: isoInstant,
  allDay: z.boolean(),
  status: z.enum(PROGRAMME_STATUSES),
};

export const createProgrammeItemBody = z
  .strictObject({
    ...programmeFields,
    description: programmeFields.description.optional(),
    sourceNote: programmeFields.sourceNote.optional(),
    location: programmeFields.location.optional(),
    allDay: programmeFields.allDay.optional(),
    status: programmeFields.status.optional(),
  })
  // Zod runs object refinements even when a field already failed; only compare real dates.
  .refine((p) => !(p.start instanceof Date && p.end instanceof Date) || p.end > p.start, {
    path: ['end'],
    message: 'must be after start',
  });
export type CreateProgrammeItemInput = z.output<typeof createProgrammeItemBody>;

export const updateProgrammeItemBody = z.strictObject(programmeFields).partial();
export type UpdateProgrammeItemInput = z.output<typeof updateProgrammeItemBody>;

export const listProgrammeQuery = listQuery({
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  status: z.enum(PROGRAMME_STATUSES).optional(),
  q: searchText.optional(),
  sort: sortParam(['start', 'title'], 'start'),
});
export type ListProgrammeQuery = z.output<typeof listProgrammeQuery>;

// ---- projects -------------------------------------------------------------

const projectFields = {
  name: text(200),
  acronym: text(40),
  colour: z.string().regex(HEX_COLOUR_PATTERN, 'must be a hex colour like #1a2b3c'),
  logoUrl: httpUrl,
  website: httpUrl,
};
export const createProjectBody = z.strictObject({
  ...projectFields,
  colour: projectFields.colour.optional(),
  logoUrl: projectFields.logoUrl.optional(),
  website: projectFields.website.optional(),
});
export type CreateProjectInput = z.output<typeof createProjectBody>;
export const updateProjectBody = z
  .strictObject({
    ...projectFields,
    colour: clearable(projectFields.colour),
    logoUrl: clearable(projectFields.logoUrl),
    website: clearable(projectFields.website),
  })
  .partial();
export type UpdateProjectInput = z.output<typeof updateProjectBody>;
export const listProjectsQuery = listQuery({
  q: searchText.optional(),
  acronym: text(40).optional(),
  sort: sortParam(['name', 'acronym'], 'name'),
});
export type ListProjectsQuery = z.output<typeof listProjectsQuery>;

// ---- clusters -------------------------------------------------------------

const clusterFields = {
  name: text(200),
  callIdentifier: optionalText(100),
  description: optionalText(5000),
  projectIds: z.array(objectId).max(50),
};
export const createClusterBody = z.strictObject({
  ...clusterFields,
  callIdentifier: clusterFields.callIdentifier.optional(),
  description: clusterFields.description.optional(),
  projectIds: clusterFields.projectIds.optional(),
});
export type CreateClusterInput = z.output<typeof createClusterBody>;
export const updateClusterBody = z.strictObject(clusterFields).partial();
export type UpdateClusterInput = z.output<typeof updateClusterBody>;
export const listClustersQuery = listQuery({
  q: searchText.optional(),
  projectId: objectId.optional(),
  sort: sortParam(['name'], 'name'),
});
export type ListClustersQuery = z.output<typeof listClustersQuery>;

// ---- organisations ----------------------------------------------------------

const organisationFields = {
  name: text(200),
  country: countryCode,
  kind: z.enum(ORGANISATION_KINDS),
};
export const createOrganisationBody = z.strictObject({
  ...organisationFields,
  country: organisationFields.country.optional(),
  kind: organisationFields.kind.optional(),
});
export type CreateOrganisationInput = z.output<typeof createOrganisationBody>;
export const updateOrganisationBody = z
  .strictObject({ ...organisationFields, country: clearable(organisationFields.country) })
  .partial();
export type UpdateOrganisationInput = z.output<typeof updateOrganisationBody>;
export const listOrganisationsQuery = listQuery({
  q: searchText.optional(),
  country: countryCode.optional(),
  kind: z.enum(ORGANISATION_KINDS).optional(),
  sort: sortParam(['name', 'country'], 'name'),
});
export type ListOrganisationsQuery = z.output<typeof listOrganisationsQuery>;

// ---- cities ---------------------------------------------------------------

const cityProject = z.strictObject({ projectId: objectId, role: z.enum(CITY_ROLES) });
const cityFields = {
  name: text(100),
  country: countryCode,
  projects: z
    .array(cityProject)
    .max(20)
    .refine((ps) => new Set(ps.map((p) => p.projectId.toLowerCase())).size === ps.length, {
      message: 'lists a project more than once',
    }),
};
export const createCityBody = z.strictObject({
  ...cityFields,
  projects: cityFields.projects.optional(),
});
export type CreateCityInput = z.output<typeof createCityBody>;
export const updateCityBody = z.strictObject(cityFields).partial();
export type UpdateCityInput = z.output<typeof updateCityBody>;
export const listCitiesQuery = listQuery({
  q: searchText.optional(),
  country: countryCode.optional(),
  projectId: objectId.optional(),
  role: z.enum(CITY_ROLES).optional(),
  sort: sortParam(['name', 'country'], 'name'),
});
export type ListCitiesQuery = z.output<typeof listCitiesQuery>;

// ---- people ---------------------------------------------------------------

const personFields = {
  name: text(200),
  organisationId: objectId.nullable(),
  email: z.email({ message: 'must be an e-mail address' }).max(254).toLowerCase().nullable(),
  consent: z.strictObject({
    contact: z.boolean(),
    photo: z.boolean(),
  }),
};
export const createPersonBody = z.strictObject({
  ...personFields,
  organisationId: objectId.optional(),
  email: z.email({ message: 'must be an e-mail address' }).max(254).toLowerCase().optional(),
  consent: personFields.consent.optional(),
});
export type CreatePersonInput = z.output<typeof createPersonBody>;
export const updatePersonBody = z.strictObject(personFields).partial();
export type UpdatePersonInput = z.output<typeof updatePersonBody>;
export const listPeopleQuery = listQuery({
  q: searchText.optional(),
  organisationId: objectId.optional(),
  email: z.email().toLowerCase().optional(),
  sort: sortParam(['name'], 'name'),
});
export type ListPeopleQuery = z.output<typeof listPeopleQuery>;

export type ListPage = { page: number; limit: number };
