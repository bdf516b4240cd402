import type { RequestHandler } from 'express';
import { forbidden } from '../../lib/errors';
import { canManageEvent, requireRole } from '../../lib/http/access';

/** Reads are open to every signed-in organiser (admins always pass requireRole). */
export const anyOrganiser: RequestHandler = requireRole('comms', 'facilitator');

/** Directory writes (clusters, projects, organisations, cities, people): admins. */
export const adminOnly: RequestHandler = requireRole('admin');

/**
 * Writes to one event and its programme: admins, and comms users who manage the
 * event named by route parameter `param`.
 */
export function eventManager(param = 'id'): RequestHandler[] {
  return [
    requireRole('comms'),
    (req, _res, next) => {
      const eventId = String(req.params[param] ?? '').toLowerCase();
      next(req.user && canManageEvent(req.user, eventId) ? undefined : forbidden());
    },
  ];
}
