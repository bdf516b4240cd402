import { Router, type RequestHandler } from 'express';
import { noStreams, type Component } from '../../lib/component';
import type { AppContext } from '../../lib/context';
import { createPasswordResetQueue } from './account.service';
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
 * `main` serves the sign-in and account pages and /api/auth, /api/users,
 * /api/capability-links.
 */
export type AuthComponent = Component<
  { authenticate: RequestHandler; main: Router },
  Record<string, never>
> & {
  /** Resolves once every password reset asked for so far has queued its e-mail (tests). */
  resetsSettled(): Promise<void>;
};

/** Needs no ports. */
export function createAuthComponent(context: AppContext): AuthComponent {
  const csrf = createCsrf(context.config.sessionSecret, cookieOptionsFor(context));
  // One limiter for every door to a password check, so they share the count.
  const signInLimiter = createSignInLimiter();
  const resets = createPasswordResetQueue();
  const main = Router();
  main.use(createAuthPagesRouter(context, csrf, signInLimiter));
  main.use(
    createAccountPagesRouter(
      context,
      csrf,
      { signIn: signInLimiter, passwordReset: createPasswordResetLimiter() },
      resets,
    ),
  );
  main.use('/api/auth', createAuthApiRouter(context, signInLimiter));
  main.use('/api/users', createUsersApiRouter(context));
  main.use('/api/capability-links', createCapabilityLinksApiRouter(context));
  return {
    routers: { authenticate: createAuthenticate(context, csrf), main },
    ports: {},
    jobs: [],
    endStreams: noStreams,
    // Resets asked for just before the signal still get their e-mail.
    stop: () => resets.settled(),
    resetsSettled: () => resets.settled(),
  };
}

export { ensureFirstAdmin } from './first-admin';
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
