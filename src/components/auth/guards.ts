import type { Request, RequestHandler } from 'express';
import { AppError, forbidden, unauthenticated } from '../../lib/errors';
import type { AuthUser, Role } from './auth.types';
import { resolveCapability } from './capability.service';
import { nowFor } from './request-state';

/**
 * Lets a request through when its user holds one of `roles` (admins always pass).
 * 401 `unauthenticated` without a user, 403 `forbidden` with the wrong role.
 */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.user) return next(unauthenticated());
    if (req.user.role !== 'admin' && !roles.includes(req.user.role)) return next(forbidden());
    next();
  };
}

/** Admins manage every event; comms users the events listed on their account; nobody else. */
export function canManageEvent(user: AuthUser, eventId: string): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'comms' && user.eventIds.includes(eventId);
}

/**
 * For HTML pages: without a signed-in user, a GET is sent to the sign-in page (and
 * comes back here afterwards); other methods get 401.
 */
export const requireSignedInPage: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  if (req.method !== 'GET' && req.method !== 'HEAD') return next(unauthenticated());
  res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
};

/** The key of a capability link: `?key=` in the address or the `X-Capability-Key` header. */
function presentedKey(req: Request): string | undefined {
  const header = req.get('x-capability-key');
  if (header) return header.trim();
  const query = req.query.key;
  return typeof query === 'string' && query ? query : undefined;
}

/**
 * Guards a route with a capability link granting `scope` on the resource named by
 * route parameter `resourceParam`; sets `req.capability`. Without a key, signed-in
 * organisers with one of `allowRoles` (admins always) pass without `req.capability`;
 * everyone else gets 401 `capability_required`. A key that is unknown or for another
 * scope or resource → 403 `capability_invalid`; revoked → `capability_revoked`;
 * expired → `capability_expired`.
 */
export function requireCapability(
  scope: string,
  resourceParam: string,
  options: { allowRoles?: Role[] } = {},
): RequestHandler {
  const allowRoles = options.allowRoles ?? [];
  return async (req, _res, next) => {
    try {
      const key = presentedKey(req);
      if (!key) {
        if (req.user && (req.user.role === 'admin' || allowRoles.includes(req.user.role)))
          return next();
        throw new AppError(
          'capability_required',
          'Open this page with the link you were given',
          401,
        );
      }
      const grant = await resolveCapability(key, nowFor(req));
      if (grant.scope !== scope || grant.resourceId !== req.params[resourceParam]) {
        throw new AppError('capability_invalid', 'This link does not open this page', 403);
      }
      req.capability = grant;
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** The user a role guard has already let through (a missing guard is a programming error). */
export function currentUser(req: Request): AuthUser {
  if (!req.user) throw new Error('route is missing its role guard');
  return req.user;
}
