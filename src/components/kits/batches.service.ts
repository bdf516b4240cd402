import { Types } from 'mongoose';
import { notFound } from '../../lib/errors';
import { getEvent } from '../events';
import { KitBatchModel, type KitBatchDoc } from './batch.model';
import { findKitTypeDoc } from './kit-types.service';
import { toBatchView, type BatchView } from './kits.presenter';
import type { CreateBatchInput, MoveBatchInput } from './kits.schemas';

const isObjectId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

export async function createBatch(input: CreateBatchInput, now: Date): Promise<BatchView> {
  await findKitTypeDoc(input.kitTypeId);
  if (input.eventId) await getEvent(input.eventId);
  const at = input.at ? new Date(input.at) : now;
  const doc = await KitBatchModel.create({
    kitTypeId: new Types.ObjectId(input.kitTypeId),
    label: input.label,
    quantity: input.quantity,
    location: input.location,
    eventId: input.eventId ? new Types.ObjectId(input.eventId) : undefined,
    moves: [{ location: input.location, at }],
  });
  return toBatchView(doc.toObject());
}

/** Moves a batch (warehouse → shipped → at the stand), keeping the move with its date. */
export async function moveBatch(id: string, input: MoveBatchInput, now: Date): Promise<BatchView> {
  const doc = isObjectId(id)
    ? await KitBatchModel.findByIdAndUpdate(
        id,
        {
          $set: { location: input.location },
          $push: {
            moves: {
              location: input.location,
              at: input.at ? new Date(input.at) : now,
              note: input.note,
            },
          },
        },
        { new: true },
      ).lean<KitBatchDoc>()
    : null;
  if (!doc) throw notFound('Batch', 'batch_not_found');
  return toBatchView(doc);
}

export async function listBatches(kitTypeId?: string): Promise<BatchView[]> {
  const filter =
    kitTypeId && isObjectId(kitTypeId) ? { kitTypeId: new Types.ObjectId(kitTypeId) } : {};
  const docs = await KitBatchModel.find(filter)
    .sort({ createdAt: -1 })
    .limit(500)
    .lean<KitBatchDoc[]>();
  return docs.map(toBatchView);
}
