import { DateTime, IANAZone } from 'luxon';

/**
 * How forumkit writes a moment for people, on pages and in e-mails alike: in a named
 * zone (the event's, else the reader's), European style, with the zone said in
 * words so nobody in another country is misled: "Tue 6 May 2025, 14:00 (Vilnius)".
 */
export function formatDateTime(instant: Date, zone: string, language = 'en'): string {
  const local = DateTime.fromJSDate(instant, { zone });
  if (language === 'en' || language.startsWith('en-')) {
    return `${local.setLocale('en-GB').toFormat('ccc d LLL yyyy, HH:mm')} (${zoneLabel(zone)})`;
  }
  // Another language (an e-mail variant): its own order and month names, 24-hour clock.
  const written = local.setLocale(language).toLocaleString({
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return `${written} (${zoneLabel(zone)})`;
}

/** "Wed 7 May, 14:00–15:30" in the event's zone; all-day items show the day(s) only. */
export function formatTimeRange(start: Date, end: Date, allDay: boolean, zone: string): string {
  const from = DateTime.fromJSDate(start, { zone }).setLocale('en-GB');
  const to = DateTime.fromJSDate(end, { zone }).setLocale('en-GB');
  if (allDay) {
    // All-day ends are exclusive midnights: the last day shown is the one before.
    const lastDay = to.minus({ days: 1 });
    return from.hasSame(lastDay, 'day')
      ? `${from.toFormat('ccc d LLLL')}, all day`
      : `${from.toFormat('ccc d LLLL')} – ${lastDay.toFormat('ccc d LLLL')}, all day`;
  }
  if (from.hasSame(to, 'day'))
    return `${from.toFormat('ccc d LLLL, HH:mm')}–${to.toFormat('HH:mm')}`;
  return `${from.toFormat('ccc d LLLL, HH:mm')} – ${to.toFormat('ccc d LLLL, HH:mm')}`;
}

/**
 * "Wednesday 7 May 2025, 10:00–11:30 Europe/Vilnius time (UTC+3)": recipients may
 * live elsewhere, so the zone is always named, with its offset on that day. An item
 * that spans a clock change names both offsets ("UTC+3, then UTC+2"), so the end
 * time converts correctly too.
 */
export function formatTimeRangeWithOffsets(
  start: Date,
  end: Date,
  allDay: boolean,
  timeZone: string,
): string {
  const from = DateTime.fromJSDate(start, { zone: timeZone }).setLocale('en-GB');
  const to = DateTime.fromJSDate(end, { zone: timeZone }).setLocale('en-GB');
  const day = 'cccc d LLLL yyyy';
  if (allDay) {
    // All-day ends are exclusive midnights: the last day is the one before.
    const lastDay = to.minus({ days: 1 });
    const days = from.hasSame(lastDay, 'day')
      ? from.toFormat(day)
      : `${from.toFormat(day)} – ${lastDay.toFormat(day)}`;
    return `${days}, all day (${timeZone})`;
  }
  const range = from.hasSame(to, 'day')
    ? `${from.toFormat(`${day}, HH:mm`)}–${to.toFormat('HH:mm')}`
    : `${from.toFormat(`${day}, HH:mm`)} – ${to.toFormat(`${day}, HH:mm`)}`;
  const offsets =
    from.offset === to.offset
      ? `UTC${from.toFormat('Z')}`
      : `UTC${from.toFormat('Z')}, then UTC${to.toFormat('Z')}`;
  return `${range} ${timeZone} time (${offsets})`;
}

/** The day only, in a zone: "Tue 6 May 2025". */
export function formatDay(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).setLocale('en-GB').toFormat('ccc d LLL yyyy');
}

/** 'Europe/Vilnius' → 'Vilnius', 'America/Argentina/Buenos_Aires' → 'Buenos Aires', 'UTC' → 'UTC'. */
export function zoneLabel(zone: string): string {
  const last = zone.split('/').pop() ?? zone;
  return last.replace(/_/g, ' ');
}

export function isTimeZoneName(value: string): boolean {
  return IANAZone.isValidZone(value) && value.length <= 64;
}

/** Every zone a person can choose, grouped names as the runtime knows them, sorted. */
export function timeZoneNames(): string[] {
  return [...Intl.supportedValuesOf('timeZone'), 'UTC']
    .filter((zone, i, all) => all.indexOf(zone) === i)
    .sort();
}
