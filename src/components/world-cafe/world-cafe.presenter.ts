import type { NoteDoc } from './note.model';
import type { PhotoDoc } from './photo.model';
import type { QuoteDoc } from './quote.model';
import type { PersonRef, SessionDoc, WallAccess } from './session.model';
import type { KeyOutcome, SummaryStatus, TableDoc } from './table.model';

/** Documents → plain objects for services and the API: `id`, string ids, no internals. */

export type SessionView = {
  id: string;
  eventId: string;
  programmeItemId?: string;
  title: string;
  room?: string;
  start: Date;
  end: Date;
  allDay: boolean;
  format: { rounds?: number; roundMinutes?: number; breakMinutes?: number };
  facilitators: PersonRef[];
  facilitatorIds: string[];
  languages: string[];
  wallAccess: WallAccess;
  synthesis: { themes: string[]; nextSteps: string[]; text?: string; publishedAt?: Date };
  reportSentAt?: Date;
  createdAt: Date;
  updatedAt: Date;
};

export type TableView = {
  id: string;
  sessionId: string;
  number: number;
  leadProjectId?: string;
  host?: PersonRef;
  rapporteur?: PersonRef;
  objectives: string[];
  guidingQuestions: string[];
  capacity?: number;
  participants: PersonRef[];
  participantCounts: { round: number; count: number }[];
  outcomes: { items: KeyOutcome[]; version: number };
  summary: {
    text: string;
    status: SummaryStatus;
    quoteIds: string[];
    photoIds: string[];
    comment?: string;
    submittedAt?: Date;
    publishedAt?: Date;
    /** True while a change to the published version waits for the organiser's review. */
    changedAfterPublishing?: boolean;
    /** The version the public report shows (absent until first published). */
    published?: {
      text: string;
      outcomes: KeyOutcome[];
      quoteIds: string[];
      photoIds: string[];
      publishedAt: Date;
    };
  };
};

export type NoteView = {
  id: string;
  clientId: string;
  tableId: string;
  round: number;
  text: string;
  tags: string[];
  capturedAt: Date;
  createdAt: Date;
};

export type QuoteView = {
  id: string;
  clientId: string;
  tableId?: string;
  round: number;
  text: string;
  speaker: { role?: string; city?: string };
  /** How the quote is credited in outputs, e.g. "a representative from the City of Riga". */
  attribution: string;
  consent: boolean;
  capturedAt: Date;
};

export type PhotoView = {
  id: string;
  clientId: string;
  tableId: string;
  round: number;
  caption?: string;
  width: number;
  height: number;
  bytes: number;
  url: string;
  thumbnailUrl: string;
};

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const person = (p: PersonRef | undefined): PersonRef | undefined =>
  p ? compact({ name: p.name, email: p.email || undefined }) : undefined;

export function toSessionView(doc: SessionDoc): SessionView {
  return compact({
    id: doc._id.toString(),
    eventId: doc.eventId.toString(),
    programmeItemId: doc.programmeItemId?.toString(),
    title: doc.title,
    room: doc.room || undefined,
    start: doc.start,
    end: doc.end,
    allDay: doc.allDay,
    format: compact({
      rounds: doc.format?.rounds ?? undefined,
      roundMinutes: doc.format?.roundMinutes ?? undefined,
      breakMinutes: doc.format?.breakMinutes ?? undefined,
    }),
    facilitators: doc.facilitators.map((p) => person(p)!),
    facilitatorIds: (doc.facilitatorIds ?? []).map(String),
    languages: [...doc.languages],
    wallAccess: doc.wallAccess,
    synthesis: compact({
      themes: [...(doc.synthesis?.themes ?? [])],
      nextSteps: [...(doc.synthesis?.nextSteps ?? [])],
      text: doc.synthesis?.text || undefined,
      publishedAt: doc.synthesis?.publishedAt,
    }),
    reportSentAt: doc.reportSentAt,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });
}

