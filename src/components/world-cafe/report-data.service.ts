import { getClustersByIds, getEvent, type EventView } from '../events';
import { WorldCafeVoteModel } from './vote.model';
import { WorldCafePhotoModel } from './photo.model';
import { listConsentedQuotes } from './quotes.service';
import { getSession } from './sessions.service';
import { leadProjectsOf, listTables } from './tables.service';
import {
  toPhotoView,
  type PhotoView,
  type QuoteView,
  type SessionView,
  type TableView,
} from './world-cafe.presenter';

export type PublishedOutcome = {
  summary: string;
  keyOutcomes: { id: string; text: string; votes: number }[];
  /** Consented quotes the rapporteur chose. */
  quotes: QuoteView[];
  photos: PhotoView[];
  publishedAt?: Date;
};

export type ReportTable = TableView & {
  leadProject?: { id: string; name: string; acronym: string };
  /** Present once the organiser published the table's summary. */
  published?: PublishedOutcome;
};

/** Everything a report, the wall or the session API shows, in one read. */
export type SessionReport = {
  session: SessionView;
  event: Pick<EventView, 'id' | 'name' | 'timeZone' | 'city' | 'country'>;
  clusters: string[];
  tables: ReportTable[];
  /** Consented quotes from the session as a whole (not one table). */
  sessionQuotes: QuoteView[];
  /** Published: the synthesis is published, so the report is public. */
  published: boolean;
};

/**
 * Assembles a session with its tables, lead projects and published outcomes. Only
 * consented quotes are ever read here, so no output built from this can show one
 * without consent.
 */
export async function loadSessionReport(sessionId: string): Promise<SessionReport> {
  const session = await getSession(sessionId);
  const [event, tables, quotes] = await Promise.all([
    getEvent(session.eventId),
    listTables(session.id),
    listConsentedQuotes(session.id),
  ]);
  const [projects, clusters, votes, photos] = await Promise.all([
    leadProjectsOf(tables),
    event.clusterIds.length ? getClustersByIds(event.clusterIds) : Promise.resolve([]),
    outcomeVotes(session.id),
    WorldCafePhotoModel.find({ sessionId: session.id }).lean(),
  ]);
  const photoById = new Map(photos.map((p) => [p._id.toString(), toPhotoView(p)]));
  const quoteById = new Map(quotes.map((q) => [q.id, q]));
  const reportTables = tables.map((table): ReportTable => {
    const project = table.leadProjectId ? projects.get(table.leadProjectId) : undefined;
    // The frozen public version: a change awaiting review does not show until published.
    const snapshot = table.summary.published;
    const published = snapshot
      ? {
          summary: snapshot.text,
          keyOutcomes: snapshot.outcomes.map((o) => ({ ...o, votes: votes.get(o.id) ?? 0 })),
          quotes: snapshot.quoteIds.flatMap((id) => quoteById.get(id) ?? []),
          photos: snapshot.photoIds.flatMap((id) => photoById.get(id) ?? []),
          publishedAt: snapshot.publishedAt,
        }
      : undefined;
    return {
      ...table,
      leadProject: project && { id: project.id, name: project.name, acronym: project.acronym },
      published,
    };
  });
  return {
    session,
    event: {
      id: event.id,
      name: event.name,
      timeZone: event.timeZone,
      city: event.city,
      country: event.country,
    },
    clusters: clusters.map((c) => c.name),
    tables: reportTables,
    sessionQuotes: quotes.filter((q) => !q.tableId),
    published: Boolean(session.synthesis.publishedAt),
  };
}

/** Visitors' votes per key outcome id. */
export async function outcomeVotes(sessionId: string): Promise<Map<string, number>> {
  const votes = await WorldCafeVoteModel.find(
    { sessionId, target: 'outcome' },
    { targetId: 1 },
  ).lean();
  const counts = new Map<string, number>();
  for (const v of votes) counts.set(v.targetId, (counts.get(v.targetId) ?? 0) + 1);
  return counts;
}
