import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { parseBody, parseId } from '../../lib/http/validate';
import { createPageRenderer, currentUser, requireSignedInPage } from '../auth';
import { listEvents } from '../events';
import { CALENDAR_SOURCES } from './calendar-sources';
import { createSubscriptionForm, revokeSubscriptionForm } from './calendars.schemas';
import { feedLinks } from './calendars.presenter';
import { createSubscription, listSubscriptions, revokeSubscription } from './subscriptions.service';

type Notice = { created?: { label: string; https: string; webcal: string }; error?: string };

/**
 * GET /calendars: the signed-in person's subscription links, a form to make one
 * and revoke buttons. Tokens are stored only as hashes, so a new link is shown
 * once, on the page that answers the form; the list shows labels only.
 * Form posts are CSRF-checked by the authenticate middleware (session cookies).
 */
export function createCalendarPages(context: AppContext): Router {
  const router = Router();
  const render = createPageRenderer(context);
  const { publicBaseUrl } = context.config;

  const showPage = async (req: Request, res: Response, notice: Notice = {}, status = 200) => {
    const user = currentUser(req);
    const [links, events] = await Promise.all([
      listSubscriptions(user, { page: 1, limit: 200, includeRevoked: false }),
      listEvents({ page: 1, limit: 200, sort: 'startDate' }),
    ]);
    render(
      req,
      res,
      'calendar-subscriptions',
      {
        title: 'Calendar subscriptions',
        ...notice,
        links: links.items.map((link) => ({
          ...link,
          kind: CALENDAR_SOURCES[link.scope].describe,
          createdOn: link.createdAt.toISOString().slice(0, 10),
          lastUsedOn: link.lastUsedAt?.toISOString().slice(0, 10),
        })),
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
