import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import type { ApiRouter } from '../../lib/http/api-router';
import { actorOf } from '../../lib/http/policy';
import { parseId } from '../../lib/http/validate';
import { followUpSweepers, inventoryOrganisers, recipientAdmins } from './api-guards';
import { sendDueFollowUps, sendFollowUpsNow } from './follow-ups.service';
import { anonymiseAfterEvents, anonymiseRecipient, exportRecipient } from './personal-data.service';
import { allowOrRefuse, maySeeHandOuts } from './policies';

/** What reaches recipients and what is kept about them: follow-up e-mails, export, anonymising. */
export function mountRecipientRoutes(api: ApiRouter, context: AppContext): void {
  const base = () => context.config.publicBaseUrl;
  api.route(
    'post',
    '/kit-follow-ups/send-now',
    {
      summary: 'Send follow-ups now to a selection of hand-outs',
      description:
        'Each consenting hand-out gets its next unsent follow-up; each follow-up goes at most once.',
      body: z.strictObject({
        handOutIds: z
          .array(z.string().regex(/^[0-9a-f]{24}$/i))
          .min(1)
          .max(1000),
      }),
      guards: inventoryOrganisers,
      security: 'organiser',
    },
    async (req, res, { body }) => {
      allowOrRefuse(req, await maySeeHandOuts(actorOf(req), body.handOutIds));
      res.json(await sendFollowUpsNow(body.handOutIds, base()));
    },
  );
  api.route(
    'post',
    '/kit-follow-ups/run',
    {
      summary: 'Send every follow-up that is due (every event: admins)',
      guards: followUpSweepers,
      security: 'organiser',
    },
    async (_req, res) => {
      res.json({ sent: await sendDueFollowUps(context.clock(), base()) });
    },
  );
  api.route(
    'get',
    '/recipients/:id/export',
    {
      summary: 'Everything kept about one recipient (JSON)',
      guards: recipientAdmins,
      security: 'organiser',
    },
    async (req, res) => {
      res
        .set('Cache-Control', 'private, no-store')
        .json(await exportRecipient(parseId(req, 'Recipient')));
    },
  );
  api.route(
    'delete',
    '/recipients/:id',
    {
      summary: 'Anonymise a recipient',
      description:
        'Name, organisation, role and e-mail go (also from claim links and e-mails); the counts stay.',
      guards: recipientAdmins,
      security: 'organiser',
    },
    async (req, res) => {
      res.json(await anonymiseRecipient(parseId(req, 'Recipient'), context.clock()));
    },
  );
  api.route(
    'post',
    '/recipients/anonymise-after-events',
    {
      summary: "Anonymise recipients whose event ended the kit type's anonymiseAfterDays ago",
      guards: recipientAdmins,
      security: 'organiser',
    },
    async (_req, res) => {
      res.json({ anonymised: await anonymiseAfterEvents(context.clock()) });
    },
  );
}
