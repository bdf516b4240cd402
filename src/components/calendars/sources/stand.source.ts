import { AppError } from '../../../lib/errors';
import { getStand, listStandCalendarEntries, type StandCalendarEntry } from '../../exhibitions';
import type { CalendarFeed, CalendarItem } from '../calendars.types';
import type { CalendarSource, FeedWindowRequest } from '../calendar-sources';

/** A stand's entry (opening hours, screening, shift) as a calendar item in its event's zone. */
export function standEntryToCalendarItem(entry: StandCalendarEntry, baseUrl: string): CalendarItem {
  return {
    id: entry.id,
    title: entry.title,
    description: entry.description,
    location: entry.location,
    start: entry.start,
    end: entry.end,
    allDay: false,
    status: 'confirmed',
    sequence: entry.sequence,
    updatedAt: entry.updatedAt,
    url: `${baseUrl}${entry.path}`,
    timeZone: entry.timeZone,
  };
}

/** The stand's opening hours and screenings inside a window. */
export async function loadStandFeed(
  standId: string,
  window: FeedWindowRequest,
  baseUrl: string,
): Promise<CalendarFeed> {
  const { timeZone } = await listStandCalendarEntries(standId, {
    start: new Date(0),
    end: new Date(0),
  });
  // Like an event's own feed, the stand's covers all of it unless a window is asked for.
  const range = window.event(timeZone);
  const feed = await listStandCalendarEntries(standId, {
    start: range.from ?? new Date(0),
    end: range.to ?? new Date(8.64e15),
  });
  return {
    name: feed.name,
    timeZone: feed.timeZone,
    items: feed.entries.map((entry) => standEntryToCalendarItem(entry, baseUrl)),
  };
}

export const standSource: CalendarSource = {
  scope: 'stand',
  describe: 'Stand opening hours and screenings',
  // Every organiser may read a stand, so every organiser may subscribe to it.
  async authorize(_user, standId) {
    return { label: `${(await getStand(standId)).name} – opening hours and screenings` };
  },
  async resourceName(standId) {
    try {
      return (await getStand(standId)).name;
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return undefined;
      throw err;
    }
  },
  load: loadStandFeed,
};
