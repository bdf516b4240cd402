import { Types } from 'mongoose';
import {
  createApiToken,
  issueCapabilityLink,
  type IssueCapabilityInput,
  type NewUser,
} from '../../../src/components/auth';
// Sessions and set-password links have no public constructor outside the auth component
// (sign-in and invitations make them); its own tests and helpers reach its services directly.
import { createSession } from '../../../src/components/auth/credentials.service';
import { issueSetPasswordLink } from '../../../src/components/auth/users.service';
import { createUser, type TestUser } from '../auth';

/**
 * Test data for the auth models (users, API tokens, sessions, capability links,
 * set-password links), made through the auth services so they obey the same rules as
 * the app. Parents (the user) are created when not given.
 */

/** A user (default role comms, no password: no scrypt cost). Pass `password` to sign in with it. */
export async function buildUser(overrides: Partial<NewUser> = {}): Promise<TestUser> {
  return createUser({ password: undefined, ...overrides });
}

/** An API token for `userId` (or a new comms user); `authHeader` is ready for supertest. */
export async function buildApiToken(
  options: { userId?: string; name?: string; expiresInDays?: number; now?: Date } = {},
) {
  const { userId, ...tokenOptions } = options;
  const owner = userId ?? (await buildUser()).id;
  const created = await createApiToken(owner, { name: 'test token', ...tokenOptions });
  return {
    ...created,
    userId: owner,
    authHeader: { Authorization: `Bearer ${created.token}` },
  };
}

/** A browser session for `userId` (or a new comms user); `cookie` is the Cookie header. */
export async function buildSession(options: { userId?: string; now?: Date } = {}) {
  const userId = options.userId ?? (await buildUser()).id;
  const session = await createSession(userId, options.now);
  return { ...session, userId, cookie: `fk_session=${session.token}` };
}

/** A capability link (default: World Café table scope on a fresh resource id, 30 days). */
export async function buildCapabilityLink(overrides: Partial<IssueCapabilityInput> = {}) {
  return issueCapabilityLink({
    scope: 'world-cafe:table',
    resourceId: new Types.ObjectId().toString(),
    label: 'Test table facilitator',
    baseUrl: 'https://forumkit.test',
    ...overrides,
  });
}

/** A one-time set-password link for `userId` (or a new invited user without a password). */
export async function buildSetPasswordLink(
  options: {
    userId?: string;
    purpose?: 'invitation' | 'password-reset';
    ttlMs?: number;
    now?: Date;
  } = {},
) {
  const userId = options.userId ?? (await buildUser()).id;
  const issued = await issueSetPasswordLink(
    new Types.ObjectId(userId),
    options.purpose ?? 'invitation',
    {
      baseUrl: 'https://forumkit.test',
      ttlMs: options.ttlMs ?? 7 * 24 * 3600 * 1000,
      now: options.now ?? new Date(),
    },
  );
  const token = new URL(issued.link).searchParams.get('token') ?? '';
  return { ...issued, userId, token };
}
