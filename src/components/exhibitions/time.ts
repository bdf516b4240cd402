import { DateTime } from 'luxon';

/** Time in the event's zone: stands keep instants, people read local days and clocks. */

export type Interval = { start: Date; end: Date };

/** The event's days as instants: local midnight of the first day to the midnight after the last. */
export function eventSpan(event: {
  startDate: string;
  endDate: string;
  timeZone: string;
}): Interval {
  const zone = event.timeZone;
  return {
    start: DateTime.fromISO(event.startDate, { zone }).startOf('day').toJSDate(),
    end: DateTime.fromISO(event.endDate, { zone }).startOf('day').plus({ days: 1 }).toJSDate(),
  };
}

/** The event's local dates, 'YYYY-MM-DD', first to last. */
export function eventDays(event: { startDate: string; endDate: string }): string[] {
  const days: string[] = [];
  let day = DateTime.fromISO(event.startDate, { zone: 'utc' });
  const last = DateTime.fromISO(event.endDate, { zone: 'utc' });
  while (day <= last && days.length < 400) {
    days.push(day.toISODate() ?? '');
    day = day.plus({ days: 1 });
  }
  return days;
}

/** A local day as instants (23 or 25 hours long on the nights the clocks change). */
export function daySpan(day: string, zone: string): Interval {
  const start = DateTime.fromISO(day, { zone }).startOf('day');
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
}

export const localDate = (instant: Date, zone: string): string =>
  DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';

export const localTime = (instant: Date, zone: string): string =>
  DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');

/** A local date and clock time → instant; undefined for a time that does not exist or bad input. */
export function localInstant(day: string, time: string, zone: string): Date | undefined {
  const value = DateTime.fromISO(`${day}T${time}`, { zone });
  if (!value.isValid) return undefined;
  // 03:30 on the spring-forward night does not exist; luxon would silently shift it.
  if (value.toFormat('HH:mm') !== time.slice(0, 5)) return undefined;
  return value.toJSDate();
}

/** Two intervals collide unless one ends when or before the other starts: back-to-back is fine. */
export const overlaps = (a: Interval, b: Interval): boolean => a.start < b.end && b.start < a.end;

export const hours = (ms: number) => ms / 3_600_000;

/** Cuts an interval at local midnights, so each piece belongs to one day. */
export function splitAtMidnight(interval: Interval, zone: string): Interval[] {
  const pieces: Interval[] = [];
  let start = interval.start;
  while (start < interval.end) {
    const midnight = DateTime.fromJSDate(start, { zone })
      .startOf('day')
      .plus({ days: 1 })
      .toJSDate();
    const end = midnight < interval.end ? midnight : interval.end;
    pieces.push({ start, end });
    start = end;
  }
  return pieces;
}

/** Parts of `interval` not covered by `cover` (sorted, non-overlapping blocks). */
export function uncovered(interval: Interval, cover: readonly Interval[]): Interval[] {
  const gaps: Interval[] = [];
  let cursor = interval.start;
  for (const block of cover) {
    if (block.end <= cursor) continue;
    if (block.start >= interval.end) break;
    if (block.start > cursor) gaps.push({ start: cursor, end: block.start });
    if (block.end > cursor) cursor = block.end;
    if (cursor >= interval.end) break;
  }
  if (cursor < interval.end) gaps.push({ start: cursor, end: interval.end });
  return gaps;
}
