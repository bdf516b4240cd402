import type { RequestHandler } from 'express';
import { paramId } from '../../lib/http/params';
import { guardBy } from '../../lib/http/policy';
import {
  directoryPolicy,
  eventPolicy,
  eventScope,
  programmePolicy,
  type EventAction,
} from './policies';

/** Reads of events, programmes and the directory: every signed-in organiser. */
export const anyOrganiser: RequestHandler = guardBy(
  (actor) => eventPolicy.may(actor, 'read', {}),
  {},
);

/** Directory writes and new events: what the policies give admins alone. */
export const adminOnly: RequestHandler = guardBy(
  (actor) => directoryPolicy.may(actor, 'write', null),
  {},
);

/** Creating an event. */
export const eventCreator: RequestHandler = guardBy(
  (actor) => eventPolicy.may(actor, 'create', {}),
  {},
);

/** `action` on the event named by route parameter `param` (`programme`: on its programme). */
export function eventManager(
  param = 'id',
  action: EventAction = 'update',
  what: 'event' | 'programme' = 'event',
): RequestHandler[] {
  const policy = what === 'event' ? eventPolicy : programmePolicy;
  return [
    guardBy((actor, req) => policy.may(actor, action, eventScope(paramId(req, 'Event', param)))),
  ];
}
