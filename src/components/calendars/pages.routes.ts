import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { parseBody, parseId } from '../../lib/http/validate';
import { getUser, type AuthUser } from '../auth';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import { createPageRenderer, viewerTimeZone } from '../../lib/http/pages';
import { formatDay } from '../../lib/time-format';
import { getEvent, listEvents } from '../events';
import { CALENDAR_SOURCES } from './calendar-sources';
import { createSubscriptionForm, revokeSubscriptionForm } from './calendars.schemas';
import { feedLinks, type CalendarSubscriptionView } from './calendars.presenter';
import {
  createSubscription,
  getSubscription,
  listSubscriptions,
  revokeSubscription,
} from './subscriptions.service';

type Notice = { created?: { label: string; https: string; webcal: string }; error?: string };

/** How many links each table shows; more is a sign someone should tidy up, not page through. */
const LINKS_SHOWN = 200;

/**
 * GET /calendars: the signed-in person's subscription links, a form to make one
 * and revoke buttons; admins also see everyone else's live links, with their owners,
 * and can revoke them. Tokens are stored only as hashes, so a new link is shown
 * once, on the page that answers the form; the lists show labels only.
 * Form posts are CSRF-checked by the authenticate middleware (session cookies).
 */
export function createCalendarPages(context: AppContext): Router {
  const router = Router();
  const render = createPageRenderer(context.config);
  const { publicBaseUrl } = context.config;

  const showPage = async (req: Request, res: Response, notice: Notice = {}, status = 200) => {
    const user = currentUser(req);
    const chosenEventId = preselectedEvent(req);
    const zone = viewerTimeZone(req, context.config);
    const [links, everyone, events] = await Promise.all([
      listSubscriptions(user, {
        page: 1,
        limit: LINKS_SHOWN,
        ownerUserId: user.id,
        includeRevoked: false,
      }),
      user.role === 'admin' ? otherPeoplesLinks(user, zone) : undefined,
      listEvents({ page: 1, limit: 200, sort: 'startDate' }),
    ]);
    const eventOptions = events.items.map((event) => ({ id: event.id, name: event.name }));
    if (chosenEventId && !eventOptions.some((event) => event.id === chosenEventId)) {
      const chosen = await eventOrNothing(chosenEventId);
      if (chosen) eventOptions.unshift({ id: chosen.id, name: chosen.name });
    }
    render(
      req,
      res,
      'calendars/calendar-subscriptions',
      {
        title: 'Calendar subscriptions',
        ...notice,
        links: await Promise.all(links.items.map((link) => linkRow(link, zone))),
        everyone,
        events: eventOptions.map((event) => ({ ...event, selected: event.id === chosenEventId })),
        chosenEvent: eventOptions.find((event) => event.id === chosenEventId),
        scripts: ['/static/js/copy-button.js'],
      },
      status,
    );
  };

  const page =
    (handler: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: NextFunction) => {
      handler(req, res).catch(async (err: unknown) => {
        // Form mistakes are shown on the page; anything else is the error handler's.
        if (!(err instanceof AppError) || err.status >= 500 || err.code === 'csrf_invalid') {
          return next(err);
        }
        try {
          await showPage(req, res, { error: err.message }, err.status);
        } catch (pageErr) {
          next(pageErr);
        }
      });
    };

  router.get(
    '/calendars',
    requireSignedInPage,
    page((req, res) => showPage(req, res)),
  );

  router.post(
    '/calendars/subscriptions',
    requireSignedInPage,
    page(async (req, res) => {
      const user = currentUser(req);
      const form = parseBody(createSubscriptionForm, req);
      const resourceId = form.scope === 'person' ? user.id : form.resourceId;
      if (!resourceId) throw new AppError('validation_failed', 'Choose an event', 400);
      const { subscription, token } = await createSubscription(user, {
        scope: form.scope,
        resourceId,
        label: form.label || undefined,
      });
      const created = { label: subscription.label, ...feedLinks(publicBaseUrl, token) };
      await showPage(req, res, { created }, 201);
    }),
  );

  // Revoking breaks every calendar app that follows the link, so the list's button
  // leads here first: what will stop, and the button that does it.
  router.get(
    '/calendars/subscriptions/:id/revoke',
    requireSignedInPage,
    page(async (req, res) => {
      const user = currentUser(req);
      const link = await getSubscription(user, parseId(req, 'Calendar subscription'));
      if (link.revokedAt) return res.redirect(303, '/calendars');
      const owner =
        link.ownerUserId === user.id ? undefined : await userOrNothing(link.ownerUserId);
      render(req, res, 'calendars/calendar-revoke', {
        title: `Revoke ${link.label}`,
        link: await linkRow(link, viewerTimeZone(req, context.config)),
        owner: owner && `${owner.name} <${owner.email}>`,
      });
    }),
  );

  router.post(
    '/calendars/subscriptions/:id/revoke',
    requireSignedInPage,
    page(async (req, res) => {
      parseBody(revokeSubscriptionForm, req);
      await revokeSubscription(
        currentUser(req),
        parseId(req, 'Calendar subscription'),
        context.clock(),
      );
      res.redirect(303, '/calendars');
    }),
  );

  return router;
}

/** `?event=<id>` from an event page's link: that event is chosen in the form. */
function preselectedEvent(req: Request): string | undefined {
  const value = req.query.event;
  return typeof value === 'string' && /^[0-9a-f]{24}$/.test(value) ? value : undefined;
}

async function eventOrNothing(id: string) {
  try {
    return await getEvent(id);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) return undefined;
    throw err;
  }
}

/** A link as a table row: what it follows is named (the event, the person), dates as days. */
async function linkRow(link: CalendarSubscriptionView, zone: string) {
  const source = CALENDAR_SOURCES[link.scope];
  const name = await source.resourceName(link.resourceId);
  return {
    ...link,
    kind: source.describe,
    resourceName: name ?? (link.scope === 'event-programme' ? 'removed event' : 'deleted account'),
    resourceGone: name === undefined,
    createdOn: formatDay(link.createdAt, zone),
    lastUsedOn: link.lastUsedAt ? formatDay(link.lastUsedAt, zone) : undefined,
  };
}

/** For admins: everyone else's live links, each with its owner's name and address. */
async function otherPeoplesLinks(admin: AuthUser, zone: string) {
  const all = await listSubscriptions(admin, {
    page: 1,
    limit: LINKS_SHOWN,
    includeRevoked: false,
  });
  const others = all.items.filter((link) => link.ownerUserId !== admin.id);
  const ownerIds = [...new Set(others.map((link) => link.ownerUserId))];
  const owners = new Map(
    await Promise.all(ownerIds.map(async (id) => [id, await userOrNothing(id)] as const)),
  );
  return {
    links: await Promise.all(
      others.map(async (link) => {
        const owner = owners.get(link.ownerUserId);
        return {
          ...(await linkRow(link, zone)),
          owner: owner ? `${owner.name} <${owner.email}>` : 'deleted account',
        };
      }),
    ),
    truncated: all.total > all.items.length,
  };
}

/** A link may outlive its owner's account; the list still shows it so it can be revoked. */
async function userOrNothing(id: string) {
  try {
    return await getUser(id);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) return undefined;
    throw err;
  }
}
