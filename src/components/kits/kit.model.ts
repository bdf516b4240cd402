import { Schema, model, type Types } from 'mongoose';

/**
 * in-stock → handed-out (at the stand) → registered (the recipient confirmed or
 * claimed it) → played (at least one play report).
 */
export const KIT_STATUSES = ['in-stock', 'handed-out', 'registered', 'played'] as const;
export type KitStatus = (typeof KIT_STATUSES)[number];

export type KitDoc = {
  _id: Types.ObjectId;
  kitTypeId: Types.ObjectId;
  batchId?: Types.ObjectId;
  serial: string;
  /** The registry code on the box (kind "kit") and its short code. */
  qrCodeId: Types.ObjectId;
  qrCode: string;
  status: KitStatus;
  /** The hand-out that holds the kit now. */
  handOutId?: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};

const kitSchema = new Schema<KitDoc>(
  {
    kitTypeId: { type: Schema.Types.ObjectId, required: true },
    batchId: { type: Schema.Types.ObjectId },
    serial: { type: String, required: true, unique: true, match: /^[A-Z]{2,8}-\d{4,}$/ },
    qrCodeId: { type: Schema.Types.ObjectId, required: true },
    qrCode: { type: String, required: true, unique: true },
    status: { type: String, enum: KIT_STATUSES, default: 'in-stock' },
    handOutId: { type: Schema.Types.ObjectId },
  },
  { timestamps: true },
);
kitSchema.index({ kitTypeId: 1, status: 1, serial: 1 });

export const KitModel = model<KitDoc>('Kit', kitSchema, 'kits');
