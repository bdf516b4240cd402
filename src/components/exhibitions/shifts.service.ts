import type { DutySource } from '../../lib/duties-elsewhere';
import { Types } from 'mongoose';
import { conflict, notFound } from '../../lib/errors';
import type { CheckItem } from './checks.logic';
import { toShiftView, type ShiftView } from './exhibitions.presenter';
import type {
  AssigneeInput,
  BulkShiftsInput,
  OverrideInput,
  ShiftInput,
  UpdateShiftInput,
} from './exhibitions.schemas';
import { bulkShiftsBody } from './exhibitions.schemas';
import { fieldProblem, isObjectIdString } from './problems';
import { ShiftModel, type ShiftDoc } from './shift.model';
import { loadStandContext, type StandContext } from './stand-context';
import type { StandRole } from './stand.model';
import { daySpan, eventDays, eventSpan, splitAtMidnight, type Interval } from './time';
import { checksOfStand } from './checks.service';

const oid = (id: string) => new Types.ObjectId(id);

type Assignee = { personId: Types.ObjectId; role: StandRole; signedUpAt: Date; self: boolean };

/** A shift and the checks that concern it now. */
export type ShiftWithChecks = { shift: ShiftView; checks: CheckItem[] };

/** 400 with the field's path: end before start, outside the event's days. */
export function assertShiftTimes(context: StandContext, start: Date, end: Date): void {
  if (end <= start) throw fieldProblem('invalid_time_range', 'must be after start', 'end');
  const span = eventSpan(context.event);
  const outside = (t: Date) => t < span.start || t > span.end;
  if (outside(start) || outside(end)) {
    const e = context.event;
    throw fieldProblem(
      'outside_event_dates',
      `must lie within the event’s dates (${e.startDate} to ${e.endDate}, ${e.timeZone})`,
      outside(start) ? 'start' : 'end',
    );
  }
}

function assertZone(context: StandContext, zoneId: string | null | undefined): void {
  if (zoneId && !context.stand.zones.some((z) => z._id.toString() === zoneId.toLowerCase())) {
    throw fieldProblem('unknown_zone', 'The stand has no zone with this id', 'zoneId');
  }
}

/**
 * Assignees as stored: each must be on the stand's team (400 `not_on_team` with the
 * path), their role defaults to their team role; `previous` keeps sign-up times.
 */
function resolveAssignees(
  context: StandContext,
  assignees: AssigneeInput[],
  now: Date,
  previous: ShiftDoc['assignees'] = [],
): Assignee[] {
  const seen = new Set<string>();
  return assignees.map((entry, i) => {
    const personId = (typeof entry === 'string' ? entry : entry.personId).toLowerCase();
    const member = context.stand.team.find((m) => m.personId.toString() === personId);
    const path = typeof entry === 'string' ? `assignees.${i}` : `assignees.${i}.personId`;
    if (!member) {
      throw fieldProblem(
        'not_on_team',
        'Only people on the stand’s team can be put on shifts',
        path,
      );
    }
    if (seen.has(personId)) throw fieldProblem('duplicate_assignee', 'listed twice', path);
    seen.add(personId);
    const before = previous.find((a) => a.personId.toString() === personId);
    return {
      personId: member.personId,
      role: (typeof entry === 'string' ? undefined : entry.role) ?? before?.role ?? member.role,
      signedUpAt: before?.signedUpAt ?? now,
      self: before?.self ?? false,
    };
  });
}

async function withChecks(
  standId: string,
  doc: ShiftDoc,
  duties: DutySource,
): Promise<ShiftWithChecks> {
  const shift = toShiftView(doc);
  const checks = (await checksOfStand(standId, duties)).filter((c) =>
    c.shiftIds.includes(shift.id),
  );
  return { shift, checks };
}

/**
 * Creates a shift slot. The checks are not refusals: the answer lists those that
 * concern the new shift (a comms user may plan a gap on purpose, or override).
 */
