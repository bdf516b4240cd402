import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { parseBody, parseId } from '../../lib/http/validate';
import { getUser, type AuthUser } from '../auth';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import { createPageRenderer } from '../../lib/http/pages';
import { listEvents } from '../events';
import { CALENDAR_SOURCES } from './calendar-sources';
import { createSubscriptionForm, revokeSubscriptionForm } from './calendars.schemas';
import { feedLinks, type CalendarSubscriptionView } from './calendars.presenter';
import { createSubscription, listSubscriptions, revokeSubscription } from './subscriptions.service';

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
    const [links, everyone, events] = await Promise.all([
      listSubscriptions(user, {
        page: 1,
        limit: LINKS_SHOWN,
        ownerUserId: user.id,
        includeRevoked: false,
      }),
      user.role === 'admin' ? otherPeoplesLinks(user) : undefined,
      listEvents({ page: 1, limit: 200, sort: 'startDate' }),
    ]);
    render(
      req,
      res,
      'calendar-subscriptions',
      {
        title: 'Calendar subscriptions',
        ...notice,
        links: links.items.map(linkRow),
        everyone,
        events: events.items.map((event) => ({ id: event.id, name: event.name })),
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

function linkRow(link: CalendarSubscriptionView) {
  return {
    ...link,
    kind: CALENDAR_SOURCES[link.scope].describe,
    createdOn: link.createdAt.toISOString().slice(0, 10),
    lastUsedOn: link.lastUsedAt?.toISOString().slice(0, 10),
  };
}

/** For admins: everyone else's live links, each with its owner's name and address. */
async function otherPeoplesLinks(admin: AuthUser) {
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
    links: others.map((link) => {
      const owner = owners.get(link.ownerUserId);
      return {
        ...linkRow(link),
        owner: owner ? `${owner.name} <${owner.email}>` : 'deleted account',
      };
    }),
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
