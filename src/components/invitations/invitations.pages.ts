import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { parseBody, parseId } from '../../lib/http/validate';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import { actorOf, authorize, NOT_YOURS } from '../../lib/http/policy';
import { eventScopeOf, invitationPolicy } from './policies';
import { createPageRenderer } from '../../lib/http/pages';
import type { InvitationFormProblem } from '../events';
import { invitationForm, sendInvitationsBody } from './invitations.schemas';
import { sendProgrammeItemInvitations } from './invitations.service';

/**
 * POST /events/:eventId/programme-items/:itemId/invitations: the event page's
 * invitation form. Answers with a redirect back to the item's row, carrying how many
 * messages were queued (`invited`) or what was wrong (`invitationError`). CSRF is
 * checked by the authenticate middleware, as for every cookie-authenticated post.
 */
export function createInvitationPages(context: AppContext): Router {
  const router = Router();
  const render = createPageRenderer(context.config);

  router.post(
    '/events/:eventId/programme-items/:itemId/invitations',
    requireSignedInPage,
    async (req, res, next) => {
      try {
        await handleForm(req, res);
      } catch (err) {
        if (err instanceof AppError && err.status === 404) {
          render(req, res, 'event-not-found', { title: 'Event not found' }, 404);
        } else if (err instanceof AppError && err.status === 403) {
          render(req, res, 'forbidden', { title: 'Not allowed' }, 403);
        } else {
          next(err);
        }
      }
    },
  );

  async function handleForm(req: Request, res: Response) {
    const eventId = parseId(req, 'Event', 'eventId');
    const itemId = parseId(req, 'Programme item', 'itemId');
    const user = currentUser(req);
    const actor = actorOf(req);
    authorize(actor, invitationPolicy.may(actor, 'send', eventScopeOf(eventId)), NOT_YOURS);
    const back = (outcome: Record<string, string>) => {
      const query = new URLSearchParams({ ...outcome, item: itemId });
      res.redirect(303, `/events/${eventId}?${query.toString()}#programme-item-${itemId}`);
    };

    const form = parseBody(invitationForm, req);
    const body = sendInvitationsBody.safeParse({
      attendees: addressesIn(form.emails).map((email) => ({ email })),
      message: form.message?.trim() || undefined,
      attachProgramme: form.attachProgramme === 'on',
    });
    if (!body.success) return back({ invitationError: problemOf(body.error) });

    try {
      const { queued } = await sendProgrammeItemInvitations(
        { ...body.data, eventId, itemId, inviter: { name: user.name, email: user.email } },
        { baseUrl: context.config.publicBaseUrl, now: context.clock() },
      );
      back({ invited: String(queued) });
    } catch (err) {
      if (err instanceof AppError && err.code === 'item_cancelled') {
        return back({ invitationError: 'item_cancelled' });
      }
      throw err;
    }
  }

  return router;
}

/** One address per line, or separated by commas, semicolons or spaces (as pasted from mail clients). */
function addressesIn(text: string): string[] {
  return text.split(/[\s,;]+/).filter(Boolean);
}

function problemOf(error: z.ZodError): InvitationFormProblem {
  const issue = error.issues[0];
  if (issue?.path[0] === 'message') return 'message_too_long';
  if (issue?.path.length === 1) {
    return issue.code === 'too_big' ? 'too_many_addresses' : 'no_addresses';
  }
  return 'invalid_address';
}
