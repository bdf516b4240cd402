import type { Request, Router } from 'express';
import { z } from 'zod';
import {
  issueCapabilityLink,
  listCapabilityLinks,
  requireCapability,
  revokeCapabilityLink,
} from '../auth';
import { getEvent } from '../events';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { ApiRouter } from '../../lib/http/api-router';
import { scheduleToJson, scheduleToXml } from './schedule.format';
import { buildSchedule } from './schedule.service';
import { idParam, param } from '../../lib/http/params';

/**
 * The frab schedule without an account: conference apps (Giggity, ConfClerk) load a
 * URL and cannot sign in, so an event's schedule gets revocable capability links like
 * calendar subscriptions. One key opens both schedule.xml and schedule.json.
 */
export const SCHEDULE_SCOPE = 'exhibitions:schedule';

const path = (eventId: string, format: 'xml' | 'json') =>
  `/exhibitions/schedule/${eventId}/schedule.${format}`;

export type ScheduleLink = { id: string; xmlUrl: string; jsonUrl: string };
export type ScheduleLinkListing = { id: string; createdAt: Date; expiresAt: Date };

/** Issues a link (valid until a week after the event); the key is in the answer only. */
export async function issueScheduleLink(
  context: AppContext,
  input: { eventId: string; label: string; createdBy: string },
): Promise<ScheduleLink> {
  const event = await getEvent(input.eventId);
  const base = context.config.publicBaseUrl;
  const link = await issueCapabilityLink({
    scope: SCHEDULE_SCOPE,
    resourceId: event.id,
    path: path(event.id, 'xml'),
    baseUrl: base,
    label: input.label,
    createdBy: input.createdBy,
    expiresAt: new Date(Date.parse(`${event.endDate}T00:00:00Z`) + 8 * 86_400_000),
    now: context.clock(),
  });
  return {
    id: link.id,
    xmlUrl: link.url,
    jsonUrl: `${base}${path(event.id, 'json')}?key=${link.token}`,
  };
}

/** The event's schedule links still working, newest first (their keys are not kept). */
export async function listScheduleLinks(
  eventId: string,
  now: Date,
): Promise<ScheduleLinkListing[]> {
  const page = await listCapabilityLinks({
    scope: SCHEDULE_SCOPE,
    resourceId: eventId,
    status: 'active',
    limit: 100,
    now,
  });
  return page.items.map((l) => ({ id: l.id, createdAt: l.createdAt, expiresAt: l.expiresAt }));
}

/** Revokes one of the event's schedule links; 404 when it is not one of them. */
export async function revokeScheduleLink(eventId: string, linkId: string, now: Date) {
  const links = await listScheduleLinks(eventId, now);
  if (!links.some((l) => l.id === linkId)) {
    throw new AppError('not_found', 'No such schedule link for this event', 404);
  }
  await revokeCapabilityLink(linkId, now);
}

const keyQuery = z.object({
  // The schedule link's key, from the planner.
  key: z.string().optional(),
});
const DESCRIPTION =
  'The frab schedule for apps that cannot sign in (Giggity, ConfClerk): opened with the key of a ' +
  'schedule link made on the stand planner; 401 `capability_required` without it, 403 ' +
  '`capability_revoked` / `capability_expired` / `capability_invalid` for a revoked, expired or ' +
  'foreign key. Signed-in organisers may leave the key out.';

/** GET /exhibitions/schedule/{eventId}/schedule.xml|json?key=… — no cookies needed. */
export function createPublicScheduleRoutes(context: AppContext): Router {
  const guard = requireCapability(SCHEDULE_SCOPE, 'eventId', {
    allowRoles: ['comms', 'facilitator'],
  });
  const schedule = (req: Request) =>
    buildSchedule(param(req, 'eventId', idParam('Event')), context.config.publicBaseUrl);
  // The key is in the address: keep it out of caches and referrers.
  const noStore = { 'Cache-Control': 'private, no-cache', 'Referrer-Policy': 'no-referrer' };
  return new ApiRouter(context.registry, '', 'Exhibitions')
    .route(
      'get',
      '/exhibitions/schedule/:eventId/schedule.xml',
      {
        summary: 'Event schedule as frab XML, by schedule link (no account)',
        description: DESCRIPTION,
        guards: [guard],
        query: keyQuery,
        security: 'none',
        response: { mediaType: 'application/xml', description: 'schedule.xml' },
      },
      async (req, res) => {
        const xml = scheduleToXml(await schedule(req));
        res
          .status(200)
          .set({ ...noStore, 'Content-Disposition': 'inline; filename="schedule.xml"' })
          .type('application/xml; charset=utf-8')
          .send(xml);
      },
    )
    .route(
      'get',
      '/exhibitions/schedule/:eventId/schedule.json',
      {
        summary: 'Event schedule as frab JSON, by schedule link (no account)',
        description: DESCRIPTION,
        guards: [guard],
        query: keyQuery,
        security: 'none',
        response: { mediaType: 'application/json', description: 'schedule.json' },
      },
      async (req, res) => {
        res
          .status(200)
          .set(noStore)
          .json(scheduleToJson(await schedule(req)));
      },
    ).router;
}
