import { Schema, model, type Types } from 'mongoose';

export const MATERIAL_KINDS = [
  'booklet',
  'postcard',
  'game-kit',
  'roll-up',
  'screen',
  'cable',
  'other',
] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

/** In order: an item moves forward through these; 'returned' is after the event. */
export const MATERIAL_STATUSES = ['to-order', 'ordered', 'shipped', 'on-site', 'returned'] as const;
export type MaterialStatus = (typeof MATERIAL_STATUSES)[number];

export type MaterialDoc = {
  _id: Types.ObjectId;
  standId: Types.ObjectId;
  eventId: Types.ObjectId;
  name: string;
  kind: MaterialKind;
  quantityNeeded: number;
  quantityPacked: number;
  quantityOnSite: number;
  ownerProjectId: Types.ObjectId;
  status: MaterialStatus;
  /** The event's local date by which the item must be on site, 'YYYY-MM-DD'. */
  dueDate?: string;
  notes?: string;
  createdAt: Date;
  updatedAt: Date;
};

const count = { type: Number, min: 0, max: 1_000_000, default: 0 };

const materialSchema = new Schema<MaterialDoc>(
  {
    standId: { type: Schema.Types.ObjectId, required: true },
    eventId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true, trim: true, maxlength: 200 },
    kind: { type: String, enum: MATERIAL_KINDS, default: 'other' },
    quantityNeeded: count,
    quantityPacked: count,
    quantityOnSite: count,
    ownerProjectId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: MATERIAL_STATUSES, default: 'to-order' },
    dueDate: { type: String, match: /^\d{4}-\d{2}-\d{2}$/ },
    notes: { type: String, maxlength: 2000 },
  },
  { timestamps: true },
);
materialSchema.index({ standId: 1, name: 1 }, { unique: true });
// The dashboard looks for late items across stands.
materialSchema.index({ status: 1, dueDate: 1 });

export const MaterialModel = model<MaterialDoc>('StandMaterial', materialSchema);
