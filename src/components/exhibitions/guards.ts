import type { RequestHandler } from 'express';
import { paramId } from '../../lib/http/params';
import { guardBy } from '../../lib/http/policy';
import { standPolicy, standScope, type StandAction } from './policies';
import { loadStandDoc } from './stand-context';

/** Reads: every signed-in organiser. */
export const standReader: RequestHandler = guardBy(
  (actor) => standPolicy.may(actor, 'read', {}),
  {},
);

/** `action` on the stand named by route parameter `param` (loaded to learn its event). */
export function standManager(param = 'id', action: StandAction = 'update'): RequestHandler[] {
  return [
    guardBy(async (actor, req) => {
      if (!actor.user) return false; // nobody: 401 before the stand is looked up
      const stand = await loadStandDoc(paramId(req, 'Stand', param));
      return standPolicy.may(actor, action, standScope(stand));
    }),
  ];
}

/** Creating a stand in the event named by route parameter `param`. */
export function eventManager(param = 'eventId'): RequestHandler[] {
  return [
    guardBy((actor, req) =>
      standPolicy.may(actor, 'create', standScope({ eventId: paramId(req, 'Event', param) })),
    ),
  ];
}
