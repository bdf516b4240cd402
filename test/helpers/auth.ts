import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request, { type Response } from 'supertest';
import {
  createApiToken,
  createUser as createUserAccount,
  type NewUser,
  type Role,
  type UserView,
} from '../../src/components/auth';
import { TEST_PASSWORD_HASH } from './app';

/** The password test users get unless a test sets its own. */
export const TEST_PASSWORD = 'correct horse battery staple';

export type TestUser = UserView & { password?: string };

/**
 * Creates an account through the auth service (unique e-mail per call). With the
 * default password, so it can sign in (hashed at the tests' cheap cost, TEST_PASSWORD_HASH);
 * pass `password: undefined` for an account without one.
 */
export async function createUser(overrides: Partial<NewUser> = {}): Promise<TestUser> {
  const tag = randomUUID().slice(0, 8);
  const input: NewUser = {
    email: `user-${tag}@example.org`,
    name: `Test User ${tag}`,
    role: 'comms',
    password: TEST_PASSWORD,
    ...overrides,
  };
  const user = await createUserAccount(input, {
    baseUrl: 'https://forumkit.test',
    passwordHash: TEST_PASSWORD_HASH,
  });
  return { ...user, password: input.password };
}

/**
 * A signed-in organiser for API tests: creates a user with `role` and an API token.
 * Use `authHeader` with supertest's `.set(...)`. The account has no password (so no
 * scrypt cost) unless `overrides.password` is given.
 */
export async function signInAs(app: Express, role: Role, overrides: Partial<NewUser> = {}) {
  const user = await createUser({ password: undefined, ...overrides, role });
  const { token } = await createApiToken(user.id, { name: 'test' });
  const authHeader = { Authorization: `Bearer ${token}` };
  // Proves the token works against this app before the test relies on it.
  await request(app).get('/api/auth/me').set(authHeader).expect(200);
  return { user, token, authHeader };
}

/**
 * Cookies as a browser keeps them. Test apps have an https public address, so the
 * cookies are Secure and supertest's agent would not send them back over plain
 * http; this jar does.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Takes the Set-Cookie headers of a response (expired ones are removed). */
  store(res: Response): this {
    const header = res.headers['set-cookie'] as unknown;
    const lines = Array.isArray(header)
      ? (header as string[])
      : typeof header === 'string'
        ? [header]
        : [];
    for (const line of lines) {
      const [pair = '', ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((a) => {
        const [key, val] = a.trim().split('=');
        return (
          key?.toLowerCase() === 'expires' &&
          val !== undefined &&
          new Date(val).getTime() <= Date.now()
        );
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return this;
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** The Cookie request header. */
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** The CSRF token a page embeds in its forms. */
export function csrfTokenFrom(html: string): string {
  const match = /name=['"]_csrf['"] value=['"]([^'"]+)['"]/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

/**
 * Signs in through the real sign-in form, as a browser does. Returns the cookie jar
 * (session + CSRF cookie) and a CSRF token for form posts in this session.
 */
export async function signInWithSession(
  app: Express,
  role: Role,
  overrides: Partial<NewUser> = {},
) {
  const user = await createUser({
    ...overrides,
    role,
    password: overrides.password ?? TEST_PASSWORD,
  });
  const jar = new CookieJar();
  const form = await request(app).get('/sign-in').expect(200);
  jar.store(form);
  const signedIn = await request(app)
    .post('/sign-in')
    .set('Cookie', jar.header())
    .type('form')
    .send({ email: user.email, password: user.password, _csrf: csrfTokenFrom(form.text) })
    .expect(303);
  jar.store(signedIn);
  // Signing in re-binds the CSRF cookie to the new session; its value is the form token.
  const csrfToken = jar.get('fk_csrf');
  if (!jar.get('fk_session') || !csrfToken) throw new Error('sign-in did not set the cookies');
  return { user, jar, csrfToken };
}
