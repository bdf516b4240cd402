import type { RequestUser } from '../../lib/http/access';
import {
  definePolicy,
  isAdmin,
  isOrganiser,
  manages,
  type Actor,
  type Scope,
} from '../../lib/http/policy';

/**
 * Who may do what to events, their programme and the directory (clusters, projects,
 * organisations, cities, people).
 *
 * - Every signed-in organiser reads events, programmes and the directory (they are
 *   published on the public pages anyway).
 * - Admins create events; an event and its programme are changed by admins and by the
 *   comms users who manage that event.
 * - The directory is shared by every event: admins alone change it.
 */
export type EventAction = 'read' | 'create' | 'update' | 'delete';

/** An event, or a thing of one event (a programme item): its scope is the event. */
export const eventPolicy = definePolicy<EventAction, Scope>({
  read: isOrganiser,
  create: isAdmin,
  update: manages,
  delete: manages,
});

/** Programme items: changed by whoever manages their event. */
export const programmePolicy = definePolicy<EventAction, Scope>({
  read: isOrganiser,
  create: manages,
  update: manages,
  delete: manages,
});

export type DirectoryAction = 'read' | 'write';

/** The shared directory: read by every organiser, written by admins. */
export const directoryPolicy = definePolicy<DirectoryAction, null>({
  read: isOrganiser,
  write: isAdmin,
});

/** The scope of an event by its id (ids are compared lower-cased). */
export const eventScope = (eventId: string): Scope => ({ eventId: eventId.toLowerCase() });

/** For page definitions that are handed the signed-in user rather than an actor. */
export const asActor = (user: RequestUser): Actor => ({ user });
