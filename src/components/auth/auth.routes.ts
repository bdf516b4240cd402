import type { RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { parseId } from '../../lib/http/validate';
import { changePassword } from './account.service';
import {
  apiTokenView,
  changePasswordBody,
  createdTokenView,
  createTokenBody,
  listTokensQuery,
  pageOf,
} from './auth.schemas';
import { ROLES } from './auth.types';
import {
  createApiToken,
  listApiTokens,
  revokeApiToken,
  verifyCredentials,
} from './credentials.service';
import { currentUser } from '../../lib/http/access';
import { guardBy } from '../../lib/http/policy';
import { selfPolicy } from './policies';
import { apiTokenHashOf, sessionIdOf } from './request-state';

const signedIn = guardBy((actor) => selfPolicy.may(actor, 'use', {}), {});

/** /api/auth: API tokens for scripts, password changes, and who am I. */
export function createAuthApiRouter(context: AppContext, signInLimiter: RequestHandler): Router {
  const api = new ApiRouter(context.registry, '/api/auth', 'auth');

  api.route(
    'post',
    '/tokens',
    {
      summary: 'Create an API token from e-mail and password',
      description:
        'The token is in this answer only (it is stored hashed). Send it as `Authorization: Bearer <token>`. ' +
        'Failed attempts are rate-limited per IP address and e-mail (429 `rate_limited`).',
      body: createTokenBody,
      guards: [signInLimiter],
      response: { status: 201, schema: createdTokenView },
    },
    async (_req, res, { body }) => {
      const user = await verifyCredentials(body.email, body.password, context.config.passwordHash);
      const created = await createApiToken(user.id, {
        name: body.name,
        expiresInDays: body.expiresInDays,
        now: context.clock(),
      });
      res.status(201).json(created);
    },
  );

  api.route(
    'get',
    '/tokens',
    {
      summary: 'List my API tokens',
      query: listTokensQuery,
      guards: [signedIn],
      security: 'organiser',
      response: { schema: pageOf(apiTokenView) },
    },
    async (req, res, { query }) => {
      res.json(await listApiTokens(currentUser(req).id, query));
    },
  );

  api.route(
    'delete',
    '/tokens/:id',
    {
      summary: 'Revoke an API token (its owner or an admin)',
      guards: [signedIn],
      security: 'organiser',
      response: { status: 204 },
    },
    async (req, res) => {
      await revokeApiToken(parseId(req, 'API token'), currentUser(req));
      res.status(204).end();
    },
  );

  api.route(
    'post',
    '/password',
    {
      summary: 'Change my password',
      description:
        'Needs the current password (401 `invalid_credentials` when wrong; rate-limited together with ' +
        'sign-in, 429 `rate_limited`). The new one has at least 12 characters. Every other browser ' +
        'session and API token of the account ends; the credential of this request keeps working.',
      body: changePasswordBody,
      guards: [signedIn, signInLimiter],
      security: 'organiser',
      response: { status: 204 },
    },
    async (req, res, { body }) => {
      await changePassword(
        currentUser(req).id,
        body,
        { sessionId: sessionIdOf(req) || undefined, apiTokenHash: apiTokenHashOf(req) },
        context.config.passwordHash,
      );
      res.status(204).end();
    },
  );

  api.route(
    'get',
    '/me',
    {
      summary: 'The signed-in organiser',
      guards: [signedIn],
      security: 'organiser',
      response: { schema: authUserView },
    },
    (req, res) => {
      res.json(currentUser(req));
    },
  );

  api.route(
    'get',
    '/csrf',
    {
      summary: 'A CSRF token for scripts on organiser pages',
      description:
        'Cookie-authenticated writes that are not JSON (e.g. file uploads) send it as `X-CSRF-Token`.',
      guards: [signedIn],
      security: 'organiser',
      response: { schema: z.object({ csrfToken: z.string() }) },
    },
    (req, res) => {
      res.set('Cache-Control', 'no-store').json({ csrfToken: req.csrfToken?.() ?? '' });
    },
  );

  return api.router;
}

const authUserView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  eventIds: z.array(z.string()),
  projectIds: z.array(z.string()),
  via: z.enum(['session', 'token']),
});
