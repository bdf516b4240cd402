import { DateTime } from 'luxon';
import { AppError } from '../../lib/errors';
import type { FeedWindow, OpenFeedWindow } from './calendars.types';

/** Defaults keep a polled feed small: recent past and the coming year. */
export const DEFAULT_DAYS_BEFORE = 90;
export const DEFAULT_DAYS_AFTER = 365;
/** The widest window a client may ask for, so no feed grows without bound. */
export const MAX_WINDOW_YEARS = 3;

export type FeedWindowInput = { from?: string; to?: string };

/**
 * Turns `?from=&to=` into instants. A date ('2025-05-06') means that day in the
 * feed's zone, and `to` includes its whole day; a date-time with offset is taken as
 * written. With one bound given, the other keeps the default span from it.
 * Throws 400 `validation_failed` for an empty, reversed or too wide window.
 */
export function resolveFeedWindow(input: FeedWindowInput, now: Date, zone: string): FeedWindow {
  const span = { days: DEFAULT_DAYS_BEFORE + DEFAULT_DAYS_AFTER };
  let from = input.from ? boundary(input.from, zone, 'from') : undefined;
  let to = input.to ? boundary(input.to, zone, 'to') : undefined;
  if (!from && !to) {
    const today = DateTime.fromJSDate(now, { zone }).startOf('day');
    from = today.minus({ days: DEFAULT_DAYS_BEFORE });
    to = today.plus({ days: DEFAULT_DAYS_AFTER });
  }
  from ??= (to as DateTime).minus(span);
  to ??= from.plus(span);
  if (to <= from) throw windowProblem('to', 'must be after from');
  if (to > from.plus({ years: MAX_WINDOW_YEARS })) {
    throw windowProblem('to', `the window may span at most ${MAX_WINDOW_YEARS} years`);
  }
  return { from: from.toJSDate(), to: to.toJSDate() };
}

/**
 * The window of one event's own feed or download. Without bounds it is the whole
 * programme: the event's dates and anything scheduled around them, however long
 * ago or far ahead the event is (an event's programme is finite, and a rolling
 * window would leave a past or distant event's calendar empty). Bounds asked for
 * are resolved and checked as for any feed.
 */
export function resolveEventFeedWindow(
  input: FeedWindowInput,
  now: Date,
  zone: string,
): OpenFeedWindow {
  if (!input.from && !input.to) return {};
  return resolveFeedWindow(input, now, zone);
}

function boundary(value: string, zone: string, which: 'from' | 'to'): DateTime {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const parsed = DateTime.fromISO(value, { zone });
  if (!parsed.isValid) throw windowProblem(which, 'must be an ISO 8601 date or date-time');
  return dateOnly && which === 'to' ? parsed.plus({ days: 1 }) : parsed;
}

function windowProblem(path: 'from' | 'to', message: string): AppError {
  return new AppError('validation_failed', 'Invalid request query', 400, {
    errors: [{ path, message }],
  });
}
