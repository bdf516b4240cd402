import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
  escape,
} from 'ical-generator';
import { DateTime } from 'luxon';

/**
 * RFC 5545 output through ical-generator, with VTIMEZONE blocks from
 * @touch4it/ical-timezones. Domain-free: it knows calendars and events, not
 * programmes or shifts.
 *
 * Two traps of ical-generator are handled here so callers cannot fall into them:
 * - A native Date with a TZID is written with the *process* time zone's wall clock,
 *   so every instant is handed over as a luxon DateTime in the event's own zone.
 * - With a calendar-level zone name, DTSTAMP / LAST-MODIFIED come out as local
 *   times without `Z`, which RFC 5545 forbids; the calendar therefore carries only
 *   the VTIMEZONE generator, zones are set per event, and X-WR-TIMEZONE is added
 *   as a plain property.
 */

export type IcsStatus = 'confirmed' | 'tentative' | 'cancelled';

export type IcsPerson = { name?: string; email: string };

export type IcsEvent = {
  /** Globally unique and stable across regenerations, e.g. `<id>@<host>`. */
  uid: string;
  summary: string;
  description?: string;
  location?: string;
  start: Date;
  /** Exclusive; for all-day events the local midnight after the last day. */
  end: Date;
  allDay: boolean;
  /** IANA zone the times are shown in. */
  timeZone: string;
  status: IcsStatus;
  sequence: number;
  lastModified: Date;
  /** When this copy was revised (feeds) or sent (invitations). Defaults to `lastModified`. */
  stamp?: Date;
  url?: string;
  organizer?: { name: string; email: string };
  attendees?: IcsPerson[];
};

export type IcsCalendar = {
  name: string;
  description?: string;
  /** Zone announced as X-WR-TIMEZONE (clients use it for floating display). */
  timeZone: string;
  /** `request` for e-mailed invitations (iTIP), `publish` for one-off downloads; feeds carry none. */
  method?: 'publish' | 'request';
  events: IcsEvent[];
};

const PRODUCT_ID = { company: 'forumkit', product: 'forumkit', language: 'EN' };

const vtimezoneCache = new Map<string, string | null>();

/** The VTIMEZONE block for an IANA zone, or null when the zone data has none. */
function vtimezoneFor(zone: string): string | null {
  let block = vtimezoneCache.get(zone);
  if (block === undefined) {
    block = getVtimezoneComponent(zone);
    vtimezoneCache.set(zone, block);
  }
  return block;
}

/**
 * Whether times in `zone` can be written with a TZID. Zones without VTIMEZONE data
 * (and UTC itself) are written as UTC instants instead: a TZID without its
 * VTIMEZONE would leave clients guessing.
 */
export function hasVtimezone(zone: string): boolean {
  return zone !== 'UTC' && vtimezoneFor(zone) !== null;
}

const STATUS: Record<IcsStatus, ICalEventStatus> = {
  confirmed: ICalEventStatus.CONFIRMED,
  tentative: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
};

const METHOD: Record<NonNullable<IcsCalendar['method']>, ICalCalendarMethod> = {
  publish: ICalCalendarMethod.PUBLISH,
  request: ICalCalendarMethod.REQUEST,
};

/** Text for NAME / X-WR-CALNAME, which ical-generator writes without escaping. */
function calendarText(text: string): string {
  return escape(text.replace(/[\r\n]+/g, ' '), false);
}

/** Renders a whole calendar as RFC 5545 text (CRLF line ends, folded lines). */
export function renderIcs(calendar: IcsCalendar): string {
  const cal = ical({
    prodId: PRODUCT_ID,
    name: calendarText(calendar.name),
    description: calendar.description ? calendarText(calendar.description) : null,
    method: calendar.method ? METHOD[calendar.method] : null,
    // No zone name here on purpose (see the module comment); the generator still
    // emits one VTIMEZONE per zone used by the events.
    timezone: { name: null, generator: vtimezoneFor },
  });
  cal.x('X-WR-TIMEZONE', calendar.timeZone);
  for (const event of calendar.events) addEvent(cal, event);
  return cal.toString();
}

type Calendar = ReturnType<typeof ical>;

function addEvent(cal: Calendar, event: IcsEvent): void {
  const zone = hasVtimezone(event.timeZone) ? event.timeZone : 'UTC';
  const inZone = (date: Date) => DateTime.fromJSDate(date, { zone });
  let end = inZone(event.end);
  // An all-day entry must cover at least its first day (DTEND is exclusive).
  if (event.allDay && end.startOf('day') <= inZone(event.start).startOf('day')) {
    end = inZone(event.start).startOf('day').plus({ days: 1 });
  }
  cal.createEvent({
    id: event.uid,
    summary: event.summary,
    description: event.description ?? null,
    location: event.location ?? null,
    start: inZone(event.start),
    end,
    allDay: event.allDay,
    timezone: zone === 'UTC' ? null : zone,
    status: STATUS[event.status],
    sequence: event.sequence,
    stamp: event.stamp ?? event.lastModified,
    lastModified: event.lastModified,
    url: event.url ?? null,
    organizer: event.organizer ?? null,
    attendees: (event.attendees ?? []).map((attendee) => ({
      email: attendee.email,
      name: attendee.name ?? null,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: true,
    })),
  });
}
