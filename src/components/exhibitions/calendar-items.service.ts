import { getEvent, listPeople } from '../events';
import { toShiftView } from './exhibitions.presenter';
import { listFilms, listScreenings } from './screenings.service';
import { ShiftModel, type ShiftDoc } from './shift.model';
import { getStand, listAllStands } from './stands.service';
import { overlaps, type Interval } from './time';

/**
 * Dated things of a stand in a shape any calendar can take (the calendars component
 * maps them to iCalendar): opening hours and screenings for the stand's feed, and a
 * person's shifts for their own feed. Times stay instants; `timeZone` is the event's.
 */
export type StandCalendarEntry = {
  id: string;
  title: string;
  description?: string;
  location?: string;
  start: Date;
  end: Date;
  /** Rises when the entry moves, so calendar clients update it. */
  sequence: number;
  updatedAt: Date;
  /** Path of the entry's page, to put after the public base URL. */
  path: string;
  timeZone: string;
};

/** The stand's opening hours and screenings inside `window`. 404 for an unknown stand. */
export async function listStandCalendarEntries(
  standId: string,
  window: Interval,
): Promise<{ name: string; timeZone: string; entries: StandCalendarEntry[] }> {
  const stand = await getStand(standId);
  const event = await getEvent(stand.eventId);
  const place = [stand.name, stand.hall, stand.standNumber && `stand ${stand.standNumber}`]
    .filter(Boolean)
    .join(', ');
  const [screenings, films] = await Promise.all([listScreenings(stand.id), listFilms(stand.id)]);
  const entries: StandCalendarEntry[] = [
    ...stand.openingHours
      .filter((b) => overlaps(b, window))
      .map((block) => ({
        // An opening block has no id of its own: its start names it.
        id: `${stand.id}-open-${block.start.getTime()}`,
        title: `${stand.name} open`,
        location: place,
        start: block.start,
        end: block.end,
        sequence: 0,
        updatedAt: stand.updatedAt,
        path: `/stands/${stand.id}`,
        timeZone: event.timeZone,
      })),
    ...screenings
      .filter((s) => overlaps(s, window))
      .map((s) => ({
        id: s.id,
        title: `${s.mode === 'loop' ? 'Film loop' : 'Screening'}: ${s.filmIds.map((id) => films.find((f) => f.id === id)?.title ?? 'film').join(', ')}`,
        location: [stand.zones.find((z) => z.id === s.zoneId)?.name, place]
          .filter(Boolean)
          .join(', '),
        start: s.start,
        end: s.end,
        sequence: 0,
        updatedAt: s.updatedAt,
        path: `/stands/${stand.id}`,
        timeZone: event.timeZone,
      })),
  ].sort((a, b) => a.start.getTime() - b.start.getTime());
  return {
    name: `${stand.name} – opening hours and screenings`,
    timeZone: event.timeZone,
    entries,
  };
}

/**
 * The stand shifts of the directory person with this e-mail address (how an
 * organiser's account finds its shifts), inside `window`, each in its event's zone.
 */
export async function listShiftEntriesForEmail(
  email: string,
  window: Interval,
): Promise<StandCalendarEntry[]> {
  const person = (await listPeople({ email: email.toLowerCase(), page: 1, limit: 1, sort: 'name' }))
    .items[0];
  if (!person) return [];
  const docs = await ShiftModel.find({
    'assignees.personId': person.id,
    start: { $lt: window.end },
    end: { $gt: window.start },
  })
    .sort({ start: 1 })
    .lean<ShiftDoc[]>();
  const stands = new Map((await listAllStands()).map((s) => [s.id, s]));
  const zones = new Map<string, string>();
  const entries: StandCalendarEntry[] = [];
  for (const doc of docs) {
    const shift = toShiftView(doc);
    const stand = stands.get(shift.standId);
    if (!stand) continue;
    const timeZone = zones.get(stand.eventId) ?? (await getEvent(stand.eventId)).timeZone;
    zones.set(stand.eventId, timeZone);
    const role = shift.assignees.find((a) => a.personId === person.id)?.role;
    entries.push({
      id: `${shift.id}-${person.id}`,
      title: `Stand shift${role ? ` (${role})` : ''}: ${stand.name}`,
      description: shift.title,
      location: [stand.zones.find((z) => z.id === shift.zoneId)?.name, stand.name, stand.hall]
        .filter(Boolean)
        .join(', '),
      start: shift.start,
      end: shift.end,
      sequence: shift.version - 1,
      updatedAt: shift.updatedAt,
      path: `/stands/${stand.id}`,
      timeZone,
    });
  }
  return entries;
}
