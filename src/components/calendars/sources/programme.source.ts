import { AppError } from '../../../lib/errors';
import { getEvent, listProgrammeItems, type EventView, type ProgrammeItemView } from '../../events';
import type { CalendarFeed, CalendarItem, OpenFeedWindow } from '../calendars.types';
import type { CalendarSource } from '../calendar-sources';

/** An item's page: its event's page, scrolled to the item. */
export function programmeItemUrl(baseUrl: string, item: ProgrammeItemView): string {
  return `${baseUrl}/events/${item.eventId}#programme-item-${item.id}`;
}

/** A programme item as a calendar item. */
export function programmeItemToCalendarItem(
  item: ProgrammeItemView,
  baseUrl: string,
): CalendarItem {
  return {
    id: item.id,
    title: item.title,
    description: item.description,
    location: item.location,
    start: item.start,
    end: item.end,
    allDay: item.allDay,
    status: item.status,
    sequence: item.sequence,
    updatedAt: item.updatedAt,
    url: programmeItemUrl(baseUrl, item),
  };
}

export const programmeFeedName = (event: EventView) => `${event.name} – programme`;

/** The programme of one event inside a window (open sides: no limit), in the event's zone. */
export async function loadProgrammeFeed(
  event: EventView,
  window: OpenFeedWindow,
  baseUrl: string,
): Promise<CalendarFeed> {
  const items = await listProgrammeItems(event.id, window);
  return {
    name: programmeFeedName(event),
    description: [event.venue, event.city].filter(Boolean).join(', ') || undefined,
    timeZone: event.timeZone,
    items: items.map((item) => programmeItemToCalendarItem(item, baseUrl)),
  };
}

export const programmeSource: CalendarSource = {
  scope: 'event-programme',
  describe: 'Event programme',
  // Every organiser may read a programme, so every organiser may subscribe to one.
  async authorize(_user, eventId) {
    return { label: programmeFeedName(await getEvent(eventId)) };
  },
  async resourceName(eventId) {
    try {
      return (await getEvent(eventId)).name;
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return undefined;
      throw err;
    }
  },
  async load(eventId, window, baseUrl) {
    const event = await getEvent(eventId);
    return loadProgrammeFeed(event, window.event(event.timeZone), baseUrl);
  },
};
