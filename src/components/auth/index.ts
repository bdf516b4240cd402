import { Router, type RequestHandler } from 'express';
import type { AppContext } from '../../lib/context';
import { createAccountPagesRouter } from './account-pages.routes';
import { createAuthApiRouter } from './auth.routes';
import { cookieOptionsFor, createAuthenticate } from './authenticate';
import { createCapabilityLinksApiRouter } from './capability-links.routes';
import { createCsrf } from './csrf';
import { createAuthPagesRouter } from './pages.routes';
import { createPasswordResetLimiter, createSignInLimiter } from './sign-in-limiter';
import { createUsersApiRouter } from './users.routes';

/**
 * The auth component: who is asking (users, sessions, API tokens, capability links)
 * and what they may do (roles). `authenticate` goes before every other router;
 * `router` serves the sign-in and account pages and /api/auth, /api/users,
 * /api/capability-links.
 */
export function createAuthComponent(context: AppContext): {
  authenticate: RequestHandler;
  router: Router;
} {
  const csrf = createCsrf(context.config.sessionSecret, cookieOptionsFor(context));
  // One limiter for every door to a password check, so they share the count.
  const signInLimiter = createSignInLimiter();
  const router = Router();
  router.use(createAuthPagesRouter(context, csrf, signInLimiter));
  router.use(
    createAccountPagesRouter(context, csrf, {
      signIn: signInLimiter,
      passwordReset: createPasswordResetLimiter(),
    }),
  );
  router.use('/api/auth', createAuthApiRouter(context, signInLimiter));
  router.use('/api/users', createUsersApiRouter(context));
  router.use('/api/capability-links', createCapabilityLinksApiRouter(context));
  return { authenticate: createAuthenticate(context, csrf), router };
}

export { ensureFirstAdmin } from './first-admin';
export { passwordResetsSettled } from './account.service';
export { redactRequestForLog, redactUrlSecrets } from './log-redaction';
export { requireCapability } from './guards';
export {
  issueCapabilityLink,
  listCapabilityLinks,
  revokeCapabilityLink,
  type CapabilityLinkFilter,
  type IssueCapabilityInput,
} from './capability.service';
export { createUser, getUser, listUsers, type NewUser } from './users.service';
export { createApiToken } from './credentials.service';
export type { CapabilityLinkView, UserView } from './auth.presenter';
export { ROLES, type AuthUser, type CapabilityGrant, type Role } from './auth.types';