export async function createShift(
  standId: string,
  input: ShiftInput,
  now: Date,
  duties: DutySource,
): Promise<ShiftWithChecks> {
  const body = { needs: [], assignees: [], ...input };
  const context = await loadStandContext(standId);
  assertShiftTimes(context, body.start, body.end);
  assertZone(context, body.zoneId);
  const doc = await ShiftModel.create({
    standId: context.stand._id,
    eventId: context.stand.eventId,
    start: body.start,
    end: body.end,
    zoneId: body.zoneId ? oid(body.zoneId) : undefined,
    title: body.title,
    needs: body.needs,
    assignees: resolveAssignees(context, body.assignees, now),
  });
  return withChecks(standId, doc.toObject(), duties);
}

async function loadShift(standId: string, shiftId: string): Promise<ShiftDoc> {
  if (!isObjectIdString(shiftId)) throw notFound('Shift');
  const doc = await ShiftModel.findOne({
    _id: oid(shiftId),
    standId: oid(standId),
  }).lean<ShiftDoc>();
  if (!doc) throw notFound('Shift');
  return doc;
}

/** One shift. 404 when it is not on this stand. */
export async function getShift(standId: string, shiftId: string): Promise<ShiftView> {
  return toShiftView(await loadShift(standId, shiftId));
}

/**
 * Changes a shift. `version` must be the current one: if someone else changed the
 * shift in between, 409 `version_conflict` with the current version and shift, and
 * nothing is written.
 */
export async function updateShift(
  standId: string,
  shiftId: string,
  input: UpdateShiftInput,
  now: Date,
  duties: DutySource,
): Promise<ShiftWithChecks> {
  const context = await loadStandContext(standId);
  const current = await loadShift(standId, shiftId);
  const start = input.start ?? current.start;
  const end = input.end ?? current.end;
  assertShiftTimes(context, start, end);
  assertZone(context, input.zoneId);
  const set: Record<string, unknown> = { start, end };
  const unset: Record<string, 1> = {};
  if (input.zoneId === null) unset.zoneId = 1;
  else if (input.zoneId !== undefined) set.zoneId = oid(input.zoneId);
  if (input.title !== undefined) set.title = input.title;
  if (input.needs !== undefined) set.needs = input.needs;
  if (input.assignees !== undefined) {
    set.assignees = resolveAssignees(context, input.assignees, now, current.assignees);
  }
  const updated = await ShiftModel.findOneAndUpdate(
    { _id: current._id, version: input.version },
    { $set: set, $unset: unset, $inc: { version: 1 } },
    { new: true },
  ).lean<ShiftDoc>();
  if (!updated) throw await versionConflict(standId, shiftId);
  return withChecks(standId, updated, duties);
}

async function versionConflict(standId: string, shiftId: string) {
  const latest = await loadShift(standId, shiftId);
  return conflict('version_conflict', 'Someone else changed this shift; reload it and try again', {
    currentVersion: latest.version,
    current: toShiftView(latest),
  });
}

/** Deletes a shift (its reminders are simply no longer due). */
export async function deleteShift(standId: string, shiftId: string): Promise<void> {
  const shift = await loadShift(standId, shiftId);
  await ShiftModel.deleteOne({ _id: shift._id });
}

/** The stand's shifts in time order, optionally those touching one local day. */
export async function listShifts(standId: string, day?: string): Promise<ShiftView[]> {
  const context = await loadStandContext(standId);
  const filter: Record<string, unknown> = { standId: context.stand._id };
  if (day) {
    const span = daySpan(day, context.event.timeZone);
    Object.assign(filter, { start: { $lt: span.end }, end: { $gt: span.start } });
  }
  const docs = await ShiftModel.find(filter).sort({ start: 1, _id: 1 }).lean<ShiftDoc[]>();
  return docs.map(toShiftView);
}

/**
 * Accepts a check on purpose: the reason, who and when are kept on the shift and the
 * check is reported as overridden from then on.
 */
