import type { Request, RequestHandler } from 'express';
import { forbidden, notFound, unauthenticated } from '../../lib/errors';
import { canManageEvent } from '../../lib/http/access';
import { requireCapability } from '../auth';
import { WorldCafeSessionModel } from './session.model';
import { findTable } from './tables.service';
import { WorldCafeTableModel } from './table.model';
import { toObjectId } from './ids';

/** The capability scope of a facilitator's link: one table. */
export const TABLE_SCOPE = 'world-cafe:table';
/** The scope of a link to a link-protected wall: one session. */
export const WALL_SCOPE = 'world-cafe:wall';

async function eventIdOfSession(sessionId: string): Promise<string> {
  const session = await WorldCafeSessionModel.findById(toObjectId(sessionId, 'Session'), {
    eventId: 1,
  }).lean();
  if (!session) throw notFound('Session');
  return session.eventId.toString();
}

export async function eventIdOfTable(tableId: string): Promise<string> {
  return eventIdOfSession((await findTable(tableId)).sessionId.toString());
}

function assertManager(req: Request, eventId: string): void {
  if (!req.user) throw unauthenticated();
  if (!canManageEvent(req.user, eventId)) throw forbidden('You do not manage this event');
}

/** Organisers who manage the session's event (admins; comms users of the event). */
export function sessionManager(param = 'id'): RequestHandler {
  return async (req, _res, next) => {
    try {
      assertManager(req, await eventIdOfSession(String(req.params[param])));
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Organisers who manage the event of the table named by `param`. */
export function tableManager(param = 'id'): RequestHandler {
  return async (req, _res, next) => {
    try {
      assertManager(req, await eventIdOfTable(String(req.params[param])));
      next();
    } catch (err) {
      next(err);
    }
  };
}

/**
 * Capture calls of one table: its capability key (Bearer, X-Capability-Key or ?key=),
 * or a signed-in organiser — a facilitator, or someone who manages the event. A key
 * for another table is refused (403 capability_invalid).
 */
export function tableCapture(param = 'id'): RequestHandler[] {
  return [
    requireCapability(TABLE_SCOPE, param, { allowRoles: ['comms', 'facilitator'] }),
    async (req, _res, next) => {
      try {
        if (req.capability || !req.user || req.user.role !== 'comms') return next();
        assertManager(req, await eventIdOfTable(String(req.params[param])));
        next();
      } catch (err) {
        next(err);
      }
    },
  ];
}

const isId = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-f]{24}$/i.test(value);

/**
 * A photo the organiser published (chosen in the table's published summary) is public,
 * like the report it belongs to; any other photo needs `guards` (the table's key or an
 * organiser). The photo's own table is checked by the route itself.
 */
export function publishedPhotoOr(guards: RequestHandler[]): RequestHandler {
  return async (req, res, next) => {
    try {
      const { id, photoId } = req.params;
      const published =
        isId(id) &&
        isId(photoId) &&
        (await WorldCafeTableModel.exists({
          _id: id,
          $or: [
            { 'summary.published.photoIds': photoId },
            {
              'summary.published': { $exists: false },
              'summary.status': 'published',
              'summary.photoIds': photoId,
            },
          ],
        })) !== null;
      if (published) return next();
    } catch (err) {
      return next(err);
    }
    // Otherwise the usual guards, one after the other, as Express would run them.
    const run = (i: number) => (err?: unknown) => {
      if (err !== undefined && err !== null) return next(err);
      const guard = guards[i];
      if (!guard) return next();
      void Promise.resolve(guard(req, res, run(i + 1))).catch(next);
    };
    run(0)();
  };
}
