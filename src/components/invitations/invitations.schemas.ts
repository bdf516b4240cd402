import { z } from 'zod';
import { lineText, longText } from '../../lib/http/validate';

export const MAX_ATTENDEES = 200;
export const MAX_MESSAGE_LENGTH = 2000;

const attendee = z.strictObject({
  // Lower-cased before the check, so "Ana@Example.org" and "ana@example.org" are one person.
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  name: lineText(200).optional(),
});

type Attendee = z.output<typeof attendee>;

/** The same address twice gets one message; the first entry (and its name) wins. */
function withoutRepeatedAddresses(list: Attendee[]): Attendee[] {
  const byEmail = new Map<string, Attendee>();
  for (const entry of list) if (!byEmail.has(entry.email)) byEmail.set(entry.email, entry);
  return [...byEmail.values()];
}

/** POST /api/events/:eventId/programme-items/:itemId/invitations */
export const sendInvitationsBody = z.strictObject({
  attendees: z.array(attendee).min(1).max(MAX_ATTENDEES).transform(withoutRepeatedAddresses),
  message: longText(MAX_MESSAGE_LENGTH).optional(),
  attachProgramme: z.boolean().optional(),
});

export type SendInvitationsBody = z.output<typeof sendInvitationsBody>;

export const invitationsQueued = z.object({
  queued: z.number().int().describe('Messages for this request (already queued ones included)'),
  messageIds: z.array(z.string()),
});

/** The event page's invitation form (urlencoded); turned into a `sendInvitationsBody`. */
export const invitationForm = z.strictObject({
  _csrf: z.string().optional(),
  emails: z.string().max(20_000),
  message: z.string().optional(),
  attachProgramme: z.literal('on').optional(),
});
