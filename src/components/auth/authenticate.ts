import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import { AppError } from '../../lib/errors';
import type { AppContext } from '../../lib/context';
import { resolveApiToken, resolveSession } from './credentials.service';
import { csrfInvalid, type Csrf } from './csrf';
import { isCapabilityKey } from './capability.service';
import { setApiTokenHash, setBearerCapabilityKey, setClock, setSessionId } from './request-state';
import { hashSecret } from '../../lib/secrets';

export const SESSION_COOKIE = 'fk_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Secure cookies when the public address is https or this request arrived over TLS (via a trusted proxy). */
export function cookieOptionsFor(context: AppContext) {
  const httpsSite = context.config.publicBaseUrl.startsWith('https:');
  return (req: Request): CookieOptions => ({
    httpOnly: true,
    sameSite: 'lax',
    secure: httpsSite || req.secure,
    path: '/',
  });
}

export function setSessionCookie(
  req: Request,
  res: Response,
  context: AppContext,
  token: string,
  expiresAt: Date,
) {
  res.cookie(SESSION_COOKIE, token, { ...cookieOptionsFor(context)(req), expires: expiresAt });
}

export function clearSessionCookie(req: Request, res: Response, context: AppContext) {
  res.clearCookie(SESSION_COOKIE, cookieOptionsFor(context)(req));
}

/**
 * Sets `req.user` from `Authorization: Bearer <token>` (scripts) or the `fk_session`
 * cookie (browsers); anonymous requests pass through untouched. A bearer capability
 * key is kept for the capability guard (see fromBearer).
 *
 * Cookie-authenticated writes are where CSRF matters (the browser attaches the cookie
 * to cross-site requests), so they are checked here, once for every component:
 * - pages (form posts): a valid CSRF token in `_csrf` or `X-CSRF-Token`;
 * - API (`/api/…`): `Content-Type: application/json`, or a valid `X-CSRF-Token`, or an
 *   `X-Capability-Key`. A foreign page cannot send a JSON content type or a custom
 *   header without a CORS preflight, which this app never grants.
 * Bearer-token requests need no check: no browser attaches that header by itself.
 */
export function createAuthenticate(context: AppContext, csrf: Csrf): RequestHandler {
  return async (req, res, next) => {
    try {
      setClock(req, context.clock);
      req.csrfToken = () => csrf.token(req, res);
      const authorization = req.get('authorization');
      if (authorization !== undefined) {
        await fromBearer(req, authorization, context.clock());
        return next();
      }
      const cookie: unknown = req.cookies?.[SESSION_COOKIE];
      if (typeof cookie !== 'string' || !cookie) return next();
      const session = await resolveSession(cookie, context.clock());
      if (!session) {
        clearSessionCookie(req, res, context);
        return next();
      }
      req.user = session.user;
      setSessionId(req, session.sessionId);
      if (session.renewedUntil) setSessionCookie(req, res, context, cookie, session.renewedUntil);
      if (!SAFE_METHODS.has(req.method)) assertNotForged(req, csrf);
      next();
    } catch (err) {
      next(err);
    }
  };
}

/**
 * A bearer token is an API token (sets `req.user`) or the key of a capability link
 * (phones of World Café facilitators send theirs this way). A capability key makes
 * no user: it is only remembered for `requireCapability`, so it opens the routes of
 * its own scope and resource and nothing else. Whether it is revoked or expired is
 * that guard's answer (a clear 403), not a generic 401 here.
 */
async function fromBearer(req: Request, authorization: string, now: Date): Promise<void> {
  const token = /^Bearer +([\w.~+/=-]+) *$/i.exec(authorization)?.[1];
  const user = token ? await resolveApiToken(token, now) : undefined;
  if (token && user) {
    req.user = user;
    // Remembered so that a password change made with this token keeps it.
    setApiTokenHash(req, hashSecret(token));
    return;
  }
  if (token && (await isCapabilityKey(token))) {
    setBearerCapabilityKey(req, token);
    return;
  }
  throw new AppError('invalid_token', 'The API token is unknown, revoked or expired', 401);
}

function assertNotForged(req: Request, csrf: Csrf) {
  if (csrf.isValid(req)) return;
  if (req.path.startsWith('/api/')) {
    const contentType = (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType === 'application/json' || req.get('x-capability-key')) return;
    throw csrfInvalid('Send JSON (Content-Type: application/json) or an X-CSRF-Token header');
  }
  throw csrfInvalid();
}
