import { AppError, forbidden } from '../../../lib/errors';
import { getUser } from '../../auth';
import { getEvent, type EventView } from '../../events';
import { listShiftEntriesForEmail } from '../../exhibitions';
import { standEntryToCalendarItem } from './stand.source';
import type { CalendarItem } from '../calendars.types';
import type { CalendarSource } from '../calendar-sources';
import { loadProgrammeFeed } from './programme.source';
import { asActor, ownedPolicy } from '../policies';

/**
 * A person's own calendar: the programmes of the events on their account and their
 * stand shifts (the directory person with the account's e-mail address); World Café
 * duties join when that component exists. Each item keeps
 * its event's zone, so one feed can span events in different zones.
 */
export const personSource: CalendarSource = {
  scope: 'person',
  describe: 'My calendar',
  async authorize(user, personId) {
    if (!ownedPolicy.may(asActor(user), 'subscribe', { ownerUserId: personId })) {
      throw forbidden('You can only subscribe to your own calendar');
    }
    const person = await getUser(personId);
    return { label: `${person.name} – my calendar` };
  },
  async resourceName(personId) {
    try {
      return (await getUser(personId)).name;
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return undefined;
      throw err;
    }
  },
  async load(personId, window, baseUrl) {
    const person = await getUser(personId);
    const events = await Promise.all(person.eventIds.map(eventOrNothing));
    const known = events.filter((event): event is EventView => event !== undefined);
    const timeZone = known[0]?.timeZone ?? 'UTC';
    const items: CalendarItem[] = [];
    for (const event of known) {
      const feed = await loadProgrammeFeed(event, window.rolling(event.timeZone), baseUrl);
      items.push(...feed.items.map((item) => ({ ...item, timeZone: event.timeZone })));
    }
    const shiftWindow = window.rolling(timeZone);
    const shifts = await listShiftEntriesForEmail(person.email, {
      start: shiftWindow.from,
      end: shiftWindow.to,
    });
    items.push(...shifts.map((entry) => standEntryToCalendarItem(entry, baseUrl)));
    items.sort((a, b) => a.start.getTime() - b.start.getTime());
    return { name: `${person.name} – forumkit`, timeZone, items };
  },
};

/** An event removed after it was put on the account simply drops out of the feed. */
async function eventOrNothing(eventId: string): Promise<EventView | undefined> {
  try {
    return await getEvent(eventId);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) return undefined;
    throw err;
  }
}
