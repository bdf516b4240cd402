import type { ClientSession, Types } from 'mongoose';
import { WorldCafeChangeModel, type ChangeDoc, type ChangeKind } from './change.model';

/** A change as the wall receives it. */
export type WallChange = {
  id: string;
  kind: ChangeKind;
  tableId: string;
  data: Record<string, unknown>;
  at: Date;
};

export const toWallChange = (doc: ChangeDoc): WallChange => ({
  id: doc._id.toString(),
  kind: doc.kind,
  tableId: doc.tableId.toString(),
  data: doc.data,
  at: doc.createdAt,
});

/**
 * Records a change for the live walls of every app process, in the transaction of the
 * write it tells about (`session`): the wall never misses a stored note, and never
 * shows one that was not stored.
 */
export async function recordChange(
  session: ClientSession,
  table: { sessionId: Types.ObjectId; _id: Types.ObjectId },
  kind: ChangeKind,
  data: Record<string, unknown>,
  now = new Date(),
): Promise<void> {
  const { sessionId, _id: tableId } = table;
  await WorldCafeChangeModel.create([{ sessionId, tableId, kind, data, createdAt: now }], {
    session,
  });
}

/** Changes of a session at or after `since`, oldest first (catching up after a reconnect). */
export async function changesSince(sessionId: string, since: Date): Promise<WallChange[]> {
  const docs = await WorldCafeChangeModel.find({ sessionId, createdAt: { $gte: since } })
    .sort({ createdAt: 1, _id: 1 })
    .limit(500)
    .lean();
  return docs.map(toWallChange);
}

/** When a change was made, for a `Last-Event-ID` a reconnecting wall sends. */
export async function changeTime(id: string): Promise<Date | undefined> {
  if (!/^[0-9a-f]{24}$/i.test(id)) return undefined;
  const doc = await WorldCafeChangeModel.findById(id, { createdAt: 1 }).lean();
  return doc?.createdAt;
}
