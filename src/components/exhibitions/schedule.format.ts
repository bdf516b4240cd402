import { DateTime } from 'luxon';
import { create } from 'xmlbuilder2';
import type { Schedule, ScheduleItem } from './schedule.service';

/** frab's renderings of a schedule: schedule.xml and the JSON of the same shape. */

const GENERATOR = { name: 'forumkit', version: '1' };

const isoWithOffset = (instant: Date, zone: string) =>
  DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true }) ?? '';
const hhmm = (instant: Date, zone: string) =>
  DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');

/** "01:30": hours and minutes, as frab writes durations. */
export function frabDuration(start: Date, end: Date): string {
  const minutes = Math.max(0, Math.round((end.getTime() - start.getTime()) / 60_000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

function itemFields(item: ScheduleItem, zone: string) {
  return {
    date: isoWithOffset(item.start, zone),
    start: hhmm(item.start, zone),
    duration: frabDuration(item.start, item.end),
    room: item.room,
    slug: item.slug,
    url: item.links[0]?.url,
    title: item.title,
    subtitle: item.subtitle,
    track: item.track,
    type: item.type,
    language: 'en',
    abstract: item.abstract,
    description: item.description,
  };
}

/** schedule.xml: schedule > conference, day > room > event, as the c3voc schema describes it. */
export function scheduleToXml(schedule: Schedule): string {
  const zone = schedule.timeZone;
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('schedule');
  root.ele('generator', GENERATOR);
  root.ele('version').txt(schedule.version);
  const conference = root.ele('conference');
  conference.ele('acronym').txt(schedule.acronym);
  conference.ele('title').txt(schedule.title);
  conference.ele('start').txt(schedule.start);
  conference.ele('end').txt(schedule.end);
  conference.ele('days').txt(String(schedule.days.length));
  conference.ele('timeslot_duration').txt('00:15');
  conference.ele('base_url').txt(schedule.baseUrl);
  conference.ele('time_zone_name').txt(zone);
  for (const day of schedule.days) {
    const dayEl = root.ele('day', {
      index: String(day.index),
      date: day.date,
      start: isoWithOffset(day.start, zone),
      end: isoWithOffset(day.end, zone),
    });
    for (const [name, items] of day.rooms) {
      const roomEl = dayEl.ele('room', { name });
      for (const item of items) {
        const eventEl = roomEl.ele('event', { id: String(item.id), guid: item.guid });
        for (const [key, value] of Object.entries(itemFields(item, zone))) {
          if (value !== undefined) eventEl.ele(key).txt(value);
        }
        const persons = eventEl.ele('persons');
        for (const person of item.persons) persons.ele('person').txt(person.name);
        const links = eventEl.ele('links');
        for (const link of item.links) links.ele('link', { href: link.url }).txt(link.title);
      }
    }
  }
  return root.end({ prettyPrint: true });
}

/** schedule.json: the same tree, frab's JSON (conference.days[].rooms{name: events}). */
export function scheduleToJson(schedule: Schedule) {
  const zone = schedule.timeZone;
  const rooms = [...new Set(schedule.days.flatMap((d) => [...d.rooms.keys()]))];
  const tracks = [
    ...new Set(schedule.days.flatMap((d) => [...d.rooms.values()].flat().map((i) => i.track))),
  ];
  return {
    $schema: 'https://c3voc.de/schedule/schema.json',
    generator: GENERATOR,
    schedule: {
      version: schedule.version,
      base_url: schedule.baseUrl,
      conference: {
        acronym: schedule.acronym,
        title: schedule.title,
        start: schedule.start,
        end: schedule.end,
        daysCount: schedule.days.length,
        timeslot_duration: '00:15',
        time_zone_name: zone,
        rooms: rooms.map((name) => ({ name })),
        tracks: tracks.map((name) => ({ name })),
        days: schedule.days.map((day) => ({
          index: day.index,
          date: day.date,
          day_start: isoWithOffset(day.start, zone),
          day_end: isoWithOffset(day.end, zone),
          rooms: Object.fromEntries(
            [...day.rooms].map(([name, items]) => [
              name,
              items.map((item) => ({
                guid: item.guid,
                id: item.id,
                ...itemFields(item, zone),
                persons: item.persons.map((p) => ({ public_name: p.name })),
                links: item.links.map((l) => ({ url: l.url, title: l.title })),
                attachments: [],
              })),
            ]),
          ),
        })),
      },
    },
  };
}
