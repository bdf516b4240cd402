import { Schema, model, type Types } from 'mongoose';

/** What a printed code is stuck on. */
export const QR_KINDS = [
  'resource',
  'postcard',
  'kit',
  'table',
  'stand-poster',
  'event-page',
  'other',
] as const;
export type QrKind = (typeof QR_KINDS)[number];

/**
 * Where a code leads. Internal things by id (their public page: resources, postcards,
 * events, kits, World Café tables), an outside `https://` address, or nothing yet (the
 * code answers a placeholder page, and can be pointed later without reprinting).
 */
export const QR_TARGET_TYPES = [
  'resource',
  'postcard',
  'event',
  'kit',
  'table',
  'url',
  'none',
] as const;
export type QrTargetType = (typeof QR_TARGET_TYPES)[number];

export type QrTarget = { type: QrTargetType; refId?: Types.ObjectId; url?: string };

export type QrCodeDoc = {
  _id: Types.ObjectId;
  /** The opaque short code printed on paper; never changes. */
  code: string;
  kind: QrKind;
  label: string;
  target: QrTarget;
  /** Placement: where the code is printed. */
  eventId?: Types.ObjectId;
  projectId?: Types.ObjectId;
  /** Stand zone, once exhibitions exist (kept as an opaque id until then). */
  zoneId?: Types.ObjectId;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
};

const targetSchema = new Schema<QrTarget>(
  {
    type: { type: String, enum: QR_TARGET_TYPES, required: true },
    refId: { type: Schema.Types.ObjectId },
    url: { type: String, maxlength: 2000 },
  },
  { _id: false },
);

const qrCodeSchema = new Schema<QrCodeDoc>(
  {
    code: { type: String, required: true, unique: true, match: /^[a-z0-9]{7}$/ },
    kind: { type: String, enum: QR_KINDS, required: true },
    label: { type: String, required: true, trim: true, maxlength: 200 },
    target: { type: targetSchema, required: true },
    eventId: { type: Schema.Types.ObjectId, ref: 'Event' },
    projectId: { type: Schema.Types.ObjectId, ref: 'Project' },
    zoneId: { type: Schema.Types.ObjectId },
    enabled: { type: Boolean, default: true },
  },
  { timestamps: true },
);
qrCodeSchema.index({ kind: 1, createdAt: -1 });
qrCodeSchema.index({ eventId: 1, kind: 1 });
qrCodeSchema.index({ projectId: 1 });
// Analytics per stand zone (a sparse index: most codes have no zone).
qrCodeSchema.index({ zoneId: 1 }, { sparse: true });
qrCodeSchema.index({ 'target.type': 1, 'target.refId': 1 });

export const QrCodeModel = model<QrCodeDoc>('QrCode', qrCodeSchema, 'qrCodes');
