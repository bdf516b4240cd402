import type { Request, RequestHandler } from 'express';
import { forbidden, unauthenticated } from '../errors';
import { managesScope } from './policy';

/**
 * Who is asking, as every component's routes see it. The auth component fills
 * `req.user` (from a session cookie or an API token) before any router runs; the
 * guards here only read it, so a component that protects its routes needs nothing
 * from auth itself.
 */

/** Organiser roles, from most to least powerful. */
export const ROLES = ['admin', 'comms', 'facilitator'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in organiser. */
export type RequestUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Events a comms user may manage; admins manage every event. */
  eventIds: string[];
  /** Projects a comms user works for: event-less things of these projects are theirs too. */
  projectIds?: string[];
  /** The IANA zone this person reads times in, when they chose one. */
  timeZone?: string;
  /** How this request was authenticated: a session cookie or an API token. */
  via: 'session' | 'token';
};

declare module 'express-serve-static-core' {
  interface Request {
    user?: RequestUser;
  }
}

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

/** Admins manage every event; comms users the events listed on their account; nobody else (the policy vocabulary's rule). */
export function canManageEvent(user: RequestUser, eventId: string): boolean {
  return managesScope(user, { eventId });
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

/** The user a role guard has already let through (a missing guard is a programming error). */
export function currentUser(req: Request): RequestUser {
  if (!req.user) throw new Error('route is missing its role guard');
  return req.user;
}
