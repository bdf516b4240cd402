import { Types } from 'mongoose';
import { assertNotReferenced, type ReferencesPort } from '../../lib/component';
import { conflict, notFound } from '../../lib/errors';
import { getProject } from '../events';
import { getResource } from '../qr';
import { KitBatchModel } from './batch.model';
import { HandOutModel } from './hand-out.model';
import { KitTypeModel, type KitTypeDoc } from './kit-type.model';
import { KitModel } from './kit.model';
import { PlayReportModel } from './play-report.model';
import { toKitTypeView, type KitTypeView } from './kits.presenter';
import {
  createKitTypeBody,
  type CreateKitTypeInput,
  type UpdateKitTypeInput,
} from './kits.schemas';

const isObjectId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

export async function findKitTypeDoc(id: string) {
  const doc = isObjectId(id) ? await KitTypeModel.findById(id) : null;
  if (!doc) throw notFound('Kit type', 'kit_type_not_found');
  return doc;
}

export async function getKitType(id: string): Promise<KitTypeView> {
  return toKitTypeView((await findKitTypeDoc(id)).toObject());
}

/** Creates a kit type. 409 `duplicate` when the serial prefix is taken; 404 for an unknown project or resource. */
export async function createKitType(input: CreateKitTypeInput): Promise<KitTypeView> {
  const data = createKitTypeBody.parse(input);
  if (data.projectId) await getProject(data.projectId);
  if (data.resourceId) await getResource(data.resourceId);
  try {
    const doc = await KitTypeModel.create(data);
    return toKitTypeView(doc.toObject());
  } catch (err) {
    if ((err as { code?: number }).code === 11000)
      throw conflict('duplicate', `Serial prefix ${data.serialPrefix} is taken`);
    throw err;
  }
}

/** Changes a kit type's settings (follow-up weeks, anonymisation, texts); 404 for an unknown project or resource. */
export async function updateKitType(id: string, input: UpdateKitTypeInput): Promise<KitTypeView> {
  const doc = await findKitTypeDoc(id);
  if (input.projectId) await getProject(input.projectId);
  if (input.resourceId) await getResource(input.resourceId);
  const { anonymiseAfterDays, followUpWeeks, ...rest } = input;
  doc.set(rest);
  // Weeks in order, each once: "the next follow-up" is the first unsent one.
  if (followUpWeeks) doc.followUpWeeks = [...new Set(followUpWeeks)].sort((a, b) => a - b);
  if (anonymiseAfterDays === null) doc.anonymiseAfterDays = undefined;
  else if (anonymiseAfterDays !== undefined) doc.anonymiseAfterDays = anonymiseAfterDays;
  await doc.save();
  return toKitTypeView(doc.toObject());
}

/**
 * Deletes a kit type nothing refers to. Its kits, batches, hand-outs and play reports
 * are the stock and its history, so while any exist the delete is refused with 409
 * `still_referenced` naming them (with where they are listed); `references` asks the
 * other components' holders. 404 for an unknown kit type.
 */
export async function deleteKitType(id: string, references: ReferencesPort): Promise<void> {
  const kitType = await findKitTypeDoc(id);
  const byType = { kitTypeId: kitType._id };
  const [kits, batches, handOuts, playReports] = await Promise.all([
    KitModel.countDocuments(byType),
    KitBatchModel.countDocuments(byType),
    HandOutModel.countDocuments(byType),
    PlayReportModel.countDocuments(byType),
  ]);
  await assertNotReferenced(references, 'kit-type', id, 'kit type', [
    { kind: 'kit', label: 'Kits', count: kits, href: `/api/kits?kitTypeId=${id}` },
    {
      kind: 'kit-batch',
      label: 'Kit batches',
      count: batches,
      href: `/api/kit-batches?kitTypeId=${id}`,
    },
    {
      kind: 'kit-hand-out',
      label: 'Kit hand-outs',
      count: handOuts,
      href: `/kits/hand-outs?kitTypeId=${id}`,
    },
    {
      kind: 'kit-play-report',
      label: 'Play reports',
      count: playReports,
      href: `/kits/types/${id}/evidence`,
    },
  ]);
  await KitTypeModel.deleteOne({ _id: kitType._id });
}

export async function listKitTypes(): Promise<KitTypeView[]> {
  const docs = await KitTypeModel.find().sort({ name: 1, _id: 1 }).lean<KitTypeDoc[]>();
  return docs.map(toKitTypeView);
}

/** For seeds: the kit type with this serial prefix, created or brought up to date. */
export async function upsertKitTypeByPrefix(
  input: CreateKitTypeInput,
): Promise<{ kitType: KitTypeView; outcome: 'created' | 'updated' | 'unchanged' }> {
  const data = createKitTypeBody.parse(input);
  const existing = await KitTypeModel.findOne({ serialPrefix: data.serialPrefix });
  if (!existing) return { kitType: await createKitType(data), outcome: 'created' };
  existing.set({
    ...data,
    projectId: data.projectId ? new Types.ObjectId(data.projectId) : undefined,
  });
  const outcome = existing.isModified() ? 'updated' : 'unchanged';
  if (outcome === 'updated') await existing.save();
  return { kitType: toKitTypeView(existing.toObject()), outcome };
}
