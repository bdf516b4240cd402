import type { RequestUser } from '../../lib/http/access';
import {
  definePolicy,
  isEventOrganiser,
  isOrganiser,
  manages,
  type Actor,
  type Scope,
} from '../../lib/http/policy';

/**
 * Who may do what to stands and everything on them (zones, team, opening hours,
 * shifts, materials, films, screenings, sign-ups). A stand's scope is its event.
 *
 * - Every signed-in organiser reads stands and their rota (booth staff need them).
 * - Admins, and comms users who manage the stand's event, create and change them.
 * - The phone numbers of a stand's team (printed rota) are for its managers only.
 * - A team member's own sign-up link signs up only that member (checked by the key).
 */
export type StandAction = 'read' | 'organise' | 'create' | 'update' | 'delete' | 'readContacts';

export const standPolicy = definePolicy<StandAction, Scope>({
  read: isOrganiser,
  /** Reaching the set-up pages at all (each then asks about its stand's event). */
  organise: isEventOrganiser,
  create: manages,
  update: manages,
  delete: manages,
  readContacts: manages,
});

/** The scope of a stand (or of a stand about to be made) in an event. */
export const standScope = (stand: { eventId: { toString(): string } | string }): Scope => ({
  eventId: stand.eventId.toString().toLowerCase(),
});

/** For page handlers that hold the signed-in user. */
export const mayManageStand = (user: RequestUser, stand: { eventId: string }): boolean =>
  standPolicy.may({ user } satisfies Actor, 'update', standScope(stand));
