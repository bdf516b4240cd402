/**
 * What the calendar engine turns into iCalendar: any dated thing from any component
 * (programme items now; stand hours, shifts and sessions later).
 */
export type CalendarItem = {
  /** Stable id of the source record; the UID is derived from it. */
  id: string;
  title: string;
  description?: string;
  location?: string;
  start: Date;
  /** Exclusive end; for all-day items the local midnight after the last day. */
  end: Date;
  allDay: boolean;
  status: 'confirmed' | 'cancelled';
  /** Goes up whenever attendees' calendars must move the entry. */
  sequence: number;
  updatedAt: Date;
  /** The item's page in forumkit (absolute, built from the public base URL). */
  url: string;
  /** Zone for this item when it differs from the calendar's (mixed feeds). */
  timeZone?: string;
};

/** A named list of items in one display zone, ready to render. */
export type CalendarFeed = {
  name: string;
  description?: string;
  /** IANA zone, e.g. 'Europe/Vilnius'. */
  timeZone: string;
  items: CalendarItem[];
};

/** The instants a feed covers: items overlapping [from, to). */
export type FeedWindow = { from: Date; to: Date };
/** A window that may be open on either side: an event's own feed with no bounds asked for. */
export type OpenFeedWindow = { from?: Date; to?: Date };

/** A rendered feed: the body and its strong validator. */
export type RenderedCalendar = { body: string; etag: string };
