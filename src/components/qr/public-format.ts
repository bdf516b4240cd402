import { DateTime } from 'luxon';

/** Dates as visitors read them (British English), in the event's own zone. */
const LOCALE = 'en-GB';

/** '2025-09' → "September 2025"; '2025-09-30' → "30 September 2025". */
export function formatPublicationDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const dt = DateTime.fromISO(value, { zone: 'utc' }).setLocale(LOCALE);
  if (!dt.isValid) return undefined;
  return value.length === 7 ? dt.toFormat('LLLL yyyy') : dt.toFormat('d LLLL yyyy');
}

export function formatEventDates(start: string, end: string, precision: 'day' | 'month'): string {
  const a = DateTime.fromISO(start, { zone: 'utc' }).setLocale(LOCALE);
  const b = DateTime.fromISO(end, { zone: 'utc' }).setLocale(LOCALE);
  if (precision === 'month') {
    const month = a.hasSame(b, 'month')
      ? a.toFormat('LLLL yyyy')
      : `${a.toFormat('LLLL yyyy')} – ${b.toFormat('LLLL yyyy')}`;
    return `${month} (exact dates to be confirmed)`;
  }
  if (a.hasSame(b, 'day')) return a.toFormat('d LLLL yyyy');
  if (a.hasSame(b, 'month')) return `${a.toFormat('d')}–${b.toFormat('d LLLL yyyy')}`;
  return `${a.toFormat('d LLL')} – ${b.toFormat('d LLL yyyy')}`;
}

export const localDate = (instant: Date, zone: string) =>
  DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';

export const dayHeading = (instant: Date, zone: string) =>
  DateTime.fromJSDate(instant, { zone }).setLocale(LOCALE).toFormat('cccc d LLLL');

export function timeRange(start: Date, end: Date, zone: string): string {
  const a = DateTime.fromJSDate(start, { zone });
  const b = DateTime.fromJSDate(end, { zone });
  return a.hasSame(b, 'day')
    ? `${a.toFormat('HH:mm')}–${b.toFormat('HH:mm')}`
    : `${a.toFormat('HH:mm')} – ${b.setLocale(LOCALE).toFormat('d LLL HH:mm')}`;
}
