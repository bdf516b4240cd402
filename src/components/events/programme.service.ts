import { Types } from 'mongoose';
import { notFound } from '../../lib/errors';
import type { Page } from '../../lib/http/validate';
import { EventModel } from './event.model';
import { ProgrammeItemModel, type ProgrammeItemDoc } from './programme-item.model';
import { toProgrammeItemView, type ProgrammeItemView } from './events.presenter';
import type {
  CreateProgrammeItemInput,
  ListProgrammeQuery,
  UpdateProgrammeItemInput,
} from './events.schemas';
import { definedOnly, listPage, textMatch } from './listing';
import type { UpsertOutcome } from './events.service';

const isId = (id: string) => Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id);

/** Changes that make attendees' calendars move or drop the entry. */
const RESCHEDULING_FIELDS = ['start', 'end', 'location', 'status'] as const;

async function assertEventExists(eventId: string): Promise<Types.ObjectId> {
  const found = isId(eventId) ? await EventModel.exists({ _id: eventId }) : null;
  if (!found) throw notFound('Event');
  return found._id;
}

async function findItemDoc(eventId: string, itemId: string) {
  const eventObjectId = await assertEventExists(eventId);
  const doc = isId(itemId)
    ? await ProgrammeItemModel.findOne({ _id: itemId, eventId: eventObjectId })
    : null;
  if (!doc) throw notFound('Programme item');
  return doc;
}

/**
 * The programme of an event, sorted by start. `from`/`to` keep items that overlap
 * that window (end after `from`, start before `to`). Throws 404 for an unknown event.
 */
export async function listProgrammeItems(
  eventId: string,
  window: { from?: Date; to?: Date } = {},
): Promise<ProgrammeItemView[]> {
  const eventObjectId = await assertEventExists(eventId);
  const docs = await ProgrammeItemModel.find(windowFilter(eventObjectId, window))
    .sort({ start: 1, _id: 1 })
    .lean<ProgrammeItemDoc[]>();
  return docs.map(toProgrammeItemView);
}

function windowFilter(eventId: Types.ObjectId, window: { from?: Date; to?: Date }) {
  const filter: Record<string, unknown> = { eventId };
  if (window.from) filter.end = { $gt: window.from };
  if (window.to) filter.start = { $lt: window.to };
  return filter;
}

/** Paged, filtered listing for the API. */
export async function listProgrammeItemsPage(
  eventId: string,
  query: ListProgrammeQuery,
): Promise<Page<ProgrammeItemView>> {
  const eventObjectId = await assertEventExists(eventId);
  const filter = windowFilter(eventObjectId, query);
  if (query.status) filter.status = query.status;
  if (query.q) filter.title = textMatch(query.q);
  return listPage(ProgrammeItemModel, { ...query, filter, toView: toProgrammeItemView });
}

/** One programme item of an event. Throws 404 when either is unknown or they do not belong together. */
export async function getProgrammeItem(
  eventId: string,
  itemId: string,
): Promise<ProgrammeItemView> {
  const doc = await findItemDoc(eventId, itemId);
  return toProgrammeItemView(doc.toObject());
}

export async function createProgrammeItem(
  eventId: string,
  input: CreateProgrammeItemInput,
): Promise<ProgrammeItemView> {
  const eventObjectId = await assertEventExists(eventId);
  const doc = await ProgrammeItemModel.create({ ...input, eventId: eventObjectId, sequence: 0 });
  return toProgrammeItemView(doc.toObject());
}

/**
 * Applies a partial update. When the time, place or status actually changes,
 * `sequence` goes up by one so calendar clients replace their copy.
 */
export async function updateProgrammeItem(
  eventId: string,
  itemId: string,
  input: UpdateProgrammeItemInput,
): Promise<ProgrammeItemView> {
  const doc = await findItemDoc(eventId, itemId);
  applyChange(doc, definedOnly(input));
  await doc.save();
  return toProgrammeItemView(doc.toObject());
}

type ItemDocument = Awaited<ReturnType<typeof findItemDoc>>;

function applyChange(doc: ItemDocument, change: UpdateProgrammeItemInput): void {
  doc.set(change);
  if (RESCHEDULING_FIELDS.some((field) => doc.isModified(field))) doc.sequence += 1;
}

export async function deleteProgrammeItem(eventId: string, itemId: string): Promise<void> {
  const doc = await findItemDoc(eventId, itemId);
  await doc.deleteOne();
}

/** Number of programme items of an event (for orphan checks elsewhere). */
export async function countProgrammeItems(eventId: string): Promise<number> {
  if (!isId(eventId)) return 0;
  return ProgrammeItemModel.countDocuments({ eventId });
}

/**
 * Creates or updates the item of this event with this title (seeds). Follows the
 * same sequence rule as updates, so re-seeding unchanged data changes nothing.
 */
export async function upsertProgrammeItemByTitle(
  eventId: string,
  input: CreateProgrammeItemInput,
): Promise<{ item: ProgrammeItemView; outcome: UpsertOutcome }> {
  const eventObjectId = await assertEventExists(eventId);
  const existing = await ProgrammeItemModel.findOne({ eventId: eventObjectId, title: input.title });
  if (!existing) {
    return { item: await createProgrammeItem(eventId, input), outcome: 'created' };
  }
  applyChange(existing, input);
  const outcome: UpsertOutcome = existing.isModified() ? 'updated' : 'unchanged';
  await existing.save();
  return { item: toProgrammeItemView(existing.toObject()), outcome };
}
