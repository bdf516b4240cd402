import { createHash } from 'node:crypto';
import { renderIcs, type IcsEvent } from '../../lib/ics';
import type { CalendarFeed, CalendarItem, RenderedCalendar } from './calendars.types';

/**
 * The UID of an item: `<id>@<host of its page>`. The host comes from the item's own
 * URL (built from the public base URL), so feeds, downloads and e-mailed invitations
 * of the same item agree and calendar clients merge them into one entry.
 */
export function uidFor(item: CalendarItem): string {
  return `${item.id}@${new URL(item.url).hostname}`;
}

export function toIcsEvent(item: CalendarItem, timeZone: string): IcsEvent {
  return {
    uid: uidFor(item),
    summary: item.title,
    description: item.description,
    location: item.location,
    start: item.start,
    end: item.end,
    allDay: item.allDay,
    timeZone: item.timeZone ?? timeZone,
    status: item.status,
    sequence: item.sequence,
    lastModified: item.updatedAt,
    url: item.url,
  };
}

/**
 * Renders a subscription feed. Feeds have no METHOD, so DTSTAMP is the item's last
 * revision (RFC 5545 §3.8.7.2) rather than "now": the same data renders to the same
 * bytes, which is what makes the ETag useful to polling clients.
 */
export function renderCalendar(feed: CalendarFeed): RenderedCalendar {
  const body = renderIcs({
    name: feed.name,
    description: feed.description,
    timeZone: feed.timeZone,
    events: feed.items.map((item) => toIcsEvent(item, feed.timeZone)),
  });
  return { body, etag: strongEtag(body) };
}

/** A strong entity tag: the body's sha256, quoted. */
export function strongEtag(body: string): string {
  return `"${createHash('sha256').update(body, 'utf8').digest('base64url')}"`;
}
