import type { RequestHandler } from 'express';
import { forbidden } from '../../lib/errors';
import { canManageEvent, requireRole } from '../../lib/http/access';
import { loadStandDoc } from './stand-context';

/** Reads: every signed-in organiser (admins always pass requireRole). */
export const standReader: RequestHandler = requireRole('comms', 'facilitator');

/** Writes to a stand: admins, and comms users who manage the stand's event. */
export function standManager(param = 'id'): RequestHandler[] {
  return [
    requireRole('comms'),
    (req, _res, next) => {
      loadStandDoc(String(req.params[param] ?? ''))
        .then((stand) => {
          next(
            req.user && canManageEvent(req.user, stand.eventId.toString())
              ? undefined
              : forbidden(),
          );
        })
        .catch(next);
    },
  ];
}

/** Creating a stand: admins, and comms users who manage the event. */
export function eventManager(param = 'eventId'): RequestHandler[] {
  return [
    requireRole('comms'),
    (req, _res, next) => {
      const eventId = String(req.params[param] ?? '').toLowerCase();
      next(req.user && canManageEvent(req.user, eventId) ? undefined : forbidden());
    },
  ];
}
