import type { Router } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { requireSignedInPage } from '../../lib/http/access';
import { PageRouter } from '../../lib/http/page-router';
import { actorOf } from '../../lib/http/policy';
import { createPageRenderer } from '../../lib/http/pages';
import { idParam } from '../../lib/http/params';
import { getEvent, type EventView } from '../events';
import { toObjectId } from './ids';
import { cafePolicy, mayCreateSessionIn, scopeOfSession } from './policies';
import { WorldCafeSessionModel } from './session.model';
import { WorldCafeTableModel } from './table.model';
import { toSessionView, type SessionView } from './world-cafe.presenter';

const PER_PAGE = 25;

/** How many tables each session has, in one query. */
async function tableCounts(sessionIds: string[]): Promise<Map<string, number>> {
  const rows = await WorldCafeTableModel.aggregate<{ _id: unknown; count: number }>([
    { $match: { sessionId: { $in: sessionIds.map((id) => toObjectId(id, 'Session')) } } },
    { $group: { _id: '$sessionId', count: { $sum: 1 } } },
  ]);
  return new Map(rows.map((r) => [String(r._id), r.count]));
}

/** A session's time as people at the event read it: in the event's zone. */
function when(session: SessionView, timeZone: string): string {
  const start = DateTime.fromJSDate(session.start, { zone: timeZone });
  const end = DateTime.fromJSDate(session.end, { zone: timeZone });
  if (session.allDay) {
    const first = start.toFormat('d LLL yyyy');
    const last = end.minus({ milliseconds: 1 }).toFormat('d LLL yyyy');
    return first === last ? `${first} (time not set)` : `${first} – ${last} (time not set)`;
  }
  const sameDay = start.hasSame(end, 'day');
  return `${start.toFormat('d LLL yyyy, HH:mm')} – ${end.toFormat(sameDay ? 'HH:mm' : 'd LLL yyyy, HH:mm')}`;
}

/** A page number that does not parse shows the first page rather than an error. */
const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
const eventParams = z.object({ id: idParam('Event') });

/**
 * Organisers' lists of World Café sessions: one event's (linked from the event page,
 * with "New session" for those who manage it) and all events' (linked from the main
 * navigation). Both paginated, times in each event's zone.
 */
export function createSessionListPages(context: AppContext): Router {
  const pages = new PageRouter();
  const render = createPageRenderer(context.config);

  pages.get(
    '/world-cafe/events/:id/sessions',
    { guards: [requireSignedInPage], params: eventParams },
    async (req, res, { params }) => {
      const event = await getEvent(params.id);
      const sessions = (
        await WorldCafeSessionModel.find({ eventId: toObjectId(event.id, 'Event') })
          .sort({ start: 1, title: 1, _id: 1 })
          .lean()
      ).map(toSessionView);
      const counts = await tableCounts(sessions.map((s) => s.id));
      render(req, res, 'world-cafe/sessions', {
        title: `World Café sessions: ${event.name}`,
        heading: `World Café sessions: ${event.name}`,
        event,
        canCreate: mayCreateSessionIn(actorOf(req), event.id),
        sessions: sessions.map((s) => ({
          ...s,
          when: when(s, event.timeZone),
          tables: counts.get(s.id) ?? 0,
          canManage: cafePolicy.manage(actorOf(req), scopeOfSession(s)),
        })),
      });
    },
  );

  pages.get(
    '/world-cafe',
    { guards: [requireSignedInPage], query: listQuery },
    async (req, res, { query }) => {
      const page = query.page;
      const [docs, total] = await Promise.all([
        WorldCafeSessionModel.find()
          .sort({ start: -1, title: 1, _id: 1 })
          .skip((page - 1) * PER_PAGE)
          .limit(PER_PAGE)
          .lean(),
        WorldCafeSessionModel.countDocuments(),
      ]);
      const sessions = docs.map(toSessionView);
      const [counts, events] = await Promise.all([
        tableCounts(sessions.map((s) => s.id)),
        Promise.all(
          [...new Set(sessions.map((s) => s.eventId))].map((id) =>
            getEvent(id).catch((): EventView | undefined => undefined),
          ),
        ),
      ]);
      const eventById = new Map(events.flatMap((e) => (e ? [[e.id, e] as const] : [])));
      const lastPage = Math.max(1, Math.ceil(total / PER_PAGE));
      const actor = actorOf(req);
      render(req, res, 'world-cafe/sessions', {
        title: 'World Café sessions',
        heading: 'World Café sessions',
        all: true,
        total,
        sessions: sessions.map((s) => {
          const event = eventById.get(s.eventId);
          return {
            ...s,
            event,
            when: event ? when(s, event.timeZone) : s.start.toISOString(),
            tables: counts.get(s.id) ?? 0,
            canManage: cafePolicy.manage(actor, scopeOfSession(s)),
          };
        }),
        page,
        lastPage,
        manyPages: lastPage > 1,
        previousHref: page > 1 ? `/world-cafe?page=${page - 1}` : undefined,
        nextHref: page < lastPage ? `/world-cafe?page=${page + 1}` : undefined,
      });
    },
  );
  return pages.router;
}
