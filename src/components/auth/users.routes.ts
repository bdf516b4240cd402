import type { Router } from 'express';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { parseId } from '../../lib/http/validate';
import {
  createUserBody,
  invitationView,
  listUsersQuery,
  pageOf,
  updateUserBody,
  userView,
} from './auth.schemas';
import { currentUser } from '../../lib/http/access';
import { guardBy } from '../../lib/http/policy';
import { accountPolicy } from './policies';
import {
  createUser,
  deleteUser,
  getUser,
  listUsers,
  resendInvitation,
  updateUser,
} from './users.service';

/** /api/users: account administration, admins only. */
export function createUsersApiRouter(context: AppContext): Router {
  const api = new ApiRouter(context.registry, '/api/users', 'users');
  const adminOnly = {
    guards: [guardBy((actor) => accountPolicy.may(actor, 'list', null), {})],
    security: 'organiser' as const,
  };

  api.route(
    'get',
    '/',
    {
      summary: 'List users',
      query: listUsersQuery,
      ...adminOnly,
      response: { schema: pageOf(userView) },
    },
    async (_req, res, { query }) => {
      res.json(await listUsers(query));
    },
  );

  api.route(
    'post',
    '/',
    {
      summary: 'Create a user, with a password or by e-mail invitation',
      description:
        'With `invite: true` the user gets an e-mail with a one-time set-password link (7 days). ' +
        'E-mail addresses are stored lower-case; a taken address answers 409 `email_taken`.',
      body: createUserBody,
      ...adminOnly,
      response: { status: 201, schema: userView },
    },
    async (req, res, { body }) => {
      const inviter = currentUser(req);
      const user = await createUser(body, {
        baseUrl: context.config.publicBaseUrl,
        passwordHash: context.config.passwordHash,
        defaultTimeZone: context.config.defaultTimeZone,
        inviter: { id: inviter.id, name: inviter.name },
        now: context.clock(),
      });
      res.status(201).location(`/api/users/${user.id}`).json(user);
    },
  );

  api.route(
    'get',
    '/:id',
    { summary: 'One user', ...adminOnly, response: { schema: userView } },
    async (req, res) => {
      res.json(await getUser(parseId(req, 'User')));
    },
  );

  api.route(
    'patch',
    '/:id',
    {
      summary: 'Change a user',
      description:
        'A new password ends the user’s browser sessions and revokes their API tokens. The last admin cannot be demoted (409).',
      body: updateUserBody,
      ...adminOnly,
      response: { schema: userView },
    },
    async (req, res, { body }) => {
      res.json(await updateUser(parseId(req, 'User'), body, context.config.passwordHash));
    },
  );

  api.route(
    'delete',
    '/:id',
    {
      summary: 'Delete a user with their sessions and API tokens',
      ...adminOnly,
      response: { status: 204 },
    },
    async (req, res) => {
      await deleteUser(parseId(req, 'User'));
      res.status(204).end();
    },
  );

  api.route(
    'post',
    '/:id/invitation',
    {
      summary: 'Send a user who has no password yet a new invitation',
      description:
        'Issues a fresh one-time set-password link (7 days) and queues the invitation e-mail; the ' +
        'previous link stops working. 409 `already_active` when the user has set a password.',
      ...adminOnly,
      response: { status: 202, schema: invitationView },
    },
    async (req, res) => {
      const inviter = currentUser(req);
      const sent = await resendInvitation(parseId(req, 'User'), {
        baseUrl: context.config.publicBaseUrl,
        defaultTimeZone: context.config.defaultTimeZone,
        inviter: { id: inviter.id, name: inviter.name },
        now: context.clock(),
      });
      res.status(202).json(sent);
    },
  );

  return api.router;
}