export async function overrideCheck(
  standId: string,
  shiftId: string,
  input: OverrideInput,
  by: string,
  now: Date,
  duties: DutySource,
): Promise<ShiftWithChecks> {
  const shift = await loadShift(standId, shiftId);
  if (
    input.personId &&
    !shift.assignees.some((a) => a.personId.toString() === input.personId?.toLowerCase())
  ) {
    throw fieldProblem('not_on_shift', 'This person is not on the shift', 'personId');
  }
  const override = {
    type: input.type,
    personId: input.personId ? oid(input.personId) : undefined,
    reason: input.reason,
    by,
    at: now,
  };
  const updated = await ShiftModel.findOneAndUpdate(
    { _id: shift._id },
    { $push: { overrides: override }, $inc: { version: 1 } },
    { new: true },
  ).lean<ShiftDoc>();
  if (!updated) throw notFound('Shift');
  return withChecks(standId, updated, duties);
}

/** The blocks a pattern makes: each opening stretch of each day cut into `minutes`-long slots. */
export function patternSlots(
  openingHours: readonly Interval[],
  days: readonly string[],
  zone: string,
  minutes: number,
): Interval[] {
  const slots: Interval[] = [];
  const length = minutes * 60_000;
  for (const day of days) {
    const span = daySpan(day, zone);
    for (const block of openingHours) {
      for (const piece of splitAtMidnight(block, zone)) {
        if (piece.start < span.start || piece.start >= span.end) continue;
        for (let t = piece.start.getTime(); t < piece.end.getTime(); t += length) {
          slots.push({
            start: new Date(t),
            end: new Date(Math.min(t + length, piece.end.getTime())),
          });
        }
      }
    }
  }
  return slots;
}

/**
 * Creates shifts in bulk from a pattern: `blockMinutes`-long slots over each chosen
 * day's opening hours, each with `needs`. A slot that already exists (same start,
 * end and zone) is skipped, so running the pattern again adds nothing.
 */
export async function createShiftsFromPattern(
  standId: string,
  input: BulkShiftsInput,
): Promise<{ created: ShiftView[]; skipped: number }> {
  const body = bulkShiftsBody.parse(input);
  const context = await loadStandContext(standId);
  assertZone(context, body.zoneId);
  const allDays = eventDays(context.event);
  const days = body.days ?? allDays;
  days.forEach((day, i) => {
    if (!allDays.includes(day)) {
      throw fieldProblem('outside_event_dates', 'is not one of the event’s days', `days.${i}`);
    }
  });
  if (context.stand.openingHours.length === 0) {
    throw fieldProblem('no_opening_hours', 'Set the opening hours first', 'days');
  }
  const slots = patternSlots(
    context.stand.openingHours,
    days,
    context.event.timeZone,
    body.blockMinutes,
  );
  const zoneId = body.zoneId ? oid(body.zoneId) : undefined;
  const existing = await ShiftModel.find(
    { standId: context.stand._id },
    { start: 1, end: 1, zoneId: 1 },
  ).lean();
  const key = (s: { start: Date; end: Date; zoneId?: Types.ObjectId }) =>
    `${s.start.getTime()}-${s.end.getTime()}-${s.zoneId?.toString() ?? ''}`;
  const taken = new Set(existing.map(key));
  const fresh = slots.filter((slot) => !taken.has(key({ ...slot, zoneId })));
  const docs = await ShiftModel.insertMany(
    fresh.map((slot) => ({
      standId: context.stand._id,
      eventId: context.stand.eventId,
      start: slot.start,
      end: slot.end,
      zoneId,
      needs: body.needs,
      assignees: [],
    })),
  );
  return {
    created: docs.map((d) => toShiftView(d.toObject() as ShiftDoc)),
    skipped: slots.length - fresh.length,
  };
}

/** Shifts of one person on any stand (their personal feed, reminders). */
export async function listShiftsOfPerson(
  personId: string,
  window?: Interval,
): Promise<ShiftView[]> {
  if (!isObjectIdString(personId)) return [];
  const filter: Record<string, unknown> = { 'assignees.personId': oid(personId) };
  if (window) Object.assign(filter, { start: { $lt: window.end }, end: { $gt: window.start } });
  const docs = await ShiftModel.find(filter).sort({ start: 1 }).lean<ShiftDoc[]>();
  return docs.map(toShiftView);
}

/** How many shifts name a person (delete guards). */
export const countShiftsOfPerson = (personId: string) =>
  ShiftModel.countDocuments({ 'assignees.personId': oid(personId) });
