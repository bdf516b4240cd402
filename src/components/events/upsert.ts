import { Types, type Model } from 'mongoose';
import type { UpsertOutcome } from './events.service';

export const isObjectId = (id: string) => Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id);

/**
 * Finds the document by its natural key (whose fields `input` also holds) and creates or updates it, saving only
 * when something changed, so seeding twice leaves the same data behind.
 */
export async function upsertDoc<D>(
  model: Model<D>,
  key: Record<string, unknown>,
  input: object,
): Promise<{ doc: D; outcome: UpsertOutcome }> {
  const existing = await model.findOne(key);
  if (!existing) {
    const created = await model.create(input);
    return { doc: created.toObject() as D, outcome: 'created' };
  }
  existing.set(input);
  const outcome: UpsertOutcome = existing.isModified() ? 'updated' : 'unchanged';
  await existing.save();
  return { doc: existing.toObject() as D, outcome };
}
