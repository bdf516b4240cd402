import { DateTime } from 'luxon';
import { getPerson, getProjectsByIds, type EventView } from '../events';
import type { CheckItem } from './checks.logic';
import { missingPlacesOf } from './checks.service';
import type {
  FilmView,
  MaterialView,
  ScreeningView,
  ShiftView,
  StandView,
} from './exhibitions.presenter';
import { MATERIAL_STATUSES } from './material.model';
import { daySpan, eventDays, localTime, overlaps } from './time';

/** What the stand pages show, built from views: names resolved, times in the event's zone. */

export type Names = { people: Map<string, string>; projects: Map<string, string> };

/** Names of the team's people and the stand's projects (a person deleted meanwhile shows as unknown). */
export async function namesFor(stand: StandView): Promise<Names> {
  const people = new Map<string, string>();
  for (const member of stand.team) {
    const person = await getPerson(member.personId).catch(() => undefined);
    people.set(member.personId, person?.name ?? 'Unknown person');
  }
  const projects = new Map(
    (await getProjectsByIds(stand.projects.map((p) => p.projectId))).map((p) => [p.id, p.name]),
  );
  return { people, projects };
}

const dayLabel = (day: string) =>
  DateTime.fromISO(day, { zone: 'utc' }).setLocale('en-GB').toFormat('ccc d LLL');

export function dayTabs(event: EventView, selected: string) {
  return eventDays(event).map((day) => ({ day, label: dayLabel(day), selected: day === selected }));
}

/** The day's timeline: opening blocks, shifts and gaps in time order, conflicts marked. */
export function dayTimeline(input: {
  stand: StandView;
  event: EventView;
  day: string;
  shifts: ShiftView[];
  checks: CheckItem[];
  names: Names;
}) {
  const zone = input.event.timeZone;
  const span = daySpan(input.day, zone);
  const inDay = (i: { start: Date; end: Date }) => overlaps(i, span);
  const zoneName = (id?: string) => input.stand.zones.find((z) => z.id === id)?.name;
  const time = (d: Date) => localTime(d, zone);
  const entries = [
    ...input.shifts.filter(inDay).map((shift) => {
      const problems = input.checks.filter(
        (c) => c.shiftIds.includes(shift.id) && c.type !== 'understaffed',
      );
      const missing = missingPlacesOf(shift);
      return {
        kind: 'shift',
        at: shift.start.getTime(),
        until: shift.end.getTime(),
        id: shift.id,
        version: shift.version,
        time: `${time(shift.start)}–${time(shift.end)}`,
        title: shift.title,
        zone: zoneName(shift.zoneId),
        needs: shift.needs.map((n) => `${n.count} ${n.role}`).join(', '),
        people: shift.assignees.map(
          (a) => `${input.names.people.get(a.personId) ?? 'Unknown'} (${a.role})`,
        ),
        missing,
        conflicts: problems.filter((p) => !p.overridden).map((p) => p.message),
        overridden: problems
          .filter((p) => p.overridden)
          .map((p) => `${p.message} — ${p.overridden?.reason}`),
      };
    }),
    ...input.checks
      .filter((c) => c.type === 'understaffed' && inDay(c))
      .map((gap) => ({
        kind: 'gap',
        at: gap.start.getTime(),
        until: gap.end.getTime(),
        time: `${time(gap.start)}–${time(gap.end)}`,
        message: gap.message,
        overridden: gap.overridden?.reason,
      })),
  ].sort((a, b) => a.at - b.at || a.until - b.until || a.kind.localeCompare(b.kind));
  const opening = input.stand.openingHours
    .filter(inDay)
    .map((b) => `${time(b.start)}–${time(b.end)}`);
  const people = (id?: string) => (id ? input.names.people.get(id) : undefined);
  const checks = input.checks.filter(inDay).map((c) => ({
    ...c,
    time: `${time(c.start)}–${time(c.end)}`,
    person: people(c.personId),
    firstShiftId: c.shiftIds[0],
  }));
  return { entries, opening, checks };
}

/** Materials as a board: one column per status, late items first. */
export function materialsBoard(materials: MaterialView[], names: Names) {
  return MATERIAL_STATUSES.map((status) => ({
    status,
    items: materials
      .filter((m) => m.status === status)
      .sort((a, b) => Number(b.late) - Number(a.late))
      .map((m) => ({ ...m, owner: names.projects.get(m.ownerProjectId) ?? 'Unknown project' })),
  }));
}

export function screeningRows(screenings: ScreeningView[], films: FilmView[], zone: string) {
  return screenings.map((s) => ({
    ...s,
    when: `${DateTime.fromJSDate(s.start, { zone }).setLocale('en-GB').toFormat('ccc d LLL HH:mm')}–${localTime(s.end, zone)}`,
    films: s.filmIds
      .map((id) => films.find((f) => f.id === id)?.title ?? 'Unknown film')
      .join(', '),
  }));
}
