import { DateTime } from 'luxon';
import type { DutyElsewhere } from '../../lib/duties-elsewhere';
import type { CheckType } from './shift.model';
import type { StandRole } from './stand.model';
import { hours, localDate, overlaps, splitAtMidnight, uncovered, type Interval } from './time';

/**
 * The rota checks as pure functions over plain data, so the rules read in one place
 * and the same code answers the API, the pages and sign-up refusals.
 */

export type CheckShift = Interval & {
  id: string;
  needs: { role: StandRole; count: number }[];
  assignees: { personId: string; role: StandRole }[];
  overrides: { type: CheckType; personId?: string; reason: string; by: string; at: Date }[];
};

export type CheckRules = {
  timeZone: string;
  openingHours: Interval[];
  minStaff: number;
  maxHoursPer24h: number;
  minRestHours: number;
};

export type CheckItem = {
  type: CheckType;
  /** The stretch the check is about: the overlap, the gap, the part outside hours. */
  start: Date;
  end: Date;
  personId?: string;
  shiftIds: string[];
  message: string;
  /** understaffed: how many people are missing over the stretch. */
  missing?: number;
  /** double_booked with a duty outside the stand (a World Café table): what that duty is. */
  elsewhere?: string;
  /** Present when a comms user accepted this on purpose. */
  overridden?: { reason: string; by: string; at: Date };
};

const clock = (instant: Date, zone: string) =>
  DateTime.fromJSDate(instant, { zone }).toFormat('ccc d LLL HH:mm');
const span = (a: Date, b: Date, zone: string) =>
  `${clock(a, zone)}–${DateTime.fromJSDate(b, { zone }).toFormat('HH:mm')}`;

/**
 * All checks of a rota, overrides applied, in time order. `elsewhere` holds the team's
 * duties outside the stand (World Café tables), which count for `double_booked`.
 */
export function runChecks(
  shifts: readonly CheckShift[],
  rules: CheckRules,
  elsewhere: readonly DutyElsewhere[] = [],
): CheckItem[] {
  const items = [
    ...doubleBookings(shifts, rules.timeZone, elsewhere),
    ...outsideOpeningHours(shifts, rules),
    ...coverageGaps(shifts, rules),
    ...tooLong(shifts, rules),
  ];
  const byId = new Map(shifts.map((s) => [s.id, s]));
  for (const item of items) {
    for (const id of item.shiftIds) {
      const override = byId
        .get(id)
        ?.overrides.find(
          (o) => o.type === item.type && (o.personId === undefined || o.personId === item.personId),
        );
      if (override) {
        item.overridden = { reason: override.reason, by: override.by, at: override.at };
        break;
      }
    }
  }
  return items.sort(
    (a, b) => a.start.getTime() - b.start.getTime() || a.type.localeCompare(b.type),
  );
}

function shiftsByPerson(shifts: readonly CheckShift[]): Map<string, CheckShift[]> {
  const map = new Map<string, CheckShift[]>();
  for (const shift of shifts) {
    for (const { personId } of shift.assignees) {
      map.set(personId, [...(map.get(personId) ?? []), shift]);
    }
  }
  for (const list of map.values()) list.sort((a, b) => a.start.getTime() - b.start.getTime());
  return map;
}

/**
 * One person in two places at once: two stand shifts, or a shift and a duty elsewhere.
 * Back-to-back does not collide.
 */
export function doubleBookings(
  shifts: readonly CheckShift[],
  zone: string,
  elsewhere: readonly DutyElsewhere[] = [],
): CheckItem[] {
  const items: CheckItem[] = [];
  for (const [personId, own] of shiftsByPerson(shifts)) {
    for (const shift of own) {
      for (const duty of elsewhere) {
        if (duty.personId !== personId || !overlaps(shift, duty)) continue;
        const start = shift.start > duty.start ? shift.start : duty.start;
        const end = shift.end < duty.end ? shift.end : duty.end;
        items.push({
          type: 'double_booked',
          start,
          end,
          personId,
          shiftIds: [shift.id],
          elsewhere: duty.label,
          message: `On a shift and at ${duty.label} at once, ${span(start, end, zone)}`,
        });
      }
    }
    for (let i = 0; i < own.length; i++) {
      for (let j = i + 1; j < own.length; j++) {
        const a = own[i]!;
        const b = own[j]!;
        if (!overlaps(a, b)) continue;
        const start = a.start > b.start ? a.start : b.start;
        const end = a.end < b.end ? a.end : b.end;
        items.push({
          type: 'double_booked',
          start,
          end,
          personId,
          shiftIds: [a.id, b.id],
          message: `On two shifts at once, ${span(start, end, zone)}`,
        });
      }
    }
  }
  return items;
}

/** Every stretch of a shift that falls outside the opening hours. */
export function outsideOpeningHours(shifts: readonly CheckShift[], rules: CheckRules): CheckItem[] {
  return shifts.flatMap((shift) =>
    uncovered(shift, rules.openingHours).map((part) => ({
      type: 'outside_opening_hours' as const,
      start: part.start,
      end: part.end,
      shiftIds: [shift.id],
      message: `Shift runs outside the opening hours, ${span(part.start, part.end, rules.timeZone)}`,
    })),
  );
}

