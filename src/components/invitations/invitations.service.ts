import { createHash } from 'node:crypto';
import { conflict } from '../../lib/errors';
import {
  buildInvitationIcs,
  INVITATION_CONTENT_TYPE,
  programmeItemToCalendarItem,
} from '../calendars';
import {
  countryName,
  getEvent,
  getProgrammeItem,
  type EventView,
  type ProgrammeItemView,
} from '../events';
import { enqueueMail } from '../mail';
import { renderEventProgrammePdf } from '../print';
import type { SendInvitationsBody } from './invitations.schemas';
import { formatTimeRangeWithOffsets } from '../../lib/time-format';

export const INVITATION_TEMPLATE = 'programme-invitation';

export type InvitationRequest = SendInvitationsBody & {
  eventId: string;
  itemId: string;
  /** The person inviting: ORGANIZER of the invitation (replies go to them) and named in the message. */
  inviter: { name: string; email: string };
};

export type InvitationsQueued = { queued: number; messageIds: string[] };

/**
 * Queues one invitation e-mail per attendee for a programme item: a text and HTML
 * message, an iTIP REQUEST (.ics) naming that attendee, and optionally the event's
 * programme PDF. Each message is keyed by item, attendee and the item's sequence, so
 * sending the same invitation again queues nothing, while a moved item invites anew.
 * Throws 404 for an unknown event or item and 409 `item_cancelled` for a cancelled item.
 */
export async function sendProgrammeItemInvitations(
  request: InvitationRequest,
  options: { baseUrl: string; now: Date },
): Promise<InvitationsQueued> {
  const event = await getEvent(request.eventId);
  const item = await getProgrammeItem(event.id, request.itemId);
  if (item.status === 'cancelled') {
    throw conflict(
      'item_cancelled',
      'The programme item is cancelled; nobody can be invited to it',
    );
  }
  const calendarItem = programmeItemToCalendarItem(item, options.baseUrl);
  const programme = request.attachProgramme
    ? {
        filename: `${event.slug}-programme.pdf`,
        content: await renderEventProgrammePdf(event.id, {
          publicBaseUrl: options.baseUrl,
          now: options.now,
        }),
        contentType: 'application/pdf',
      }
    : undefined;
  const data = messageData(event, item, request, programme !== undefined);

  const messageIds: string[] = [];
  for (const attendee of request.attendees) {
    const ics = buildInvitationIcs({
      item: calendarItem,
      timeZone: event.timeZone,
      organizer: request.inviter,
      attendees: [attendee],
      now: options.now,
    });
    const { id } = await enqueueMail({
      to: attendee.email,
      template: INVITATION_TEMPLATE,
      data: { ...data, recipientName: attendee.name },
      attachments: [
        { filename: 'invitation.ics', content: ics, contentType: INVITATION_CONTENT_TYPE },
        ...(programme ? [programme] : []),
      ],
      dedupeKey: dedupeKey(item, attendee.email),
    });
    messageIds.push(id);
  }
  return { queued: messageIds.length, messageIds };
}

/** Addresses can be long; a digest keeps the key within the outbox's limit. */
function dedupeKey(item: ProgrammeItemView, email: string): string {
  const recipient = createHash('sha256').update(email).digest('base64url');
  return `${INVITATION_TEMPLATE}:${item.id}:${item.sequence}:${recipient}`;
}

function messageData(
  event: EventView,
  item: ProgrammeItemView,
  request: InvitationRequest,
  programmeAttached: boolean,
) {
  return {
    inviterName: request.inviter.name,
    eventName: event.name,
    place: [event.venue, event.city, countryName(event.country)].filter(Boolean).join(', '),
    itemTitle: item.title,
    description: item.description,
    location: item.location,
    when: formatItemTime(item, event.timeZone),
    message: request.message?.trim() || undefined,
    programmeAttached,
  };
}

/** The item's time for an e-mail to people who may live elsewhere (src/lib/time-format). */
export function formatItemTime(
  item: Pick<ProgrammeItemView, 'start' | 'end' | 'allDay'>,
  timeZone: string,
): string {
  return formatTimeRangeWithOffsets(item.start, item.end, item.allDay, timeZone);
}
