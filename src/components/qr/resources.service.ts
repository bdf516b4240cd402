import { assertNotReferenced, type ReferencesPort } from '../../lib/component';
import { Types } from 'mongoose';
import { notFound } from '../../lib/errors';
import type { Page } from '../../lib/http/validate';
import { getEvent, getProject } from '../events';
import { detachQrCodesFrom, ensureQrCodeFor } from './qr-codes.service';
import { toResourceView, type ResourceView } from './registry.presenter';
import type {
  CreateResourceInput,
  ListResourcesQuery,
  UpdateResourceInput,
} from './registry.schemas';
import { createResourceBody, updateResourceBody } from './registry.schemas';
import { ResourceModel, type ResourceDoc } from './resource.model';

const isObjectId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

async function findResourceDoc(id: string) {
  const doc = isObjectId(id) ? await ResourceModel.findById(id) : null;
  if (!doc) throw notFound('Resource');
  return doc;
}

async function assertEvents(ids: readonly string[] | undefined) {
  for (const id of new Set(ids ?? [])) await getEvent(id);
}

/**
 * Creates a resource and its QR code (kind "resource", placed in its project and
 * first event). Throws 404 for an unknown project or event, 409 `duplicate` when the
 * project already has this deliverable code or title.
 */
export async function createResource(
  raw: CreateResourceInput,
  publicBaseUrl: string,
): Promise<ResourceView> {
  const input = createResourceBody.parse(raw);
  await getProject(input.projectId);
  await assertEvents(input.eventIds);
  const doc = await ResourceModel.create(input);
  return attachCode(doc, publicBaseUrl);
}

async function attachCode(
  doc: InstanceType<typeof ResourceModel>,
  publicBaseUrl: string,
): Promise<ResourceView> {
  if (!doc.qrCodeId) {
    const code = await ensureQrCodeFor(
      'resource',
      { resourceId: doc._id.toString() },
      {
        label: [doc.deliverableCode, doc.title].filter(Boolean).join(' ').slice(0, 200),
        projectId: doc.projectId.toString(),
        eventId: doc.eventIds[0]?.toString(),
      },
      publicBaseUrl,
    );
    doc.qrCodeId = new Types.ObjectId(code.id);
    await doc.save();
  }
  return toResourceView(doc.toObject());
}

export async function getResource(id: string): Promise<ResourceView> {
  return toResourceView((await findResourceDoc(id)).toObject());
}

/** Several resources by id (unknown ids skipped), in the order given. */
export async function getResourcesByIds(ids: readonly string[]): Promise<ResourceView[]> {
  const docs = await ResourceModel.find({ _id: { $in: ids.filter(isObjectId) } }).lean<
    ResourceDoc[]
  >();
  const byId = new Map(docs.map((d) => [d._id.toString(), toResourceView(d)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Lists resources by project, event or type; deliverables in code order. */
export async function listResources(query: ListResourcesQuery): Promise<Page<ResourceView>> {
  const filter: Record<string, unknown> = {};
  if (query.projectId) filter.projectId = new Types.ObjectId(query.projectId);
  if (query.eventId) filter.eventIds = new Types.ObjectId(query.eventId);
  if (query.type) filter.type = query.type;
  const [docs, total] = await Promise.all([
    ResourceModel.find(filter)
      .sort({ deliverableCode: 1, title: 1, _id: 1 })
      .skip((query.page - 1) * query.limit)
      .limit(query.limit)
      .lean<ResourceDoc[]>(),
    ResourceModel.countDocuments(filter),
  ]);
  return { items: docs.map(toResourceView), page: query.page, limit: query.limit, total };
}

export async function updateResource(id: string, raw: UpdateResourceInput): Promise<ResourceView> {
  const input = updateResourceBody.parse(raw);
  const doc = await findResourceDoc(id);
  if (input.projectId) await getProject(input.projectId);
  await assertEvents(input.eventIds);
  const { externalUrl, ...rest } = input;
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) doc.set(key, value);
  if (externalUrl !== undefined) doc.externalUrl = externalUrl ?? undefined;
  await doc.save();
  return toResourceView(doc.toObject());
}

/**
 * Deletes a resource. Refused with 409 `still_referenced` while another component's
 * record (a kit type's game page) refers to it. Its own codes are not a reason to
 * refuse: they may be printed, so they stay and lead to a placeholder page.
 */
export async function deleteResource(id: string, references: ReferencesPort): Promise<void> {
  const doc = await findResourceDoc(id);
  await assertNotReferenced(references, 'resource', id, 'resource');
  await doc.deleteOne();
  await detachQrCodesFrom('resource', id);
}

/** Sets (or clears) the GridFS ids of a resource's cover image or PDF. Returns the previous id. */
export async function setResourceFile(
  id: string,
  field: 'coverFileId' | 'documentFileId',
  fileId: Types.ObjectId | undefined,
): Promise<Types.ObjectId | undefined> {
  const doc = await findResourceDoc(id);
  const previous = doc[field];
  doc[field] = fileId;
  await doc.save();
  return previous;
}

/**
 * Creates or updates the resource with this project and deliverable code (or title
 * when it has none), and makes sure it has its code. For seeds and imports.
 */
export async function upsertResource(
  raw: CreateResourceInput,
  publicBaseUrl: string,
): Promise<{ resource: ResourceView; outcome: 'created' | 'updated' | 'unchanged' }> {
  const input = createResourceBody.parse(raw);
  const key = input.deliverableCode
    ? { projectId: input.projectId, deliverableCode: input.deliverableCode }
    : { projectId: input.projectId, title: input.title };
  const existing = await ResourceModel.findOne(key);
  if (!existing) {
    return { resource: await createResource(input, publicBaseUrl), outcome: 'created' };
  }
  existing.set(input);
  const outcome = existing.isModified() ? 'updated' : 'unchanged';
  await existing.save();
  return { resource: await attachCode(existing, publicBaseUrl), outcome };
}

export const countResources = () => ResourceModel.countDocuments();