/** Places a slot still lacks, per role, never below zero: an over-full role hides nothing. */
export function missingPlaces(shift: Pick<CheckShift, 'needs' | 'assignees'>): number {
  return shift.needs.reduce((sum, need) => {
    const filled = shift.assignees.filter((a) => a.role === need.role).length;
    return sum + Math.max(0, need.count - filled);
  }, 0);
}

/**
 * Coverage gaps: every stretch of opening time, day by day, where fewer people are
 * on duty than the stand's minimum or where a slot on duty lacks people. The slot
 * deficits are clamped per slot and role and added up, so an over-full slot next to
 * an empty one still shows the empty one's gap.
 */
export function coverageGaps(shifts: readonly CheckShift[], rules: CheckRules): CheckItem[] {
  const zone = rules.timeZone;
  const pieces: CheckItem[] = [];
  for (const block of rules.openingHours) {
    for (const day of splitAtMidnight(block, zone)) {
      const cuts = new Set<number>([day.start.getTime(), day.end.getTime()]);
      for (const s of shifts) {
        for (const t of [s.start.getTime(), s.end.getTime()]) {
          if (t > day.start.getTime() && t < day.end.getTime()) cuts.add(t);
        }
      }
      const times = [...cuts].sort((a, b) => a - b);
      for (let i = 0; i + 1 < times.length; i++) {
        const piece = { start: new Date(times[i]!), end: new Date(times[i + 1]!) };
        const onDuty = shifts.filter((s) => s.start <= piece.start && s.end >= piece.end);
        const people = new Set(onDuty.flatMap((s) => s.assignees.map((a) => a.personId)));
        const short = onDuty.filter((s) => missingPlaces(s) > 0);
        const slotDeficit = short.reduce((sum, s) => sum + missingPlaces(s), 0);
        const missing = Math.max(rules.minStaff - people.size, slotDeficit);
        if (missing <= 0) continue;
        const previous = pieces[pieces.length - 1];
        const shiftIds = short.map((s) => s.id).sort();
        if (
          previous &&
          previous.end.getTime() === piece.start.getTime() &&
          previous.missing === missing &&
          previous.shiftIds.join() === shiftIds.join() &&
          localDate(previous.start, zone) === localDate(piece.start, zone)
        ) {
          previous.end = piece.end;
          continue;
        }
        pieces.push({ type: 'understaffed', ...piece, shiftIds, missing, message: '' });
      }
    }
  }
  for (const item of pieces) {
    item.message = `${item.missing} ${item.missing === 1 ? 'person' : 'people'} short, ${span(item.start, item.end, zone)}`;
  }
  return pieces;
}

/** Shifts of one person merged where they overlap, so double-booked time counts once. */
function merged(own: readonly CheckShift[]): (Interval & { ids: string[] })[] {
  const out: (Interval & { ids: string[] })[] = [];
  for (const s of own) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) {
      if (s.end > last.end) last.end = s.end;
      last.ids.push(s.id);
    } else {
      out.push({ start: s.start, end: s.end, ids: [s.id] });
    }
  }
  return out;
}

/**
 * `too_long`: more than the allowed hours on duty within any 24 hours, or less rest
 * than allowed between two duty days.
 */
export function tooLong(shifts: readonly CheckShift[], rules: CheckRules): CheckItem[] {
  const zone = rules.timeZone;
  const items: CheckItem[] = [];
  for (const [personId, own] of shiftsByPerson(shifts)) {
    const duty = merged(own);
    const reported = new Set<string>();
    for (const first of duty) {
      const window = { start: first.start, end: new Date(first.start.getTime() + 24 * 3_600_000) };
      let onDuty = 0;
      const ids: string[] = [];
      let last = first.end;
      for (const d of duty) {
        if (!overlaps(d, window)) continue;
        const from = d.start > window.start ? d.start : window.start;
        const to = d.end < window.end ? d.end : window.end;
        onDuty += to.getTime() - from.getTime();
        ids.push(...d.ids);
        if (to > last) last = to;
      }
      const key = ids.join();
      if (hours(onDuty) > rules.maxHoursPer24h && !reported.has(key)) {
        reported.add(key);
        items.push({
          type: 'too_long',
          start: window.start,
          end: last,
          personId,
          shiftIds: ids,
          message: `${round(hours(onDuty))} h on duty within 24 h (at most ${rules.maxHoursPer24h} h)`,
        });
      }
    }
    for (let i = 1; i < duty.length; i++) {
      const before = duty[i - 1]!;
      const after = duty[i]!;
      const rest = after.start.getTime() - before.end.getTime();
      if (localDate(before.start, zone) === localDate(after.start, zone)) continue;
      if (hours(rest) >= rules.minRestHours) continue;
      items.push({
        type: 'too_long',
        start: before.end,
        end: after.start,
        personId,
        shiftIds: [before.ids[before.ids.length - 1]!, after.ids[0]!],
        message: `Only ${round(hours(rest))} h rest between duty days (at least ${rules.minRestHours} h)`,
      });
    }
  }
  return items;
}

const round = (value: number) => Math.round(value * 10) / 10;
