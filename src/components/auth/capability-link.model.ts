import { Schema, model, type InferSchemaType } from 'mongoose';

/** Expired links are kept this long so their holders get "expired", not "invalid". */
const KEEP_EXPIRED_SECONDS = 30 * 24 * 3600;

/** A link that grants one scope on one resource without an account. Stored as sha256. */
const capabilityLinkSchema = new Schema(
  {
    tokenHash: { type: String, required: true },
    scope: { type: String, required: true },
    resourceId: { type: String, required: true },
    label: { type: String, trim: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date },
    createdBy: { type: Schema.Types.ObjectId },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

capabilityLinkSchema.index({ tokenHash: 1 }, { unique: true });
capabilityLinkSchema.index({ scope: 1, resourceId: 1, createdAt: -1 });
capabilityLinkSchema.index({ expiresAt: 1 }, { expireAfterSeconds: KEEP_EXPIRED_SECONDS });

export type CapabilityLinkRecord = InferSchemaType<typeof capabilityLinkSchema>;
export const CapabilityLinkModel = model('CapabilityLink', capabilityLinkSchema);
