import type { Request } from 'express';
import { AppError, forbidden, unauthenticated } from '../errors';
import type { RequestUser } from './access';

/**
 * The shared vocabulary of every component's `policies.ts`: who is asking (an actor),
 * where a thing lives (its scope), and one way to turn a refusal into an answer.
 * Components declare *what* each role may do to each of their things; the rules of
 * scope that are the same everywhere ("comms users act on their events' things") live
 * here once.
 */

/** A capability link's grant as policies see it: one scope on one resource, no account. */
export type KeyGrant = { id: string; scope: string; resourceId: string; expiresAt: Date };

/** Who is asking: nobody, a signed-in organiser, a capability key, or both. */
export type Actor = {
  user?: RequestUser;
  key?: KeyGrant;
};

/** Where a thing lives: its event (null for event-less things) and its projects. */
export type Scope = {
  eventId?: string | null;
  projectIds?: readonly string[];
};

/** The actor of a request, from what authentication (and a capability guard) put on it. */
export function actorOf(req: Request): Actor {
  const key = (req as Request & { capability?: KeyGrant }).capability;
  return { user: req.user, key };
}

/** Admins manage everything. */
export function isAdmin(actor: Actor): boolean {
  return actor.user?.role === 'admin';
}

/**
 * Whether `user` manages things in `scope`: admins always; comms users when the thing
 * belongs to one of their events, or — for a thing of no event — to one of their
 * projects. Facilitators manage nothing by role (their sessions are a World Café rule).
 */
export function managesScope(user: RequestUser | undefined, scope: Scope): boolean {
  if (!user) return false;
  if (user.role === 'admin') return true;
  if (user.role !== 'comms') return false;
  if (scope.eventId) return user.eventIds.includes(scope.eventId);
  const own = user.projectIds ?? [];
  return (scope.projectIds ?? []).some((projectId) => own.includes(projectId));
}

/** Whether the key grants `scope` on `resourceId` (and has not expired by `now`). */
export function keyGrants(actor: Actor, scope: string, resourceId: string, now: Date): boolean {
  const key = actor.key;
  return !!key && key.scope === scope && key.resourceId === resourceId && key.expiresAt > now;
}

/**
 * Turns a policy's answer into the request's fate: allowed → nothing; refused → 401
 * `unauthenticated` for nobody, else 403 with the policy's own code and message.
 */
export function authorize(
  actor: Actor,
  allowed: boolean,
  refusal: { code?: string; message?: string } = {},
): void {
  if (allowed) return;
  if (!actor.user && !actor.key) throw unauthenticated();
  if (refusal.code) throw new AppError(refusal.code, refusal.message ?? 'Not allowed', 403);
  throw forbidden(refusal.message);
}

/** The one message for a thing outside the actor's events. */
export const NOT_YOUR_EVENT = 'You do not manage this event';
