import type { Router } from 'express';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { parseId } from '../../lib/http/validate';
import { guardBy } from '../../lib/http/policy';
import { outboxPolicy } from './policies';
import { outboxListQuery, outboxMessageView, outboxPageView } from './mail.schemas';
import { cancelMessage, listOutbox, retryMessage } from './outbox.service';

/** The admin API over the outbox, mounted at /api/outbox. */
export function createOutboxApiRouter(context: AppContext): Router {
  const api = new ApiRouter(context.registry, '/api/outbox', 'Mail');
  const adminOnly = {
    guards: [guardBy((actor) => outboxPolicy.may(actor, 'read', null), {})],
    security: 'organiser' as const,
  };

  api.route(
    'get',
    '/',
    {
      summary: 'List outbox messages',
      description: 'Newest first; filter by `status` or recipient `to`. Admins only.',
      query: outboxListQuery,
      response: { schema: outboxPageView },
      ...adminOnly,
    },
    async (_req, res, { query }) => {
      res.json(await listOutbox(query));
    },
  );

  api.route(
    'post',
    '/:id/retry',
    {
      summary: 'Retry an outbox message now',
      description:
        'Queues a failed, cancelled or waiting message for an immediate attempt with a fresh set of attempts. 409 when sent or in flight.',
      response: { schema: outboxMessageView },
      ...adminOnly,
    },
    async (req, res) => {
      res.json(await retryMessage(parseId(req, 'Outbox message')));
    },
  );

  api.route(
    'post',
    '/:id/cancel',
    {
      summary: 'Cancel an outbox message',
      description: 'Stops a queued or failed message from being sent. 409 when sent or in flight.',
      response: { schema: outboxMessageView },
      ...adminOnly,
    },
    async (req, res) => {
      res.json(await cancelMessage(parseId(req, 'Outbox message')));
    },
  );

  return api.router;
}
