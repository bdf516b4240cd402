import { DateTime } from 'luxon';

/** Dates and times on paper, always in the event's own time zone, British English. */
const LOCALE = 'en-GB';

const inZone = (instant: Date, timeZone: string) =>
  DateTime.fromJSDate(instant, { zone: timeZone }).setLocale(LOCALE);

/** "24 Nov 2026, 17:38" */
export function formatGeneratedAt(now: Date, timeZone: string): string {
  return inZone(now, timeZone).toFormat('d LLL yyyy, HH:mm');
}

/** "6–8 May 2025", "30 Apr – 2 May 2025", "May 2026" (month precision). */
export function formatDateRange(
  startDate: string,
  endDate: string,
  precision: 'day' | 'month' = 'day',
): string {
  const start = DateTime.fromISO(startDate, { zone: 'utc' }).setLocale(LOCALE);
  const end = DateTime.fromISO(endDate, { zone: 'utc' }).setLocale(LOCALE);
  if (precision === 'month') {
    return start.hasSame(end, 'month')
      ? start.toFormat('LLLL yyyy')
      : `${start.toFormat('LLLL yyyy')} – ${end.toFormat('LLLL yyyy')}`;
  }
  if (start.hasSame(end, 'day')) return start.toFormat('d LLLL yyyy');
  if (start.hasSame(end, 'month')) return `${start.toFormat('d')}–${end.toFormat('d LLLL yyyy')}`;
  if (start.hasSame(end, 'year'))
    return `${start.toFormat('d LLL')} – ${end.toFormat('d LLL yyyy')}`;
  return `${start.toFormat('d LLL yyyy')} – ${end.toFormat('d LLL yyyy')}`;
}

/** The calendar day an instant falls on in the zone: "2025-05-07". */
export function localDay(instant: Date, timeZone: string): string {
  return inZone(instant, timeZone).toISODate() ?? '';
}

/** "Wednesday 7 May 2025" */
export function formatDayHeading(instant: Date, timeZone: string): string {
  return inZone(instant, timeZone).toFormat('cccc d LLLL yyyy');
}

/** "10:00–11:30", or "22:00 – 8 May 01:00" when it ends on another day. */
export function formatTimeRange(start: Date, end: Date, timeZone: string): string {
  const from = inZone(start, timeZone);
  const to = inZone(end, timeZone);
  return from.hasSame(to, 'day')
    ? `${from.toFormat('HH:mm')}–${to.toFormat('HH:mm')}`
    : `${from.toFormat('HH:mm')} – ${to.toFormat('d LLL HH:mm')}`;
}
