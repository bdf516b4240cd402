import { AppError, notFound } from '../../lib/errors';
import {
  createProgrammeItem,
  getEvent,
  getProgrammeItem,
  updateProgrammeItem,
  type EventView,
} from '../events';
import { getUser } from '../auth';
import { toObjectId } from './ids';
import { toSessionView, type SessionView } from './world-cafe.presenter';
import type { CreateSessionInput, UpdateSessionInput } from './world-cafe.schemas';
import { WorldCafeSessionModel } from './session.model';

/**
 * Facilitator ids must name facilitator accounts (400 naming the entry otherwise): the
 * policies let exactly these people act on the session.
 */
async function assertFacilitatorAccounts(ids: string[] | undefined): Promise<void> {
  const errors: { path: string; message: string }[] = [];
  for (const [i, id] of (ids ?? []).entries()) {
    const user = await getUser(id).catch(() => undefined);
    if (user?.role !== 'facilitator')
      errors.push({ path: `facilitatorIds.${i}`, message: 'no facilitator account with this id' });
  }
  if (errors.length)
    throw new AppError('validation_failed', 'Invalid request body', 400, { errors });
}

/**
 * Creates a session of an event. Its calendar entry is the given programme item, or a
 * new one made from the session's title, room and times, so the event's feed, the
 * programme printout and invitations all show it. 404 for an unknown event or item.
 */
export async function createSession(input: CreateSessionInput): Promise<SessionView> {
  const { programmeItemId, eventId, ...fields } = input;
  await getEvent(eventId);
  await assertFacilitatorAccounts(fields.facilitatorIds);
  const itemId = programmeItemId
    ? (await getProgrammeItem(eventId, programmeItemId)).id
    : (
        await createProgrammeItem(eventId, {
          title: `World Café: ${fields.title}`,
          location: fields.room || undefined,
          start: fields.start,
          end: fields.end,
          allDay: fields.allDay ?? false,
        })
      ).id;
  const doc = await WorldCafeSessionModel.create({ ...fields, eventId, programmeItemId: itemId });
  return toSessionView(doc.toObject());
}

export async function getSession(id: string): Promise<SessionView> {
  const doc = await WorldCafeSessionModel.findById(toObjectId(id, 'Session')).lean();
  if (!doc) throw notFound('Session');
  return toSessionView(doc);
}

/** The session and its event (for the event's time zone and manager checks). */
export async function getSessionWithEvent(
  id: string,
): Promise<{ session: SessionView; event: EventView }> {
  const session = await getSession(id);
  return { session, event: await getEvent(session.eventId) };
}

/** Sessions of an event in time order; with `facilitatorId`, only the ones that person facilitates. */
export async function listSessions(
  eventId: string,
  filter: { facilitatorId?: string } = {},
): Promise<SessionView[]> {
  const docs = await WorldCafeSessionModel.find({
    eventId: toObjectId(eventId, 'Event'),
    ...(filter.facilitatorId ? { facilitatorIds: toObjectId(filter.facilitatorId, 'User') } : {}),
  })
    .sort({ start: 1, title: 1 })
    .lean();
  return docs.map(toSessionView);
}

/** Partial update; the calendar entry follows a new title, room or time. */
export async function updateSession(id: string, input: UpdateSessionInput): Promise<SessionView> {
  const doc = await WorldCafeSessionModel.findById(toObjectId(id, 'Session'));
  if (!doc) throw notFound('Session');
  await assertFacilitatorAccounts(input.facilitatorIds);
  doc.set(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
  if (doc.end <= doc.start) {
    throw new AppError('validation_failed', 'Invalid request body', 400, {
      errors: [{ path: 'end', message: 'must be after start' }],
    });
  }
  const moved = ['title', 'room', 'start', 'end', 'allDay'].some((f) => doc.isModified(f));
  await doc.save();
  if (moved && doc.programmeItemId) {
    await updateProgrammeItem(doc.eventId.toString(), doc.programmeItemId.toString(), {
      location: doc.room || undefined,
      start: doc.start,
      end: doc.end,
      allDay: doc.allDay,
    });
  }
  return toSessionView(doc.toObject());
}

/**
 * Seeds: the session of this event with this title, created or brought up to date,
 * linked to an existing programme item. Running it again changes nothing.
 */
export async function upsertSessionByTitle(
  input: CreateSessionInput & { programmeItemId: string },
): Promise<{ session: SessionView; outcome: 'created' | 'updated' | 'unchanged' }> {
  const { eventId, ...fields } = input;
  const existing = await WorldCafeSessionModel.findOne({ eventId, title: input.title });
  if (!existing) {
    const doc = await WorldCafeSessionModel.create({ ...fields, eventId });
    return { session: toSessionView(doc.toObject()), outcome: 'created' };
  }
  existing.set(fields);
  const outcome = existing.isModified() ? 'updated' : 'unchanged';
  await existing.save();
  return { session: toSessionView(existing.toObject()), outcome };
}
