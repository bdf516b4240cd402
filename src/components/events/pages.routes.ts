import { Router, type NextFunction, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import { asActor, eventPolicy, eventScope } from './policies';
import { collectNotices } from '../../lib/http/notices';
import type { EventsPorts } from './ports';
import { createPageRenderer } from '../../lib/http/pages';
import { paramId } from '../../lib/http/params';
import { listCitiesOfProjects } from './cities.service';
import { getClustersByIds } from './clusters.service';
import { CITY_ROLES } from './directory.models';
import { formatDateRange, formatItemTime } from './dates.format';
import type { EventView } from './events.presenter';
import { getEvent, listEvents } from './events.service';
import { listProgrammeItems } from './programme.service';
import { getProjectsByIds } from './projects.service';
import { countryName } from './values';

const RECENT_EVENTS = 5;

/** GET / (dashboard: the events) and GET /events/:id (one event), for signed-in organisers. */
export function createEventPages(
  context: AppContext,
  ports: Pick<EventsPorts, 'dashboardNotices'>,
): Router {
  const router = Router();
  const render = createPageRenderer(context.config);

  const page =
    (handler: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: NextFunction) => {
      handler(req, res).catch((err: unknown) => {
        if (err instanceof AppError && err.status === 404) {
          render(req, res, 'event-not-found', { title: 'Event not found' }, 404);
        } else {
          next(err);
        }
      });
    };

  router.get(
    '/',
    requireSignedInPage,
    page(async (req, res) => {
      const { items, total } = await listEvents({ page: 1, limit: 200, sort: 'startDate' });
      const today = DateTime.fromJSDate(context.clock(), { zone: 'utc' }).toISODate() ?? '';
      const rows = items.map(eventSummary);
      render(req, res, 'events/dashboard', {
        title: 'Events',
        notices: await collectNotices(context.logger, ports.dashboardNotices, req),
        upcoming: rows.filter((e) => e.endDate >= today),
        // The latest few past events, so a dashboard with nothing ahead still leads somewhere.
        recent: rows
          .filter((e) => e.endDate < today)
          .reverse()
          .slice(0, RECENT_EVENTS),
        total,
        truncated: total > items.length,
        canCreate: currentUser(req).role === 'admin',
      });
    }),
  );

  router.get(
    '/events/:id',
    requireSignedInPage,
    page(async (req, res) => {
      const event = await getEvent(paramId(req, 'Event'));
      const [programme, clusters] = await Promise.all([
        listProgrammeItems(event.id),
        getClustersByIds(event.clusterIds),
      ]);
      const projectIds = [...new Set(clusters.flatMap((c) => c.projectIds))];
      const [projects, cities] = await Promise.all([
        getProjectsByIds(projectIds),
        listCitiesOfProjects(projectIds),
      ]);
      const canInvite = eventPolicy.may(asActor(currentUser(req)), 'update', eventScope(event.id));
      const invitation = invitationOutcome(req.query);
      render(req, res, 'events/event', {
        title: event.name,
        event: eventSummary(event),
        canInvite,
        canManage: canInvite,
        notice: savedNotice(req.query),
        programme: programme.map((item) => ({
          ...item,
          when: formatItemTime(item.start, item.end, item.allDay, event.timeZone),
          cancelled: item.status === 'cancelled',
          invitation: invitation?.itemId === item.id ? invitation : undefined,
        })),
        clusters: clusters.map((cluster) => ({
          ...cluster,
          projects: projects
            .filter((p) => cluster.projectIds.includes(p.id))
            .map((p) => ({
              ...p,
              cities: cities
                .flatMap((city) =>
                  city.projects
                    .filter((link) => link.projectId === p.id)
                    .map((link) => ({
                      name: city.name,
                      country: countryName(city.country),
                      role: link.role,
                    })),
                )
                .sort(
                  (a, b) =>
                    CITY_ROLES.indexOf(a.role) - CITY_ROLES.indexOf(b.role) ||
                    a.name.localeCompare(b.name, 'en'),
                ),
            })),
        })),
      });
    }),
  );
  return router;
}

function eventSummary(event: EventView) {
  return {
    ...event,
    dates: formatDateRange(event.startDate, event.endDate, event.datePrecision),
    countryName: countryName(event.country),
  };
}

/**
 * Why an invitation form post sent nothing, as a code in its redirect back to this
 * page: the page turns it into a fixed sentence, so no text from the request is
 * echoed onto the page. The invitations component handles the form and answers with
 * one of these codes.
 */
export type InvitationFormProblem =
  'no_addresses' | 'too_many_addresses' | 'invalid_address' | 'message_too_long' | 'item_cancelled';

const INVITATION_PROBLEMS: Record<InvitationFormProblem, string> = {
  no_addresses: 'Enter at least one e-mail address.',
  too_many_addresses: 'Invite at most 200 people at a time.',
  invalid_address: 'Some entries are not e-mail addresses, so nothing was sent. Check the list.',
  message_too_long: 'The message is too long (at most 2,000 characters).',
  item_cancelled: 'This item is cancelled, so nobody can be invited to it.',
};

/** After the event form: which fixed sentence to show (no text from the request is echoed). */
function savedNotice(query: Request['query']): string | undefined {
  if (query.done === 'created') return 'The event was created.';
  if (query.done === 'updated') return 'The event was saved.';
  return undefined;
}

/** The outcome of the invitation form, shown on the item's row after its redirect. */
function invitationOutcome(query: Request['query']) {
  const itemId = typeof query.item === 'string' ? query.item : undefined;
  if (!itemId) return undefined;
  const problem = typeof query.invitationError === 'string' ? query.invitationError : '';
  if (Object.hasOwn(INVITATION_PROBLEMS, problem)) {
    return { itemId, error: INVITATION_PROBLEMS[problem as InvitationFormProblem] };
  }
  const queued = typeof query.invited === 'string' ? query.invited : '';
  if (!/^\d{1,3}$/.test(queued)) return undefined;
  const count = Number(queued);
  return {
    itemId,
    notice: `Invitations queued for ${count} ${count === 1 ? 'person' : 'people'}.`,
  };
}
