import { DateTime } from 'luxon';
import { getEvent, getPerson } from '../events';
import { enqueueMail } from '../mail';
import { ShiftReminderModel } from './shift-reminder.model';
import { ShiftModel, type ShiftDoc } from './shift.model';
import { loadStandDoc } from './stand-context';
import { isDuplicateKey } from './problems';

/** A claim older than this is taken to be from a process that died mid-way. */
const CLAIM_LEASE_MS = 5 * 60_000;

/**
 * When the reminder for a shift is due: 18:00 on the day before, in the event's
 * zone (or at once, for a shift planned later than that).
 */
export function reminderDueAt(start: Date, timeZone: string): Date {
  return DateTime.fromJSDate(start, { zone: timeZone })
    .startOf('day')
    .minus({ days: 1 })
    .set({ hour: 18 })
    .toJSDate();
}

/**
 * Queues the reminders that are due at `now` through the outbox. One reminder per
 * (shift, person, start): a shift that moves before its reminder gets one, at its
 * new time; one that moves after its reminder gets another. Two processes may run
 * this at once: the unique (shift, person, start) row is the claim, so only one of
 * them queues each reminder; the outbox's dedupe key guards a retried claim.
 */
export async function sendDueShiftReminders(now: Date): Promise<{ queued: number }> {
  // The widest lead time (18:00 the day before a shift at 23:59) is under 30 hours.
  const upcoming = await ShiftModel.find({
    start: { $gt: now, $lte: new Date(now.getTime() + 31 * 3_600_000) },
    'assignees.0': { $exists: true },
  }).lean<ShiftDoc[]>();
  let queued = 0;
  for (const shift of upcoming) {
    const stand = await loadStandDoc(shift.standId.toString()).catch(() => undefined);
    if (!stand) continue;
    const event = await getEvent(stand.eventId.toString());
    if (reminderDueAt(shift.start, event.timeZone) > now) continue;
    for (const assignee of shift.assignees) {
      if (!(await claim(shift, assignee.personId, now))) continue;
      const person = await getPerson(assignee.personId.toString()).catch(() => undefined);
      const key = { shiftId: shift._id, personId: assignee.personId, start: shift.start };
      if (!person?.email) {
        await ShiftReminderModel.updateOne(key, { $set: { status: 'queued' } });
        continue;
      }
      const moved = await ShiftReminderModel.exists({
        shiftId: shift._id,
        personId: assignee.personId,
        start: { $ne: shift.start },
        status: 'queued',
      });
      const local = (d: Date) =>
        DateTime.fromJSDate(d, { zone: event.timeZone }).setLocale('en-GB');
      const { id } = await enqueueMail({
        to: person.email,
        template: 'shift-reminder',
        data: {
          name: person.name,
          standName: stand.name,
          eventName: event.name,
          when: `${local(shift.start).toFormat('cccc d LLLL, HH:mm')}–${local(shift.end).toFormat('HH:mm')}`,
          timeZone: event.timeZone,
          zone: stand.zones.find((z) => z._id.equals(shift.zoneId ?? ''))?.name,
          role: assignee.role,
          moved: Boolean(moved),
        },
        dedupeKey: `shift-reminder:${shift._id.toString()}:${assignee.personId.toString()}:${shift.start.toISOString()}`,
      });
      await ShiftReminderModel.updateOne(key, { $set: { status: 'queued', outboxId: id } });
      queued++;
    }
  }
  return { queued };
}

/** Takes the reminder for this process: a new row, or a stale claim nobody finished. */
async function claim(
  shift: ShiftDoc,
  personId: ShiftDoc['assignees'][number]['personId'],
  now: Date,
): Promise<boolean> {
  const key = { shiftId: shift._id, personId, start: shift.start };
  try {
    await ShiftReminderModel.create({ ...key, status: 'claimed', claimedAt: now });
    return true;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const stale = await ShiftReminderModel.findOneAndUpdate(
    { ...key, status: 'claimed', claimedAt: { $lt: new Date(now.getTime() - CLAIM_LEASE_MS) } },
    { $set: { claimedAt: now } },
  );
  return stale !== null;
}
