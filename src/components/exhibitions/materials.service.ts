import { Types } from 'mongoose';
import { conflict, notFound } from '../../lib/errors';
import { toMaterialView, type MaterialView } from './exhibitions.presenter';
import { materialBody, type MaterialInput, type UpdateMaterialInput } from './exhibitions.schemas';
import { MaterialModel, type MaterialDoc } from './material.model';
import { fieldProblem, isDuplicateKey, isObjectIdString } from './problems';
import { loadStandContext, type StandContext } from './stand-context';
import { localDate } from './time';

const oid = (id: string) => new Types.ObjectId(id);

/** Late: the due date (the event's local day) has passed and the item is not on site or back. */
export function isLate(doc: Pick<MaterialDoc, 'dueDate' | 'status'>, today: string): boolean {
  return (
    !!doc.dueDate && doc.dueDate < today && doc.status !== 'on-site' && doc.status !== 'returned'
  );
}

function assertOwner(context: StandContext, projectId: string | undefined): void {
  if (
    projectId &&
    !context.stand.projects.some((p) => p.projectId.toString() === projectId.toLowerCase())
  ) {
    throw fieldProblem(
      'project_not_on_stand',
      'The owner must be one of the stand’s projects',
      'ownerProjectId',
    );
  }
}

/** Adds a checklist item. 400 `project_not_on_stand`; 409 `duplicate` for a second item of that name. */
export async function addMaterial(
  standId: string,
  input: MaterialInput,
  now: Date,
): Promise<MaterialView> {
  const body = materialBody.parse(input);
  const context = await loadStandContext(standId);
  assertOwner(context, body.ownerProjectId);
  try {
    const doc = await MaterialModel.create({
      ...body,
      standId: context.stand._id,
      eventId: context.stand.eventId,
      ownerProjectId: oid(body.ownerProjectId),
    });
    return toMaterialView(doc.toObject(), isLate(doc, localDate(now, context.event.timeZone)));
  } catch (err) {
    if (isDuplicateKey(err))
      throw conflict('duplicate', 'The checklist already has an item of that name');
    throw err;
  }
}

/** Changes an item (quantities, status, due date). */
export async function updateMaterial(
  standId: string,
  materialId: string,
  input: UpdateMaterialInput,
  now: Date,
): Promise<MaterialView> {
  const context = await loadStandContext(standId);
  assertOwner(context, input.ownerProjectId);
  if (!isObjectIdString(materialId)) throw notFound('Material');
  const set: Record<string, unknown> = { ...input };
  const unset: Record<string, 1> = {};
  if (input.ownerProjectId) set.ownerProjectId = oid(input.ownerProjectId);
  if (input.dueDate === null) {
    delete set.dueDate;
    unset.dueDate = 1;
  }
  const doc = await MaterialModel.findOneAndUpdate(
    { _id: oid(materialId), standId: context.stand._id },
    { $set: set, $unset: unset },
    { new: true, runValidators: true },
  ).lean<MaterialDoc>();
  if (!doc) throw notFound('Material');
  return toMaterialView(doc, isLate(doc, localDate(now, context.event.timeZone)));
}

export async function deleteMaterial(standId: string, materialId: string): Promise<void> {
  const context = await loadStandContext(standId);
  if (!isObjectIdString(materialId)) throw notFound('Material');
  const done = await MaterialModel.deleteOne({ _id: oid(materialId), standId: context.stand._id });
  if (done.deletedCount === 0) throw notFound('Material');
}

/** The checklist, by owner project then name, each flagged late or not as of `now` in the event's zone. */
export async function listMaterials(standId: string, now: Date): Promise<MaterialView[]> {
  const context = await loadStandContext(standId);
  const today = localDate(now, context.event.timeZone);
  const docs = await MaterialModel.find({ standId: context.stand._id })
    .sort({ ownerProjectId: 1, name: 1 })
    .lean<MaterialDoc[]>();
  return docs.map((d) => toMaterialView(d, isLate(d, today)));
}

/** Late items of every stand (the dashboard hint), oldest due date first. */
export async function listLateMaterials(
  now: Date,
): Promise<(MaterialView & { standName: string })[]> {
  const candidates = await MaterialModel.find({
    status: { $in: ['to-order', 'ordered', 'shipped'] },
    dueDate: { $type: 'string' },
  })
    .sort({ dueDate: 1 })
    .limit(500)
    .lean<MaterialDoc[]>();
  const out: (MaterialView & { standName: string })[] = [];
  const contexts = new Map<string, StandContext>();
  for (const doc of candidates) {
    const key = doc.standId.toString();
    const context = contexts.get(key) ?? (await loadStandContext(key).catch(() => undefined));
    if (!context) continue;
    contexts.set(key, context);
    if (isLate(doc, localDate(now, context.event.timeZone))) {
      out.push({ ...toMaterialView(doc, true), standName: context.stand.name });
    }
  }
  return out;
}
