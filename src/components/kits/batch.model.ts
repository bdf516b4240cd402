import { Schema, model, type Types } from 'mongoose';

export const BATCH_LOCATIONS = ['warehouse', 'shipped', 'stand', 'used-up'] as const;
export type BatchLocation = (typeof BATCH_LOCATIONS)[number];

/** A batch of kits and where it is; every move is kept with its date. */
export type KitBatchDoc = {
  _id: Types.ObjectId;
  kitTypeId: Types.ObjectId;
  label: string;
  quantity: number;
  location: BatchLocation;
  eventId?: Types.ObjectId;
  moves: { location: BatchLocation; at: Date; note?: string }[];
  createdAt: Date;
  updatedAt: Date;
};

const batchSchema = new Schema<KitBatchDoc>(
  {
    kitTypeId: { type: Schema.Types.ObjectId, required: true },
    label: { type: String, required: true, trim: true, maxlength: 200 },
    quantity: { type: Number, required: true, min: 0 },
    location: { type: String, enum: BATCH_LOCATIONS, required: true },
    eventId: { type: Schema.Types.ObjectId },
    moves: [
      {
        _id: false,
        location: { type: String, enum: BATCH_LOCATIONS, required: true },
        at: { type: Date, required: true },
        note: { type: String, maxlength: 500 },
      },
    ],
  },
  { timestamps: true },
);
batchSchema.index({ kitTypeId: 1, createdAt: -1 });

export const KitBatchModel = model<KitBatchDoc>('KitBatch', batchSchema, 'kitBatches');
