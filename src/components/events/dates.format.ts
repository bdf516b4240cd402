import { DateTime } from 'luxon';
import type { DatePrecision } from './event.model';

/**
 * Human dates for pages, in British English as the source material uses:
 * "6–8 May 2025", "3 November 2025", "October 2026 (dates to be confirmed)".
 */
export function formatDateRange(start: string, end: string, precision: DatePrecision): string {
  const from = DateTime.fromISO(start, { zone: 'utc', locale: 'en-GB' });
  const to = DateTime.fromISO(end, { zone: 'utc', locale: 'en-GB' });
  if (precision === 'month') {
    const months = from.hasSame(to, 'month')
      ? from.toFormat('LLLL yyyy')
      : `${from.toFormat('LLLL yyyy')} – ${to.toFormat('LLLL yyyy')}`;
    return `${months} (dates to be confirmed)`;
  }
  if (start === end) return from.toFormat('d LLLL yyyy');
  if (from.hasSame(to, 'month')) return `${from.toFormat('d')}–${to.toFormat('d LLLL yyyy')}`;
  if (from.hasSame(to, 'year')) return `${from.toFormat('d LLLL')} – ${to.toFormat('d LLLL yyyy')}`;
  return `${from.toFormat('d LLLL yyyy')} – ${to.toFormat('d LLLL yyyy')}`;
}

/** "Wed 7 May, 14:00–15:30" in the event's zone: the one time formatting of src/lib. */
export { formatTimeRange as formatItemTime } from '../../lib/time-format';
