import type { RequestHandler, Router } from 'express';
import { paramId } from '../../lib/http/params';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { parseId } from '../../lib/http/validate';
import { currentUser } from '../../lib/http/access';
import { guardBy } from '../../lib/http/policy';
import { eventScopeOf, invitationPolicy } from './policies';
import { invitationsQueued, sendInvitationsBody } from './invitations.schemas';
import { sendProgrammeItemInvitations } from './invitations.service';

/** Admins, and comms users who manage the event in route parameter `eventId`. */
export const eventManagerOnly: RequestHandler[] = [
  guardBy((actor, req) =>
    invitationPolicy.may(actor, 'send', eventScopeOf(paramId(req, 'Event', 'eventId'))),
  ),
];

export function createInvitationsApi(context: AppContext): Router {
  const api = new ApiRouter(context.registry, '', 'Invitations');

  api.route(
    'post',
    '/api/events/:eventId/programme-items/:itemId/invitations',
    {
      summary: 'Invite people to a programme item by e-mail (with an .ics invitation)',
      description:
        'Queues one message per attendee (addresses lower-cased, repeats dropped) with an ' +
        'iTIP REQUEST whose UID matches the calendar feeds, and the programme PDF when ' +
        '`attachProgramme`. Sending the same invitation again queues nothing new; after the ' +
        'item moves (its sequence goes up) it invites again. 409 `item_cancelled` for a ' +
        'cancelled item.',
      body: sendInvitationsBody,
      guards: eventManagerOnly,
      security: 'organiser',
      response: { status: 202, schema: invitationsQueued },
    },
    async (req, res, { body }) => {
      const user = currentUser(req);
      const queued = await sendProgrammeItemInvitations(
        {
          ...body,
          eventId: parseId(req, 'Event', 'eventId'),
          itemId: parseId(req, 'Programme item', 'itemId'),
          inviter: { name: user.name, email: user.email },
        },
        { baseUrl: context.config.publicBaseUrl, now: context.clock() },
      );
      res.status(202).json(queued);
    },
  );

  return api.router;
}
