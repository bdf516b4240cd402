import type { Request, RequestHandler } from 'express';
import { AppError } from '../../lib/errors';
import type { Role } from './auth.types';
import { resolveCapability } from './capability.service';
import { bearerCapabilityKeyOf, nowFor } from './request-state';

/**
 * The key of a capability link: `Authorization: Bearer <key>`, the `X-Capability-Key`
 * header, or `?key=` in the address (links opened from a QR code).
 */
function presentedKey(req: Request): string | undefined {
  const bearer = bearerCapabilityKeyOf(req);
  if (bearer) return bearer;
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