export function toTableView(doc: TableDoc): TableView {
  return compact({
    id: doc._id.toString(),
    sessionId: doc.sessionId.toString(),
    number: doc.number,
    leadProjectId: doc.leadProjectId?.toString(),
    host: person(doc.host),
    rapporteur: person(doc.rapporteur),
    objectives: [...doc.objectives],
    guidingQuestions: [...doc.guidingQuestions],
    capacity: doc.capacity,
    participants: doc.participants.map((p) => person(p)!),
    participantCounts: doc.participantCounts
      .map(({ round, count }) => ({ round, count }))
      .sort((a, b) => a.round - b.round),
    outcomes: {
      items: doc.outcomes.items.map(({ id, text }) => ({ id, text })),
      version: doc.outcomes.version,
    },
    summary: compact({
      text: doc.summary.text,
      status: doc.summary.status,
      quoteIds: doc.summary.quoteIds.map(String),
      photoIds: doc.summary.photoIds.map(String),
      comment: doc.summary.comment || undefined,
      submittedAt: doc.summary.submittedAt,
      publishedAt: doc.summary.publishedAt,
      changedAfterPublishing: doc.summary.changedAfterPublishing || undefined,
      published: publishedOf(doc),
    }),
  });
}

/**
 * The public version of a table: the frozen snapshot, or — for a table published
 * before snapshots were kept (or set so by the seeds) — its current content.
 */
function publishedOf(doc: TableDoc): TableView['summary']['published'] {
  const snap = doc.summary.published;
  if (snap) {
    return {
      text: snap.text,
      outcomes: snap.outcomes.map(({ id, text }) => ({ id, text })),
      quoteIds: snap.quoteIds.map(String),
      photoIds: snap.photoIds.map(String),
      publishedAt: snap.publishedAt,
    };
  }
  if (doc.summary.status !== 'published') return undefined;
  return {
    text: doc.summary.text,
    outcomes: doc.outcomes.items.map(({ id, text }) => ({ id, text })),
    quoteIds: doc.summary.quoteIds.map(String),
    photoIds: doc.summary.photoIds.map(String),
    publishedAt: doc.summary.publishedAt ?? doc.updatedAt,
  };
}

export function toNoteView(doc: NoteDoc): NoteView {
  return {
    id: doc._id.toString(),
    clientId: doc.clientId,
    tableId: doc.tableId.toString(),
    round: doc.round,
    text: doc.text,
    tags: [...doc.tags],
    capturedAt: doc.capturedAt,
    createdAt: doc.createdAt,
  };
}

/** "a participant (urban planner, Riga)", or the attribution the quote was published with. */
export function attributionOf(speaker: QuoteDoc['speaker']): string {
  if (speaker?.attribution) return speaker.attribution;
  const details = [speaker?.role, speaker?.city].filter(Boolean).join(', ');
  return details ? `a participant (${details})` : 'a participant';
}

export function toQuoteView(doc: QuoteDoc): QuoteView {
  return compact({
    id: doc._id.toString(),
    clientId: doc.clientId,
    tableId: doc.tableId?.toString(),
    round: doc.round,
    text: doc.text,
    speaker: compact({
      role: doc.speaker?.role || undefined,
      city: doc.speaker?.city || undefined,
    }),
    attribution: attributionOf(doc.speaker),
    consent: doc.consent,
    capturedAt: doc.capturedAt,
  });
}

export function toPhotoView(doc: PhotoDoc): PhotoView {
  // The capture API's address (capability key or organiser); published photos are also at /world-cafe/photos/<id>/….
  const base = `/api/world-cafe/tables/${doc.tableId.toString()}/photos/${doc._id.toString()}`;
  return compact({
    id: doc._id.toString(),
    clientId: doc.clientId,
    tableId: doc.tableId.toString(),
    round: doc.round,
    caption: doc.caption || undefined,
    width: doc.width,
    height: doc.height,
    bytes: doc.bytes,
    url: `${base}/full.jpg`,
    thumbnailUrl: `${base}/thumb.jpg`,
  });
}
