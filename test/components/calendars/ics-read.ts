import assert from 'node:assert/strict';
import * as nodeIcal from 'node-ical';

/** Reading .ics back with an independent parser (node-ical), for assertions. */
export type ParsedEvent = nodeIcal.VEvent;

export function parseIcs(body: string): nodeIcal.CalendarResponse {
  return nodeIcal.sync.parseICS(body);
}

export function eventsOf(body: string): ParsedEvent[] {
  return Object.values(parseIcs(body)).filter(
    (component): component is nodeIcal.VEvent => component?.type === 'VEVENT',
  );
}

export function eventByUid(body: string, uid: string): ParsedEvent {
  const found = eventsOf(body).find((event) => event.uid === uid);
  assert.ok(found, `no VEVENT with UID ${uid}`);
  return found;
}

/** The raw content lines of a calendar (unfolded), for properties node-ical does not expose. */
export function contentLines(body: string): string[] {
  return body.replace(/\r\n[ \t]/g, '').split('\r\n');
}
