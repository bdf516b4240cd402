import { renderIcs } from '../../lib/ics';
import { toIcsEvent } from './calendar-render';
import type { CalendarItem } from './calendars.types';

export type InvitationInput = {
  item: CalendarItem;
  /** IANA zone the invitation shows times in (the event's zone). */
  timeZone: string;
  organizer: { name: string; email: string };
  attendees: { name?: string; email: string }[];
  /** When the invitation is issued (DTSTAMP); defaults to now. */
  now?: Date;
};

/** Content type for an invitation attachment; `method` lets mail clients show accept/decline. */
export const INVITATION_CONTENT_TYPE = 'text/calendar; charset=utf-8; method=REQUEST';

/**
 * An iTIP invitation (METHOD:REQUEST) for one item, as .ics text to attach to an
 * e-mail. The UID matches the item's UID in feeds, so accepting the invitation and
 * subscribing to the feed do not produce two entries.
 */
export function buildInvitationIcs(input: InvitationInput): string {
  const { item } = input;
  return renderIcs({
    name: item.title,
    timeZone: input.timeZone,
    method: 'request',
    events: [
      {
        ...toIcsEvent(item, input.timeZone),
        // In an iTIP message DTSTAMP is when the message was created.
        stamp: input.now ?? new Date(),
        organizer: input.organizer,
        attendees: input.attendees,
      },
    ],
  });
}
