import { definePolicy, manages, type Scope } from '../../lib/http/policy';

/**
 * Who may send invitations to a programme item: admins, and comms users who manage
 * the item's event (the invitations go out in the event's name, to outside addresses).
 */
export const invitationPolicy = definePolicy<'send', Scope>({
  send: manages,
});

export const eventScopeOf = (eventId: string): Scope => ({ eventId: eventId.toLowerCase() });
