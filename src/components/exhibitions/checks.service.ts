import { Types } from 'mongoose';
import type { DutyElsewhere, DutySource } from '../../lib/duties-elsewhere';
import { missingPlaces, runChecks, type CheckItem, type CheckShift } from './checks.logic';
import { ShiftModel, type ShiftDoc } from './shift.model';
import { loadStandContext, type StandContext } from './stand-context';
import { eventSpan } from './time';

/** Stored shifts → the plain data the checks read. */
export function toCheckShift(doc: ShiftDoc): CheckShift {
  return {
    id: doc._id.toString(),
    start: doc.start,
    end: doc.end,
    needs: doc.needs,
    assignees: doc.assignees.map((a) => ({ personId: a.personId.toString(), role: a.role })),
    overrides: doc.overrides.map((o) => ({
      type: o.type,
      personId: o.personId?.toString(),
      reason: o.reason,
      by: o.by,
      at: o.at,
    })),
  };
}

export function rulesOf(context: StandContext) {
  return {
    timeZone: context.event.timeZone,
    openingHours: context.stand.openingHours,
    minStaff: context.stand.minStaff,
    maxHoursPer24h: context.stand.maxHoursPer24h,
    minRestHours: context.stand.minRestHours,
  };
}

export async function loadCheckShifts(standId: Types.ObjectId): Promise<CheckShift[]> {
  const docs = await ShiftModel.find({ standId }).sort({ start: 1 }).lean<ShiftDoc[]>();
  return docs.map(toCheckShift);
}

/** Duties of these people outside the stand (World Café tables) during the event. */
export async function loadDutiesElsewhere(
  context: StandContext,
  personIds: readonly string[],
  duties: DutySource,
): Promise<DutyElsewhere[]> {
  if (personIds.length === 0) return [];
  const { start, end } = eventSpan(context.event);
  return duties(personIds, start, end);
}

/**
 * Every check of the stand's rota: `double_booked` (also against World Café duties),
 * `outside_opening_hours`, `understaffed` (coverage gaps), `too_long`, each with the
 * stretch it is about.
 */
export async function checksOfStand(standId: string, duties: DutySource): Promise<CheckItem[]> {
  const context = await loadStandContext(standId);
  const shifts = await loadCheckShifts(context.stand._id);
  const people = [...new Set(shifts.flatMap((s) => s.assignees.map((a) => a.personId)))];
  return runChecks(shifts, rulesOf(context), await loadDutiesElsewhere(context, people, duties));
}

/** Unfilled places of a shift view, clamped per role. */
export function missingPlacesOf(shift: {
  needs: CheckShift['needs'];
  assignees: { personId: string; role: CheckShift['needs'][number]['role'] }[];
}): number {
  return missingPlaces(shift);
}
