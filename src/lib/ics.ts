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

/**
 * A person's name for a CN parameter. ical-generator quotes it but passes a double
 * quote through as `\"`, which RFC 5545 parameter values cannot hold (clients cut the
 * name there); a typographic quote keeps the name readable.
 */
function personName(name: string | undefined): string | null {
  const cleaned = name
    ?.replace(/[\p{Cc}]+/gu, ' ')
    .replace(/"/g, '”')
    .trim();
  return cleaned || null;
}

/** Text for NAME / X-WR-CALNAME, which ical-generator writes without escaping. */
function calendarText(text: string): string {
  return escape(text.replace(/[\r\n]+/g, ' '), false);
}

/**
 * Renders a whole calendar as RFC 5545 text (CRLF line ends, folded lines).
 *
 * ical-generator's calendar.toString() folds lines with a new TextEncoder per
 * character, which is nine tenths of the time for a feed of thousands of entries.
 * So the calendar shell (properties) comes from ical-generator without events, each
 * event's own text from ical-generator too, and only the assembly and folding
 * happen here: same content, about five times faster for large feeds.
 */
export function renderIcs(calendar: IcsCalendar): string {
  const shell = ical({
    prodId: PRODUCT_ID,
    name: calendarText(calendar.name),
    description: calendar.description ? calendarText(calendar.description) : null,
    method: calendar.method ? METHOD[calendar.method] : null,
    // No zone name on purpose (see the module comment); zones are set per event.
    timezone: null,
  });
  shell.x('X-WR-TIMEZONE', calendar.timeZone);
  const events = calendar.events.map((event) => createEvent(shell, event));
  const zones = new Set(events.map((event) => event.timezone()).filter((zone) => zone !== null));
  const timezones = [...zones].map((zone) => crlf(vtimezoneFor(zone) ?? '').trim() + '\r\n');
  const end = 'END:VCALENDAR';
  const head = shell.clear().toString();
  return (
    head.slice(0, head.length - end.length) +
    timezones.join('') +
    foldIcsLines(events.map((event) => event.toString()).join('')) +
    end
  );
}

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/**
 * RFC 5545 §3.1: content lines longer than 75 octets are split with CRLF + space,
 * never inside a UTF-8 sequence. Input and output end with CRLF.
 */
export function foldIcsLines(text: string): string {
  let out = '';
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    if (Buffer.byteLength(line, 'utf8') <= 75) {
      out += line + '\r\n';
      continue;
    }
    let octets = 0;
    for (const char of line) {
      const size = utf8Size(char.codePointAt(0) ?? 0);
      // The leading space of a continuation line counts towards its 75 octets.
      if (octets + size > 75) {
        out += '\r\n ';
        octets = 1;
      }
      out += char;
      octets += size;
    }
    out += '\r\n';
  }
  return out;
}

function utf8Size(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  return codePoint < 0x10000 ? 3 : 4;
}

type Calendar = ReturnType<typeof ical>;

function createEvent(cal: Calendar, event: IcsEvent) {
  const zone = hasVtimezone(event.timeZone) ? event.timeZone : 'UTC';
  const inZone = (date: Date) => DateTime.fromJSDate(date, { zone });
  let end = inZone(event.end);
  // An all-day entry must cover at least its first day (DTEND is exclusive).
  if (event.allDay && end.startOf('day') <= inZone(event.start).startOf('day')) {
    end = inZone(event.start).startOf('day').plus({ days: 1 });
  }
  return cal.createEvent({
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
    organizer: event.organizer
      ? {
          email: event.organizer.email,
          name: personName(event.organizer.name) ?? event.organizer.email,
        }
      : null,
    attendees: (event.attendees ?? []).map((attendee) => ({
      email: attendee.email,
      name: personName(attendee.name),
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: true,
    })),
  });
}
