import assert from 'node:assert/strict';
import {
  buildInvitationIcs,
  renderCalendar,
  uidFor,
  type CalendarItem,
} from '../../../src/components/calendars';
import { resolveFeedWindow } from '../../../src/components/calendars/feed-window';
import { AppError } from '../../../src/lib/errors';
import { contentLines, eventByUid, eventsOf, parseIcs } from './ics-read';

const ZONE = 'Europe/Vilnius';

function item(overrides: Partial<CalendarItem> = {}): CalendarItem {
  return {
    id: '6650aa000000000000000001',
    title: 'World Café: Urban Planning and Design for Climate Impact',
    description: 'Three tables, three rounds',
    location: 'Room 1, LITEXPO',
    start: new Date('2025-03-29T08:00:00Z'),
    end: new Date('2025-03-29T09:30:00Z'),
    allDay: false,
    status: 'confirmed',
    sequence: 0,
    updatedAt: new Date('2025-02-01T12:00:00Z'),
    url: 'https://forumkit.test/events/e1#programme-item-6650aa000000000000000001',
    ...overrides,
  };
}

describe('calendar rendering', () => {
  it('when items straddle the DST change, then both read back at 10:00 local with different UTC offsets', () => {
    const before = item({
      id: 'a1',
      start: new Date('2025-03-29T08:00:00Z'),
      end: new Date('2025-03-29T09:00:00Z'),
    });
    const after = item({
      id: 'a2',
      start: new Date('2025-03-31T07:00:00Z'),
      end: new Date('2025-03-31T08:00:00Z'),
    });
    const { body } = renderCalendar({ name: 'Programme', timeZone: ZONE, items: [before, after] });

    const first = eventByUid(body, 'a1@forumkit.test');
    const second = eventByUid(body, 'a2@forumkit.test');
    assert.equal(first.start.toISOString(), '2025-03-29T08:00:00.000Z');
    assert.equal(second.start.toISOString(), '2025-03-31T07:00:00.000Z');
    assert.equal(first.start.tz, ZONE);
    const lines = contentLines(body);
    assert.ok(lines.includes('DTSTART;TZID=Europe/Vilnius:20250329T100000'));
    assert.ok(lines.includes('DTSTART;TZID=Europe/Vilnius:20250331T100000'));
  });

  it('when rendered, then the calendar carries a VTIMEZONE for the zone, its name and X-WR-TIMEZONE', () => {
    const { body } = renderCalendar({
      name: 'Cities Mission, 2025',
      timeZone: ZONE,
      items: [item()],
    });
    const zones = Object.values(parseIcs(body)).filter((c) => c?.type === 'VTIMEZONE');
    assert.equal(zones.length, 1);
    const lines = contentLines(body);
    assert.ok(lines.includes('TZID:Europe/Vilnius'));
    assert.ok(lines.includes('X-WR-TIMEZONE:Europe/Vilnius'));
    assert.ok(lines.includes('X-WR-CALNAME:Cities Mission\\, 2025'));
    assert.ok(!lines.some((line) => line.startsWith('METHOD:')), 'feeds carry no METHOD');
  });

  it('when rendered, then DTSTAMP and LAST-MODIFIED are UTC and SEQUENCE, STATUS and URL come through', () => {
    const { body } = renderCalendar({
      name: 'P',
      timeZone: ZONE,
      items: [item({ sequence: 3, status: 'cancelled' })],
    });
    const event = eventByUid(body, uidFor(item()));
    assert.equal(Number(event.sequence), 3);
    assert.equal(event.status, 'CANCELLED');
    assert.equal((event.url as unknown as { val: string }).val, item().url);
    assert.equal(event.dtstamp.toISOString(), '2025-02-01T12:00:00.000Z');
    assert.equal(event.lastmodified?.toISOString(), '2025-02-01T12:00:00.000Z');
    const lines = contentLines(body);
    assert.ok(lines.includes('DTSTAMP:20250201T120000Z'));
    assert.ok(lines.includes('LAST-MODIFIED:20250201T120000Z'));
  });

  it('when an item is all-day, then it is written as VALUE=DATE in the event zone', () => {
    // Local midnights in Vilnius: 6 May 00:00 = 5 May 21:00 UTC; end exclusive.
    const day = item({
      id: 'd1',
      allDay: true,
      start: new Date('2025-05-05T21:00:00Z'),
      end: new Date('2025-05-06T21:00:00Z'),
    });
    const { body } = renderCalendar({ name: 'P', timeZone: ZONE, items: [day] });
    const lines = contentLines(body);
    assert.ok(lines.includes('DTSTART;VALUE=DATE:20250506'));
    assert.ok(lines.includes('DTEND;VALUE=DATE:20250507'));
    const event = eventByUid(body, 'd1@forumkit.test');
    assert.equal(event.datetype, 'date');
  });

  it('when the same items render twice, then UIDs and bytes (and so the ETag) are the same', () => {
    const feed = { name: 'P', timeZone: ZONE, items: [item(), item({ id: 'x2' })] };
    const one = renderCalendar(feed);
    const two = renderCalendar(feed);
    assert.deepEqual(
      eventsOf(one.body).map((e) => e.uid),
      eventsOf(two.body).map((e) => e.uid),
    );
    assert.equal(one.etag, two.etag);
    assert.match(one.etag, /^"[\w-]+"$/);
  });

  it('when a zone has no VTIMEZONE data, then times are written in UTC instead of a dangling TZID', () => {
    const { body } = renderCalendar({ name: 'P', timeZone: 'UTC', items: [item()] });
    assert.ok(contentLines(body).includes('DTSTART:20250329T080000Z'));
    assert.equal(eventByUid(body, uidFor(item())).start.toISOString(), '2025-03-29T08:00:00.000Z');
  });
});

