import { DateTime, IANAZone } from 'luxon';

/**
 * Programme times are typed as wall-clock times in the event's zone (the
 * `datetime-local` inputs of the pages) and stored as instants. Daylight saving
 * time makes that mapping uneven, so it is done here, in one place:
 * - a time the clocks skip (spring forward, e.g. 03:30 on 30 March 2025 in Vilnius)
 *   does not exist and is refused rather than silently moved;
 * - a time the clocks show twice (fall back, 03:30 on 26 October 2025 in Vilnius)
 *   means its first occurrence, as RFC 5545 reads such local times.
 */

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const INPUT_FORMAT = "yyyy-MM-dd'T'HH:mm";
const DAY_MS = 24 * 3600 * 1000;

export type LocalTimeResult =
  { ok: true; instant: Date } | { ok: false; problem: 'format' | 'skipped' };

/** '2025-05-07T10:00' in `zone` → the instant it names. */
export function instantFromLocalInput(value: string, zone: string): LocalTimeResult {
  const match = LOCAL_INPUT.exec(value);
  const wall = match ? DateTime.fromISO(value, { zone: 'utc' }) : undefined;
  if (!wall?.isValid) return { ok: false, problem: 'format' };
  const tz = IANAZone.create(zone);
  // A zone changes its offset at most once around a given day, so the offsets a day
  // before and a day after are the only candidates.
  const wallMs = wall.toMillis();
  const offsets = new Set([tz.offset(wallMs - DAY_MS), tz.offset(wallMs + DAY_MS)]);
  const candidates = [...offsets]
    .map((offsetMinutes) => wallMs - offsetMinutes * 60_000)
    .filter((ms) => localInputFromInstant(new Date(ms), zone) === value)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first === undefined) return { ok: false, problem: 'skipped' };
  return { ok: true, instant: new Date(first) };
}

/** The instant as a `datetime-local` value in `zone`: '2025-05-07T10:00'. */
export function localInputFromInstant(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat(INPUT_FORMAT);
}

/** The local calendar date of an instant in `zone`: '2025-05-07'. */
export function localDateOf(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';
}

/** Local midnight at the start of `date` ('YYYY-MM-DD') in `zone`. */
export function startOfLocalDay(date: string, zone: string): Date {
  return DateTime.fromISO(date, { zone }).startOf('day').toJSDate();
}

/** The calendar day after `date`. */
export function nextDay(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days: 1 }).toISODate() ?? date;
}

/** The calendar day before `date`. */
export function previousDay(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).minus({ days: 1 }).toISODate() ?? date;
}
