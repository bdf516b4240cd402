import type { AuthUser } from '../auth';
import { definePolicy, isAdmin, isOrganiser, type Actor } from '../../lib/http/policy';

/**
 * Who may read calendars and hold subscription links.
 *
 * - Every signed-in organiser downloads programme and stand feeds (public anyway) and
 *   makes subscription links to them.
 * - A person's own calendar, and a subscription link, belong to its owner: only they
 *   (and admins) subscribe to it, see it, or revoke it.
 */
export type CalendarAction = 'read' | 'subscribe';
export const feedPolicy = definePolicy<CalendarAction, null>({
  read: isOrganiser,
  subscribe: isOrganiser,
});

/** The owner of a personal calendar or of a subscription link. */
export type Owned = { ownerUserId: string };
export type OwnedAction = 'read' | 'subscribe' | 'revoke';

const ownerOrAdmin = (actor: Actor, thing: Owned) =>
  isAdmin(actor) || (!!actor.user && actor.user.id === thing.ownerUserId);

export const ownedPolicy = definePolicy<OwnedAction, Owned>({
  read: ownerOrAdmin,
  subscribe: ownerOrAdmin,
  revoke: ownerOrAdmin,
});

export const asActor = (user: AuthUser): Actor => ({ user });
