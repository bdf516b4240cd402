import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { parseId } from '../../lib/http/validate';
import { currentUser } from '../../lib/http/access';
import { guardBy } from '../../lib/http/policy';
import { feedPolicy } from './policies';
import { sendCalendar } from './calendar-response';
import { renderCalendar } from './calendar-render';
import { resolveEventFeedWindow, resolveFeedWindow } from './feed-window';
import { loadStandFeed } from './sources/stand.source';
import {
  createSubscriptionBody,
  feedWindowQuery,
  listSubscriptionsQuery,
  subscriptionLinks,
  subscriptionView,
} from './calendars.schemas';
import { feedLinks } from './calendars.presenter';
import {
  getProgrammeCalendar,
  getProgrammeItemIcs,
  getSubscriptionCalendar,
} from './feeds.service';
import { createSubscription, listSubscriptions, revokeSubscription } from './subscriptions.service';
import { param, slugParam } from '../../lib/http/params';

const calendarResponse = (description: string) => ({
  mediaType: 'text/calendar',
  description: `${description} (RFC 5545; strong ETag, If-None-Match → 304)`,
});

/** Feeds, downloads and subscription links. Every organiser role may read programmes. */
export function createCalendarsApi(context: AppContext): ApiRouter {
  const { publicBaseUrl } = context.config;
  const organiser = guardBy((actor) => feedPolicy.may(actor, 'read', null), {});
  const api = new ApiRouter(context.registry, '', 'Calendars');

  api.route(
    'get',
    '/api/events/:id/programme.ics',
    {
      summary: 'Event programme as an iCalendar feed',
      description:
        'Times in the event’s zone with its VTIMEZONE; cancelled items stay, as STATUS:CANCELLED.',
      query: feedWindowQuery,
      guards: [organiser],
      security: 'organiser',
      response: calendarResponse('The programme inside the window'),
    },
    async (req, res, { query }) => {
      const calendar = await getProgrammeCalendar(parseId(req, 'Event'), {
        window: query,
        now: context.clock(),
        baseUrl: publicBaseUrl,
      });
      sendCalendar(req, res, calendar);
    },
  );

  api.route(
    'get',
    '/api/events/:eventId/programme-items/:id.ics',
    {
      summary: 'One programme item as an .ics download',
      guards: [organiser],
      security: 'organiser',
      response: calendarResponse('The item, as an attachment'),
    },
    async (req, res) => {
      const { fileName, ...calendar } = await getProgrammeItemIcs(
        parseId(req, 'Event', 'eventId'),
        parseId(req, 'Programme item'),
        publicBaseUrl,
      );
      sendCalendar(req, res, calendar, { fileName });
    },
  );

  api.route(
    'get',
    '/api/stands/:id/calendar.ics',
    {
      summary: 'A stand’s opening hours and screenings as an iCalendar feed',
      query: feedWindowQuery,
      guards: [organiser],
      security: 'organiser',
      response: calendarResponse('Opening hours and screenings inside the window'),
    },
    async (req, res, { query }) => {
      const now = context.clock();
      const feed = await loadStandFeed(
        parseId(req, 'Stand'),
        {
          rolling: (timeZone) => resolveFeedWindow(query, now, timeZone),
          event: (timeZone) => resolveEventFeedWindow(query, now, timeZone),
        },
        publicBaseUrl,
      );
      sendCalendar(req, res, renderCalendar(feed));
    },
  );

  api.route(
    'get',
    '/cal/:token.ics',
    {
      summary: 'Subscription feed (no sign-in: the token is the credential)',
      description: 'Unknown and revoked tokens both answer 404.',
      query: feedWindowQuery,
      security: 'none',
      response: calendarResponse('The subscribed feed inside the window'),
    },
    async (req, res, { query }) => {
      const calendar = await getSubscriptionCalendar(param(req, 'token', slugParam('Calendar')), {
        window: query,
        now: context.clock(),
        baseUrl: publicBaseUrl,
      });
      sendCalendar(req, res, calendar);
    },
  );

  api.route(
    'post',
    '/api/calendar-subscriptions',
    {
      summary: 'Create a subscription link (the token is shown only in this answer)',
      body: createSubscriptionBody,
      guards: [organiser],
      security: 'organiser',
      response: { status: 201, schema: subscriptionLinks },
    },
    async (req, res, { body }) => {
      const { subscription, token } = await createSubscription(currentUser(req), body);
      res.status(201).json({ id: subscription.id, ...feedLinks(publicBaseUrl, token) });
    },
  );

  api.route(
    'get',
    '/api/calendar-subscriptions',
    {
      summary: 'List subscription links (own; admins: everyone’s, or one person’s)',
      query: listSubscriptionsQuery,
      guards: [organiser],
      security: 'organiser',
      response: {
        schema: z.object({
          items: z.array(subscriptionView),
          page: z.number(),
          limit: z.number(),
          total: z.number(),
        }),
      },
    },
    async (req, res, { query }) => {
      res.json(await listSubscriptions(currentUser(req), query));
    },
  );

  api.route(
    'delete',
    '/api/calendar-subscriptions/:id',
    {
      summary: 'Revoke a subscription link (owner or admin)',
      guards: [organiser],
      security: 'organiser',
      response: { status: 204 },
    },
    async (req, res) => {
      await revokeSubscription(
        currentUser(req),
        parseId(req, 'Calendar subscription'),
        context.clock(),
      );
      res.status(204).end();
    },
  );

  return api;
}
