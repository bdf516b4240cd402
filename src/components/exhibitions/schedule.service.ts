import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { getEvent, listProgrammeItems, type EventView } from '../events';
import { listFilms, listScreenings } from './screenings.service';
import { listStandsOfEvent } from './stands.service';
import { eventDays } from './time';

/**
 * An event's programme with its stands' items (opening hours, screenings) in the
 * frab schedule model that pretalx exports and Giggity, ConfClerk and c3voc's tools
 * read: conference → days → rooms → events. Times are in the event's zone.
 */
export type ScheduleItem = {
  /** Positive integer, stable for the same source item. */
  id: number;
  /** UUID (name-based, version 5), stable for the same source item. */
  guid: string;
  slug: string;
  title: string;
  subtitle: string;
  abstract: string;
  description: string;
  room: string;
  track: string;
  type: string;
  start: Date;
  end: Date;
  persons: { name: string }[];
  links: { url: string; title: string }[];
};
export type ScheduleDay = {
  index: number;
  date: string;
  start: Date;
  end: Date;
  rooms: Map<string, ScheduleItem[]>;
};
export type Schedule = {
  acronym: string;
  title: string;
  start: string;
  end: string;
  timeZone: string;
  baseUrl: string;
  /** Rises whenever something in the schedule changes (its latest update). */
  version: string;
  days: ScheduleDay[];
};

/** The namespace of forumkit's schedule GUIDs (a fixed random UUID). */
const GUID_NAMESPACE = '4f1a2c6e-8d3b-4e57-9a10-6c2f7b9e3d58';

/** RFC 9562 name-based UUID, version 5 (SHA-1): the same name gives the same GUID. */
export function uuidV5(name: string, namespace = GUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A positive 31-bit number from the key: frab ids are integers, ours are ObjectIds. */
function numericId(key: string): number {
  return createHash('sha1').update(key).digest().readUInt32BE(0) & 0x7fffffff || 1;
}

function slugify(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'item'
  );
}

/** A frab acronym: lower case letters, digits, - and _ (c3voc's pattern). */
function acronymOf(event: EventView): string {
  const acronym = event.slug.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
  return acronym.length >= 4 ? acronym : `${acronym}-event`;
}

type Source = Omit<ScheduleItem, 'id' | 'guid' | 'slug'> & { key: string };

/** The schedule of an event. 404 for an unknown event. */
export async function buildSchedule(eventId: string, publicBaseUrl: string): Promise<Schedule> {
  const event = await getEvent(eventId);
  const base = publicBaseUrl.replace(/\/+$/, '');
  const tz = event.timeZone;
  const [programme, stands] = await Promise.all([
    listProgrammeItems(event.id),
    listStandsOfEvent(event.id),
  ]);
  const eventPage = `${base}/events/${event.id}`;
  let latest = event.updatedAt.getTime();
  const sources: Source[] = [];
  for (const item of programme) {
    if (item.status === 'cancelled') continue;
    latest = Math.max(latest, item.updatedAt.getTime());
    sources.push({
      key: `programme-item:${item.id}`,
      title: item.title,
      subtitle: '',
      abstract: item.description ?? '',
      description: item.description ?? '',
      room: item.location || event.venue || event.name,
      track: 'Programme',
      type: 'other',
      start: item.start,
      end: item.end,
      persons: [],
      links: [{ url: eventPage, title: 'Event page' }],
    });
  }
  for (const stand of stands) {
    latest = Math.max(latest, stand.updatedAt.getTime());
    const standPage = `${base}/stands/${stand.id}/now`;
    const place = [stand.hall, stand.standNumber && `stand ${stand.standNumber}`]
      .filter(Boolean)
      .join(', ');
    for (const block of stand.openingHours) {
      sources.push({
        // An opening block has no id of its own: its start names it.
        key: `stand:${stand.id}:open:${block.start.getTime()}`,
        title: `${stand.name} open`,
        subtitle: place,
        abstract: `The ${stand.name} is open${place ? ` (${place})` : ''}.`,
        description: '',
        room: stand.name,
        track: 'Exhibition',
        type: 'other',
        start: block.start,
        end: block.end,
        persons: [],
        links: [{ url: standPage, title: 'Now at the stand' }],
      });
    }
    const [films, screenings] = await Promise.all([listFilms(stand.id), listScreenings(stand.id)]);
    for (const screening of screenings) {
      latest = Math.max(latest, screening.updatedAt.getTime());
      const shown = screening.filmIds.flatMap((id) => films.filter((f) => f.id === id));
      const zone = stand.zones.find((z) => z.id === screening.zoneId)?.name;
      sources.push({
        key: `screening:${screening.id}`,
        title: `${screening.mode === 'loop' ? 'Film loop' : 'Screening'}: ${shown.map((f) => f.title).join(', ') || 'films'}`,
        subtitle: shown
          .map((f) => f.city)
          .filter(Boolean)
          .join(', '),
        abstract: shown
          .map((f) =>
            [
              f.title,
              f.language && `language ${f.language}`,
              f.subtitles && `subtitles ${f.subtitles}`,
            ]
              .filter(Boolean)
              .join(', '),
          )
          .join('; '),
        description: '',
        room: zone ? `${stand.name} – ${zone}` : stand.name,
        track: 'Exhibition',
        type: 'screening',
        start: screening.start,
        end: screening.end,
        persons: [],
        links: [
          { url: standPage, title: 'Now at the stand' },
          ...shown.flatMap((f) => (f.url ? [{ url: f.url, title: f.title }] : [])),
        ],
      });
    }
  }

  const acronym = acronymOf(event);
  const used = new Set<number>();
  const items = sources
    .sort((a, b) => a.start.getTime() - b.start.getTime() || a.key.localeCompare(b.key))
    .map(({ key, ...item }) => {
      // Ids come from the key; the rare clash is settled in key order, the same every time.
      let id = numericId(key);
      while (used.has(id)) id = (id % 0x7fffffff) + 1;
      used.add(id);
      return { ...item, id, guid: uuidV5(key), slug: `${acronym}-${id}-${slugify(item.title)}` };
    });

  const days: ScheduleDay[] = eventDays(event).map((date, i) => {
    const start = DateTime.fromISO(date, { zone: tz }).startOf('day');
    return {
      index: i + 1,
      date,
      start: start.toJSDate(),
      end: start.plus({ days: 1 }).toJSDate(),
      rooms: new Map(),
    };
  });
  for (const item of items) {
    // An item sits on the day it starts, like in pretalx; items outside the dates are left out.
    const day = days.find((d) => item.start >= d.start && item.start < d.end);
    if (!day) continue;
    const room = day.rooms.get(item.room) ?? [];
    room.push(item);
    day.rooms.set(item.room, room);
  }
  return {
    acronym,
    title: event.name,
    start: event.startDate,
    end: event.endDate,
    timeZone: tz,
    baseUrl: `${base}/`,
    version: DateTime.fromMillis(latest, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss"),
    days,
  };
}
