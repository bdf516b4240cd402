import type { Router } from 'express';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { parseId } from '../../lib/http/validate';
import { capabilityLinkView, listCapabilityLinksQuery, pageOf } from './auth.schemas';
import { listCapabilityLinks, revokeCapabilityLink } from './capability.service';
import { guardBy } from '../../lib/http/policy';
import { capabilityLinkPolicy } from './policies';

/** /api/capability-links: see and revoke account-free links, admins only. */
export function createCapabilityLinksApiRouter(context: AppContext): Router {
  const api = new ApiRouter(context.registry, '/api/capability-links', 'capability links');
  const adminOnly = {
    guards: [guardBy((actor) => capabilityLinkPolicy.may(actor, 'list', null), {})],
    security: 'organiser' as const,
  };

  api.route(
    'get',
    '/',
    {
      summary: 'List capability links',
      description:
        'Filter by scope, resource and status (default `active`). Keys are never shown again.',
      query: listCapabilityLinksQuery,
      ...adminOnly,
      response: { schema: pageOf(capabilityLinkView) },
    },
    async (_req, res, { query }) => {
      res.json(await listCapabilityLinks({ ...query, now: context.clock() }));
    },
  );

  api.route(
    'delete',
    '/:id',
    { summary: 'Revoke a capability link', ...adminOnly, response: { status: 204 } },
    async (req, res) => {
      await revokeCapabilityLink(parseId(req, 'Capability link'), context.clock());
      res.status(204).end();
    },
  );

  return api.router;
}
