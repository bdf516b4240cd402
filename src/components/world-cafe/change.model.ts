import { Schema, model, type Types } from 'mongoose';

export const CHANGE_KINDS = ['note', 'quote', 'outcomes', 'vote', 'photo', 'summary'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * The live wall's feed: one document per change worth showing, written by whichever
 * app process took the write. Walls served by any process read it (change stream or
 * polling), so the wall works with several processes on one database. Kept one day.
 */
export type ChangeDoc = {
  _id: Types.ObjectId;
  sessionId: Types.ObjectId;
  tableId: Types.ObjectId;
  kind: ChangeKind;
  data: Record<string, unknown>;
  createdAt: Date;
};

const changeSchema = new Schema<ChangeDoc>(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true },
    tableId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: CHANGE_KINDS, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    createdAt: { type: Date, required: true },
  },
  { minimize: false },
);

changeSchema.index({ sessionId: 1, createdAt: 1 });
changeSchema.index({ createdAt: 1 }, { expireAfterSeconds: 24 * 3600 });

export const WorldCafeChangeModel = model<ChangeDoc>('WorldCafeChange', changeSchema);
