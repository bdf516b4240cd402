import type { DatePrecision, EventDoc, EventKind } from './event.model';
import type { ProgrammeItemDoc, ProgrammeStatus } from './programme-item.model';
import type {
  CityDoc,
  CityRole,
  ClusterDoc,
  OrganisationDoc,
  OrganisationKind,
  PersonDoc,
  ProjectDoc,
} from './directory.models';

/**
 * Documents → the plain objects services return and the API sends: `id` instead of
 * `_id`, ids as strings, no mongoose internals. Dates stay Date objects here (the
 * JSON encoder writes them as ISO strings); calendar dates are already 'YYYY-MM-DD'.
 */

export type EventView = {
  id: string;
  slug: string;
  name: string;
  kind: EventKind;
  /** Empty when the venue is not known. */
  venue: string;
  city: string;
  country: string;
  startDate: string;
  endDate: string;
  /** 'month' when only the month is known; see DATE_PRECISIONS. */
  datePrecision: DatePrecision;
  timeZone: string;
  organiser?: string;
  description?: string;
  /** For organisers only: provenance of the data. */
  sourceNote?: string;
  url?: string;
  accessNote?: string;
  clusterIds: string[];
  createdAt: Date;
  updatedAt: Date;
};

export type ProgrammeItemView = {
  id: string;
  eventId: string;
  title: string;
  description?: string;
  /** For organisers only: provenance of the data. */
  sourceNote?: string;
  location?: string;
  start: Date;
  end: Date;
  allDay: boolean;
  status: ProgrammeStatus;
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
};

export type ProjectView = {
  id: string;
  name: string;
  acronym: string;
  colour?: string;
  logoUrl?: string;
  website?: string;
  createdAt: Date;
  updatedAt: Date;
};

export type ClusterView = {
  id: string;
  name: string;
  callIdentifier?: string;
  description?: string;
  projectIds: string[];
  createdAt: Date;
  updatedAt: Date;
};

export type OrganisationView = {
  id: string;
  name: string;
  country?: string;
  kind: OrganisationKind;
  createdAt: Date;
  updatedAt: Date;
};

export type CityView = {
  id: string;
  name: string;
  country: string;
  projects: { projectId: string; role: CityRole }[];
  createdAt: Date;
  updatedAt: Date;
};

export type PersonView = {
  id: string;
  name: string;
  organisationId?: string;
  email?: string;
  consent: { contact: boolean; photo: boolean; consentedAt?: Date };
  createdAt: Date;
  updatedAt: Date;
};

/** Drops keys whose value is undefined so optional fields are absent, not null. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const emptyToUndefined = (value: string | undefined | null) => (value ? value : undefined);

export function toEventView(doc: EventDoc): EventView {
  return compact({
    id: doc._id.toString(),
    slug: doc.slug,
    name: doc.name,
    kind: doc.kind,
    venue: doc.venue ?? '',
    city: doc.city,
    country: doc.country,
    startDate: doc.startDate,
    endDate: doc.endDate,
    datePrecision: doc.datePrecision ?? 'day',
    timeZone: doc.timeZone,
    organiser: emptyToUndefined(doc.organiser),
    description: emptyToUndefined(doc.description),
    sourceNote: emptyToUndefined(doc.sourceNote),
    url: emptyToUndefined(doc.url),
    accessNote: emptyToUndefined(doc.accessNote),
    clusterIds: (doc.clusterIds ?? []).map(String),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });
}

export function toProgrammeItemView(doc: ProgrammeItemDoc): ProgrammeItemView {
  return compact({
    id: doc._id.toString(),
    eventId: doc.eventId.toString(),
    title: doc.title,
    description: emptyToUndefined(doc.description),
    sourceNote: emptyToUndefined(doc.sourceNote),
    location: emptyToUndefined(doc.location),
    start: doc.start,
    end: doc.end,
    allDay: doc.allDay,
    status: doc.status,
    sequence: doc.sequence,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });
}

export function toProjectView(doc: ProjectDoc): ProjectView {
  return compact({
    id: doc._id.toString(),
    name: doc.name,
    acronym: doc.acronym,
    colour: emptyToUndefined(doc.colour),
    logoUrl: emptyToUndefined(doc.logoUrl),
    website: emptyToUndefined(doc.website),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });
}

export function toClusterView(doc: ClusterDoc): ClusterView {
  return compact({
    id: doc._id.toString(),
    name: doc.name,
    callIdentifier: emptyToUndefined(doc.callIdentifier),
    description: emptyToUndefined(doc.description),
    projectIds: (doc.projectIds ?? []).map(String),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });
}

export function toOrganisationView(doc: OrganisationDoc): OrganisationView {
  return compact({
    id: doc._id.toString(),
    name: doc.name,
    country: emptyToUndefined(doc.country),
    kind: doc.kind,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });
}

export function toCityView(doc: CityDoc): CityView {
  return {
    id: doc._id.toString(),
    name: doc.name,
    country: doc.country,
    projects: (doc.projects ?? []).map((p) => ({
      projectId: p.projectId.toString(),
      role: p.role,
    })),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export function toPersonView(doc: PersonDoc): PersonView {
  return compact({
    id: doc._id.toString(),
    name: doc.name,
    organisationId: doc.organisationId?.toString(),
    email: emptyToUndefined(doc.email),
    consent: compact({
      contact: doc.consent?.contact ?? false,
      photo: doc.consent?.photo ?? false,
      consentedAt: doc.consent?.consentedAt ?? undefined,
    }),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });
}