describe('line folding', () => {
  it('when text is long and multilingual, then lines stay within 75 octets and read back intact', () => {
    const title = 'Ålesund, Constanța, İzmir, Písek 🌊 — '.repeat(6).trim();
    const description = 'Line one\nLine two; with, punctuation 💧'.repeat(5);
    const { body } = renderCalendar({
      name: 'P',
      timeZone: ZONE,
      items: [item({ title, description })],
    });
    for (const line of body.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
    const event = eventByUid(body, uidFor(item()));
    assert.equal(event.summary, title);
    assert.equal(event.description, description);
  });
});

describe('invitations', () => {
  it('when built, then METHOD:REQUEST with ORGANIZER and ATTENDEEs parses back', () => {
    const body = buildInvitationIcs({
      item: item(),
      timeZone: ZONE,
      organizer: { name: 'Demo Organiser', email: 'organiser@example.org' },
      attendees: [
        { name: 'Demo Facilitator', email: 'facilitator@example.org' },
        { email: 'guest@example.org' },
      ],
      now: new Date('2025-03-01T10:00:00Z'),
    });
    const calendar = parseIcs(body);
    assert.equal(calendar.vcalendar?.method, 'REQUEST');
    const event = eventByUid(body, uidFor(item()));
    assert.equal(event.start.toISOString(), '2025-03-29T08:00:00.000Z');
    assert.equal(event.dtstamp.toISOString(), '2025-03-01T10:00:00.000Z');
    const organizer = event.organizer as { params: { CN: string }; val: string };
    assert.equal(organizer.val, 'mailto:organiser@example.org');
    assert.equal(organizer.params.CN, 'Demo Organiser');
    const attendees = ([] as unknown[]).concat(event.attendee) as {
      params: Record<string, string>;
      val: string;
    }[];
    assert.deepEqual(
      attendees.map((a) => a.val.toLowerCase()),
      ['mailto:facilitator@example.org', 'mailto:guest@example.org'],
    );
    assert.equal(attendees[0]?.params.CN, 'Demo Facilitator');
    assert.equal(attendees[0]?.params.PARTSTAT, 'NEEDS-ACTION');
    assert.ok(contentLines(body).includes('DTSTART;TZID=Europe/Vilnius:20250329T100000'));
  });
});

describe('invitation names', () => {
  it('when a name holds double quotes or line breaks, then the CN parameter stays whole and parses back', () => {
    const body = buildInvitationIcs({
      item: item(),
      timeZone: ZONE,
      organizer: { name: 'Rūta "the host"\nAdmin', email: 'organiser@example.org' },
      attendees: [{ name: 'Ana "Ț" Petrescu', email: 'ana@example.org' }],
      now: new Date('2025-03-01T10:00:00Z'),
    });
    const event = eventByUid(body, uidFor(item()));
    const organizer = event.organizer as { params: { CN: string }; val: string };
    assert.equal(organizer.val, 'mailto:organiser@example.org');
    assert.equal(organizer.params.CN, 'Rūta ”the host” Admin');
    const [attendee] = ([] as unknown[]).concat(event.attendee) as {
      params: Record<string, string>;
      val: string;
    }[];
    assert.equal(attendee?.val.toLowerCase(), 'mailto:ana@example.org');
    assert.equal(attendee?.params.CN, 'Ana ”Ț” Petrescu');
    assert.equal(attendee?.params.ROLE, 'REQ-PARTICIPANT');
  });
});

describe('feed window', () => {
  const now = new Date('2025-05-07T09:00:00Z');

  it('when no bounds are given, then it spans 90 days back to a year ahead from local today', () => {
    const window = resolveFeedWindow({}, now, ZONE);
    assert.equal(window.from.toISOString(), '2025-02-05T22:00:00.000Z');
    assert.equal(window.to.toISOString(), '2026-05-06T21:00:00.000Z');
  });

  it('when dates are given, then from is the local start of day and to includes its whole day', () => {
    const window = resolveFeedWindow({ from: '2025-03-29', to: '2025-03-30' }, now, ZONE);
    assert.equal(window.from.toISOString(), '2025-03-28T22:00:00.000Z');
    assert.equal(window.to.toISOString(), '2025-03-30T21:00:00.000Z');
  });

  it('when the window is reversed or wider than three years, then 400 validation_failed', () => {
    for (const input of [
      { from: '2025-05-01', to: '2025-04-01' },
      { from: '2020-01-01', to: '2025-01-01' },
    ]) {
      assert.throws(
        () => resolveFeedWindow(input, now, ZONE),
        (err: unknown) =>
          err instanceof AppError && err.status === 400 && err.code === 'validation_failed',
      );
    }
  });
});
