import type { DutySource } from '../../lib/duties-elsewhere';
import { Types } from 'mongoose';
import { AppError, conflict, notFound } from '../../lib/errors';
import { doubleBookings, tooLong, type CheckShift } from './checks.logic';
import type { DutyElsewhere } from '../../lib/duties-elsewhere';
import { loadCheckShifts, loadDutiesElsewhere, rulesOf, toCheckShift } from './checks.service';
import { toShiftView, type ShiftView } from './exhibitions.presenter';
import { isObjectIdString } from './problems';
import { ShiftModel, type ShiftDoc } from './shift.model';
import { loadStandContext, type StandContext } from './stand-context';
import type { StandRole } from './stand.model';

const oid = (id: string) => new Types.ObjectId(id);

/** A slot someone may take, with the free places for their role. */
export type OpenShift = { shift: ShiftView; role: StandRole; freePlaces: number };

/**
 * Why a person cannot take a shift, in the order engelsystem checks sign-ups:
 * already on it, shift over, role not needed, full, collides, too long. Undefined
 * when they can.
 */
function refusal(
  context: StandContext,
  all: readonly CheckShift[],
  shift: CheckShift,
  personId: string,
  role: StandRole,
  now: Date,
  elsewhere: readonly DutyElsewhere[],
): AppError | undefined {
  if (shift.assignees.some((a) => a.personId === personId)) {
    return conflict('already_signed_up', 'You are already on this shift');
  }
  if (shift.end <= now) return conflict('shift_over', 'This shift is over');
  const need = shift.needs.find((n) => n.role === role);
  if (!need || need.count === 0) {
    return conflict('role_not_needed', `This shift needs no ${role} staff`);
  }
  const filled = shift.assignees.filter((a) => a.role === role).length;
  if (filled >= need.count) return conflict('shift_full', 'This shift is full');
  const joined = { ...shift, assignees: [...shift.assignees, { personId, role }] };
  const trial = all.map((s) => (s.id === shift.id ? joined : s));
  const collision = doubleBookings(trial, context.event.timeZone, elsewhere).find(
    (c) => c.personId === personId && c.shiftIds.includes(shift.id),
  );
  if (collision?.elsewhere) {
    return conflict('double_booked', `You are at ${collision.elsewhere} at that time`, {
      shiftIds: collision.shiftIds,
      elsewhere: collision.elsewhere,
    });
  }
  if (collision) {
    return conflict('double_booked', 'You are on another shift at that time', {
      shiftIds: collision.shiftIds,
    });
  }
  const rules = rulesOf(context);
  const long = tooLong(trial, rules).find(
    (c) => c.personId === personId && c.shiftIds.includes(shift.id),
  );
  if (long) return conflict('too_long', long.message, { shiftIds: long.shiftIds });
  return undefined;
}

function teamRole(context: StandContext, personId: string): StandRole {
  const member = context.stand.team.find((m) => m.personId.toString() === personId);
  if (!member) throw new AppError('not_on_team', 'Only the stand’s team can take shifts', 403);
  return member.role;
}

/**
 * "Shifts I can take": upcoming slots with a free place for the person's team role
 * that do not collide with what they already do and keep them within the hours cap.
 */
export async function listShiftsICanTake(
  standId: string,
  personId: string,
  now: Date,
  duties: DutySource,
): Promise<OpenShift[]> {
  const context = await loadStandContext(standId);
  const person = personId.toLowerCase();
  const role = teamRole(context, person);
  const docs = await ShiftModel.find({ standId: context.stand._id, end: { $gt: now } })
    .sort({ start: 1 })
    .lean<ShiftDoc[]>();
  const all = await loadCheckShifts(context.stand._id);
  const elsewhere = await loadDutiesElsewhere(context, [person], duties);
  return docs.flatMap((doc) => {
    const shift = toCheckShift(doc);
    if (refusal(context, all, shift, person, role, now, elsewhere)) return [];
    const need = shift.needs.find((n) => n.role === role)!;
    const freePlaces = need.count - shift.assignees.filter((a) => a.role === role).length;
    return [{ shift: toShiftView(doc), role, freePlaces }];
  });
}

/**
 * Signs a team member up for a shift, with every sign-up check; refusals are 409
 * with a code (`already_signed_up`, `shift_over`, `role_not_needed`, `shift_full`,
 * `double_booked`, `too_long`), 403 `not_on_team`. The write names the version it
 * checked, so two people taking the last place cannot both get it.
 */
export async function signUpForShift(
  standId: string,
  shiftId: string,
  personId: string,
  options: { role?: StandRole; now: Date; duties: DutySource },
): Promise<ShiftView> {
  const context = await loadStandContext(standId);
  const person = personId.toLowerCase();
  const role = options.role ?? teamRole(context, person);
  teamRole(context, person);
  if (!isObjectIdString(shiftId)) throw notFound('Shift');
  for (let attempt = 0; attempt < 3; attempt++) {
    const doc = await ShiftModel.findOne({
      _id: oid(shiftId),
      standId: context.stand._id,
    }).lean<ShiftDoc>();
    if (!doc) throw notFound('Shift');
    const all = await loadCheckShifts(context.stand._id);
    const elsewhere = await loadDutiesElsewhere(context, [person], options.duties);
    const problem = refusal(context, all, toCheckShift(doc), person, role, options.now, elsewhere);
    if (problem) throw problem;
    const updated = await ShiftModel.findOneAndUpdate(
      { _id: doc._id, version: doc.version },
      {
        $push: { assignees: { personId: oid(person), role, signedUpAt: options.now, self: true } },
        $inc: { version: 1 },
      },
      { new: true },
    ).lean<ShiftDoc>();
    if (updated) return toShiftView(updated);
  }
  throw conflict('version_conflict', 'The shift changed while you signed up; try again');
}

/** Takes a person off one shift they signed up for (their own change of plan). */
export async function leaveShift(
  standId: string,
  shiftId: string,
  personId: string,
): Promise<ShiftView> {
  const context = await loadStandContext(standId);
  if (!isObjectIdString(shiftId)) throw notFound('Shift');
  const updated = await ShiftModel.findOneAndUpdate(
    { _id: oid(shiftId), standId: context.stand._id, 'assignees.personId': oid(personId) },
    { $pull: { assignees: { personId: oid(personId) } }, $inc: { version: 1 } },
    { new: true },
  ).lean<ShiftDoc>();
  if (!updated) throw notFound('Shift');
  return toShiftView(updated);
}
