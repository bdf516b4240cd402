import { assertNotReferenced, type ReferencesPort } from '../../lib/component';
import { Types } from 'mongoose';
import { notFound } from '../../lib/errors';
import type { Page } from '../../lib/http/validate';
import { getEvent, getProject } from '../events';
import { PostcardModel, type PostcardDoc } from './postcard.model';
import { detachQrCodesFrom, ensureQrCodeFor } from './qr-codes.service';
import { toPostcardView, type PostcardView } from './registry.presenter';
import {
  createPostcardBody,
  updatePostcardBody,
  type CreatePostcardInput,
  type ListPostcardsQuery,
  type UpdatePostcardInput,
} from './registry.schemas';

const isObjectId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

async function findPostcardDoc(id: string) {
  const doc = isObjectId(id) ? await PostcardModel.findById(id) : null;
  if (!doc) throw notFound('Postcard');
  return doc;
}

async function assertEvents(ids: readonly string[] | undefined) {
  for (const id of new Set(ids ?? [])) await getEvent(id);
}

async function attachCode(
  doc: InstanceType<typeof PostcardModel>,
  publicBaseUrl: string,
): Promise<PostcardView> {
  if (!doc.qrCodeId) {
    const code = await ensureQrCodeFor(
      'postcard',
      { postcardId: doc._id.toString() },
      {
        label: `Postcard: ${doc.city}`,
        projectId: doc.projectId.toString(),
        eventId: doc.eventIds[0]?.toString(),
      },
      publicBaseUrl,
    );
    doc.qrCodeId = new Types.ObjectId(code.id);
    await doc.save();
  }
  return toPostcardView(doc.toObject());
}

/** Creates a city postcard and its QR code. 409 `duplicate` for the same city twice in a project. */
export async function createPostcard(
  raw: CreatePostcardInput,
  publicBaseUrl: string,
): Promise<PostcardView> {
  const input = createPostcardBody.parse(raw);
  await getProject(input.projectId);
  await assertEvents(input.eventIds);
  return attachCode(await PostcardModel.create(input), publicBaseUrl);
}

export async function getPostcard(id: string): Promise<PostcardView> {
  return toPostcardView((await findPostcardDoc(id)).toObject());
}

/** Several postcards by id (unknown ids skipped), in the order given. */
export async function getPostcardsByIds(ids: readonly string[]): Promise<PostcardView[]> {
  const docs = await PostcardModel.find({ _id: { $in: ids.filter(isObjectId) } }).lean<
    PostcardDoc[]
  >();
  const byId = new Map(docs.map((d) => [d._id.toString(), toPostcardView(d)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function listPostcards(query: ListPostcardsQuery): Promise<Page<PostcardView>> {
  const filter: Record<string, unknown> = {};
  if (query.projectId) filter.projectId = new Types.ObjectId(query.projectId);
  if (query.eventId) filter.eventIds = new Types.ObjectId(query.eventId);
  const [docs, total] = await Promise.all([
    PostcardModel.find(filter)
      .sort({ city: 1, _id: 1 })
      .skip((query.page - 1) * query.limit)
      .limit(query.limit)
      .lean<PostcardDoc[]>(),
    PostcardModel.countDocuments(filter),
  ]);
  return { items: docs.map(toPostcardView), page: query.page, limit: query.limit, total };
}

export async function updatePostcard(id: string, raw: UpdatePostcardInput): Promise<PostcardView> {
  const input = updatePostcardBody.parse(raw);
  const doc = await findPostcardDoc(id);
  if (input.projectId) await getProject(input.projectId);
  await assertEvents(input.eventIds);
  const { linkUrl, ...rest } = input;
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) doc.set(key, value);
  if (linkUrl !== undefined) doc.linkUrl = linkUrl ?? undefined;
  await doc.save();
  return toPostcardView(doc.toObject());
}

/**
 * Deletes a postcard; refused with 409 `still_referenced` while another component
 * refers to it (none does today). Its printed codes stay and lead to a placeholder page.
 */
export async function deletePostcard(id: string, references: ReferencesPort): Promise<void> {
  const doc = await findPostcardDoc(id);
  await assertNotReferenced(references, 'postcard', id, 'postcard');
  await doc.deleteOne();
  await detachQrCodesFrom('postcard', id);
}

export async function setPostcardFront(
  id: string,
  fileId: Types.ObjectId | undefined,
): Promise<Types.ObjectId | undefined> {
  const doc = await findPostcardDoc(id);
  const previous = doc.frontFileId;
  doc.frontFileId = fileId;
  await doc.save();
  return previous;
}

/** Creates or updates the postcard of this project and city (seeds, imports). */
export async function upsertPostcard(
  raw: CreatePostcardInput,
  publicBaseUrl: string,
): Promise<{ postcard: PostcardView; outcome: 'created' | 'updated' | 'unchanged' }> {
  const input = createPostcardBody.parse(raw);
  const existing = await PostcardModel.findOne({
    projectId: input.projectId,
    city: input.city,
    country: input.country,
  });
  if (!existing) {
    return { postcard: await createPostcard(input, publicBaseUrl), outcome: 'created' };
  }
  existing.set(input);
  const outcome = existing.isModified() ? 'updated' : 'unchanged';
  await existing.save();
  return { postcard: await attachCode(existing, publicBaseUrl), outcome };
}
