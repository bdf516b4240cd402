import type { Request, RequestHandler } from 'express';
import { notFound } from '../../lib/errors';
import {
  NOT_YOUR_EVENT,
  actorOf,
  authorize,
  keyGrants,
  managesScope,
  type Actor,
  type Scope,
} from '../../lib/http/policy';
import { requireCapability } from '../auth';
import { toObjectId } from './ids';
import { WorldCafeSessionModel } from './session.model';
import { WorldCafeTableModel } from './table.model';

/**
 * Who may do what in the World Café, declared once; routes and pages ask these rules
 * and write no checks of their own.
 *
 * - Admins: everything.
 * - Comms users: everything on sessions of their events (`managesScope`).
 * - Facilitators: capture at, read and watch the wall of the sessions they facilitate
 *   (the session's `facilitatorIds`), and nothing of other sessions.
 * - A table's capability key: capture at its own table only (another table's key →
 *   403 `capability_invalid`, expired → `capability_expired`, revoked →
 *   `capability_revoked`; `requireCapability` answers those).
 * - A wall link: that session's wall only.
 * Publishing is an organiser's step (manage); a change to published outcomes or a
 * published summary by anyone goes back to that review (see commands.ts).
 */

/** The capability scope of a facilitator's link: one table. */
export const TABLE_SCOPE = 'world-cafe:table';
/** The scope of a link to a link-protected wall: one session. */
export const WALL_SCOPE = 'world-cafe:wall';

/** Where a session or one of its tables lives. */
export type CafeScope = Scope & {
  sessionId: string;
  tableId?: string;
  facilitatorIds: readonly string[];
};

export async function sessionScope(sessionId: string): Promise<CafeScope> {
  const session = await WorldCafeSessionModel.findById(toObjectId(sessionId, 'Session'), {
    eventId: 1,
    facilitatorIds: 1,
  }).lean();
  if (!session) throw notFound('Session');
  return {
    eventId: session.eventId.toString(),
    sessionId: session._id.toString(),
    facilitatorIds: (session.facilitatorIds ?? []).map(String),
  };
}

export async function tableScope(tableId: string): Promise<CafeScope> {
  const table = await WorldCafeTableModel.findById(toObjectId(tableId, 'Table'), {
    sessionId: 1,
  }).lean();
  if (!table) throw notFound('Table');
  return { ...(await sessionScope(table.sessionId.toString())), tableId: table._id.toString() };
}

/** A facilitator account named on the session. */
export function facilitates(actor: Actor, scope: CafeScope): boolean {
  const user = actor.user;
  return user?.role === 'facilitator' && scope.facilitatorIds.includes(user.id);
}

/** The rules, one per kind of action. */
export const cafePolicy = {
  /** Set up, add tables, review and publish, synthesis, links, mail: the event's managers. */
  manage: (actor: Actor, scope: CafeScope): boolean => managesScope(actor.user, scope),
  /** Read a session with its tables: its managers and its facilitators. */
  read: (actor: Actor, scope: CafeScope): boolean =>
    managesScope(actor.user, scope) || facilitates(actor, scope),
  /** Capture at a table (notes, quotes, dots, counts, outcomes, photos, summary draft). */
  capture: (actor: Actor, scope: CafeScope, now: Date): boolean =>
    (!!scope.tableId && keyGrants(actor, TABLE_SCOPE, scope.tableId, now)) ||
    managesScope(actor.user, scope) ||
    facilitates(actor, scope),
  /** A link-protected wall: its wall link, its managers and facilitators. */
  watchWall: (actor: Actor, scope: CafeScope, now: Date): boolean =>
    keyGrants(actor, WALL_SCOPE, scope.sessionId, now) ||
    managesScope(actor.user, scope) ||
    facilitates(actor, scope),
} as const;

export type CafeAction = keyof typeof cafePolicy;

/** Throws the policy's refusal (401 for nobody; 403 naming why) unless `action` is allowed. */
export function authorizeCafe(actor: Actor, action: CafeAction, scope: CafeScope, now: Date): void {
  const allowed = cafePolicy[action](actor, scope, now);
  const message =
    actor.user?.role === 'facilitator' ? 'You do not facilitate this session' : NOT_YOUR_EVENT;
  authorize(actor, allowed, { code: 'forbidden', message });
}

/** Whether the request's actor may `action` (for pages that show or hide a control). */
export function mayCafe(req: Request, action: CafeAction, scope: CafeScope, now: Date): boolean {
  return cafePolicy[action](actorOf(req), scope, now);
}

type Clock = () => Date;

function guard(
  load: (id: string) => Promise<CafeScope>,
  action: CafeAction,
  clock: Clock,
  param: string,
): RequestHandler {
  return async (req, _res, next) => {
    try {
      authorizeCafe(actorOf(req), action, await load(String(req.params[param])), clock());
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Guards a route on the session named by `param` (default `id`). */
export const sessionGuard = (action: CafeAction, clock: Clock, param = 'id') =>
  guard(sessionScope, action, clock, param);

/** Guards a route on the table named by `param` (default `id`). */
export const tableGuard = (action: CafeAction, clock: Clock, param = 'id') =>
  guard(tableScope, action, clock, param);

/**
 * Capture calls of one table: the table's key (Bearer, X-Capability-Key or ?key=),
 * checked and resolved first, then the capture rule.
 */
export function tableCaptureGuards(clock: Clock, param = 'id'): RequestHandler[] {
  return [
    requireCapability(TABLE_SCOPE, param, { allowRoles: ['comms', 'facilitator'] }),
    tableGuard('capture', clock, param),
  ];
}

/** The scope of a session already read (lists). */
export const scopeOfSession = (session: {
  id: string;
  eventId: string;
  facilitatorIds?: readonly string[];
}): CafeScope => ({
  eventId: session.eventId,
  sessionId: session.id,
  facilitatorIds: session.facilitatorIds ?? [],
});

/** Creating a session in an event: that event's managers. */
export const mayCreateSessionIn = (actor: Actor, eventId: string): boolean =>
  managesScope(actor.user, { eventId: eventId.toLowerCase() });

export function authorizeNewSession(actor: Actor, eventId: string): void {
  authorize(actor, mayCreateSessionIn(actor, eventId), {
    code: 'forbidden',
    message: NOT_YOUR_EVENT,
  });
}

/**
 * Which sessions of an event the actor may list: all for its managers, their own for
 * facilitators; anyone else is refused.
 */
export function sessionListFilter(actor: Actor, eventId: string): { facilitatorId?: string } {
  if (managesScope(actor.user, { eventId: eventId.toLowerCase() })) return {};
  if (actor.user?.role === 'facilitator') return { facilitatorId: actor.user.id };
  authorize(actor, false, { code: 'forbidden', message: NOT_YOUR_EVENT });
  return {};
}
