import type { Request, RequestHandler } from 'express';
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

/**
 * Where a thing lives: its event (null for event-less things) — or, for things shown
 * in several events (resources, postcards), its events — and its projects.
 */
export type Scope = {
  eventId?: string | null;
  eventIds?: readonly string[];
  projectIds?: readonly string[];
};

/** The events a scope names, whichever way it names them. */
export function eventsOfScope(scope: Scope): string[] {
  const events = [...(scope.eventIds ?? [])];
  if (scope.eventId) events.push(scope.eventId);
  return [...new Set(events.map((id) => id.toLowerCase()))];
}

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
  // A thing shown in several events is every one of them's: changing it changes theirs.
  const events = eventsOfScope(scope);
  if (events.length > 0) return events.every((eventId) => user.eventIds.includes(eventId));
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

/** Any signed-in organiser (admin, comms or facilitator). */
export function isOrganiser(actor: Actor): boolean {
  return !!actor.user;
}

/** Admins and comms users: the roles that organise events (facilitators only run World Cafés). */
export function isEventOrganiser(actor: Actor): boolean {
  return actor.user?.role === 'admin' || actor.user?.role === 'comms';
}

/** Whether the actor's account manages things in `scope` (see `managesScope`). */
export function manages(actor: Actor, scope: Scope): boolean {
  return managesScope(actor.user, scope);
}

/**
 * What of a scoped collection the actor may see: everything (admins), or only the
 * things of these events and — for event-less things — these projects (comms users).
 * Facilitators and nobody see nothing. Lists filter by it; asking for one event
 * outside it is refused.
 */
export type Visibility =
  { all: true } | { all: false; eventIds: readonly string[]; projectIds: readonly string[] };

export function visibilityOf(actor: Actor): Visibility {
  const user = actor.user;
  if (user?.role === 'admin') return { all: true };
  if (user?.role !== 'comms') return { all: false, eventIds: [], projectIds: [] };
  return { all: false, eventIds: user.eventIds, projectIds: user.projectIds ?? [] };
}

/**
 * A component's policy for one kind of thing: for each action, whether the actor may
 * do it to the thing. Routes ask `policy.may(actor, action, thing)` and hand the
 * answer to `authorize`; nothing else decides who may do what.
 */
export type Policy<Action extends string, Thing> = {
  may(actor: Actor, action: Action, thing: Thing): boolean;
};

export function definePolicy<Action extends string, Thing>(
  rules: Record<Action, (actor: Actor, thing: Thing) => boolean>,
): Policy<Action, Thing> {
  return { may: (actor, action, thing) => rules[action](actor, thing) };
}

/** The refusal for a thing outside the actor's events or projects. */
export const NOT_YOURS = { message: NOT_YOUR_EVENT } as const;

/**
 * A route guard that asks a policy: `check` gets the actor and the request (it may load
 * the thing to learn its scope); a refusal answers 401 for nobody, else 403.
 */
export function guardBy(
  check: (actor: Actor, req: Request) => boolean | Promise<boolean>,
  refusal: { code?: string; message?: string } = NOT_YOURS,
): RequestHandler {
  return (req, _res, next) => {
    const actor = actorOf(req);
    Promise.resolve()
      .then(() => check(actor, req))
      .then((allowed) => authorize(actor, allowed, refusal))
      .then(() => next(), next);
  };
}
