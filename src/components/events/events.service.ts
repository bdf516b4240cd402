import { Types } from 'mongoose';
import { notFound } from '../../lib/errors';
import type { Page } from '../../lib/http/validate';
import { EventModel, type EventDoc } from './event.model';
import { ProgrammeItemModel } from './programme-item.model';
import { ClusterModel } from './directory.models';
import { toEventView, type EventView } from './events.presenter';
import type { CreateEventInput, ListEventsQuery, UpdateEventInput } from './events.schemas';
import { definedOnly, listPage, textMatch } from './listing';
import type { ReferencesPort } from '../../lib/component';
import { assertUnreferenced, localReferrer } from './references';
import { slugify } from './values';

const isId = (id: string) => Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id);

async function findEventDoc(id: string) {
  const doc = isId(id) ? await EventModel.findById(id) : null;
  if (!doc) throw notFound('Event');
  return doc;
}

async function assertClustersExist(clusterIds: string[] | undefined): Promise<void> {
  if (!clusterIds?.length) return;
  const unique = [...new Set(clusterIds.map((id) => id.toLowerCase()))];
  const found = await ClusterModel.countDocuments({ _id: { $in: unique } });
  if (found !== unique.length) throw notFound('Cluster', 'cluster_not_found');
}

/** Returns one event. Throws 404 `not_found` for an unknown or malformed id. */
export async function getEvent(id: string): Promise<EventView> {
  const doc = isId(id) ? await EventModel.findById(id).lean<EventDoc>() : null;
  if (!doc) throw notFound('Event');
  return toEventView(doc);
}

/** Returns one event by its slug. Throws 404 `not_found`. */
export async function getEventBySlug(slug: string): Promise<EventView> {
  const doc = await EventModel.findOne({ slug: String(slug) }).lean<EventDoc>();
  if (!doc) throw notFound('Event');
  return toEventView(doc);
}

/** Lists events, filtered by whitelisted fields and sorted (default: by start date). */
export async function listEvents(query: ListEventsQuery): Promise<Page<EventView>> {
  const filter: Record<string, unknown> = {};
  if (query.q) filter.name = textMatch(query.q);
  if (query.country) filter.country = query.country;
  if (query.city) filter.city = textMatch(query.city);
  if (query.kind) filter.kind = query.kind;
  if (query.clusterId) filter.clusterIds = new Types.ObjectId(query.clusterId);
  // Overlap with [from, to]: the event ends on/after `from` and starts on/before `to`.
  if (query.from) filter.endDate = { $gte: query.from };
  if (query.to) filter.startDate = { $lte: query.to };
  return listPage(EventModel, { ...query, filter, toView: toEventView });
}

/**
 * Creates an event; the slug defaults to one derived from the name.
 * Throws 409 `duplicate` when the slug is taken, 404 `cluster_not_found` for unknown clusters.
 */
export async function createEvent(input: CreateEventInput): Promise<EventView> {
  await assertClustersExist(input.clusterIds);
  const doc = await EventModel.create({ ...input, slug: input.slug ?? slugify(input.name) });
  return toEventView(doc.toObject());
}

/** Applies a partial update. Dates are re-checked together (end on/after start). */
export async function updateEvent(id: string, input: UpdateEventInput): Promise<EventView> {
  const doc = await findEventDoc(id);
  await assertClustersExist(input.clusterIds);
  doc.set(definedOnly(input));
  await doc.save();
  return toEventView(doc.toObject());
}

/** Deletes an event. Refused with 409 `still_referenced` while it has programme items or others refer to it. */
export async function deleteEvent(id: string, references: ReferencesPort): Promise<void> {
  const doc = await findEventDoc(id);
  const programmeItems = await ProgrammeItemModel.countDocuments({ eventId: doc._id });
  await assertUnreferenced(references, 'event', id, [
    localReferrer('programme-item', 'Programme items', programmeItems, `/events/${id}/programme`),
  ]);
  await doc.deleteOne();
}

/** Number of events; lets seeding tell an empty database from a used one. */
export async function countEvents(): Promise<number> {
  return EventModel.countDocuments();
}

/**
 * Creates or updates the event with this slug (seeds, imports). Unchanged data
 * leaves the document untouched. Returns what happened.
 */
export async function upsertEventBySlug(
  input: CreateEventInput & { slug: string },
): Promise<{ event: EventView; outcome: UpsertOutcome }> {
  await assertClustersExist(input.clusterIds);
  const existing = await EventModel.findOne({ slug: input.slug });
  if (!existing) {
    const created = await EventModel.create(input);
    return { event: toEventView(created.toObject()), outcome: 'created' };
  }
  existing.set(input);
  const outcome: UpsertOutcome = existing.isModified() ? 'updated' : 'unchanged';
  await existing.save();
  return { event: toEventView(existing.toObject()), outcome };
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';
