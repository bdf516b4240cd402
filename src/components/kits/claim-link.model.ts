import { Schema, model, type Types } from 'mongoose';

/**
 * A one-time link e-mailed to a recipient to claim an anonymous hand-out or confirm
 * and correct their details. Only the SHA-256 of the token is stored; the link works
 * once (`usedAt` set atomically) and expires.
 */
export type ClaimLinkDoc = {
  _id: Types.ObjectId;
  tokenHash: string;
  handOutId: Types.ObjectId;
  /** Where the link went: the address a claim of an anonymous hand-out registers. */
  email: string;
  expiresAt: Date;
  usedAt?: Date;
  createdAt: Date;
};

const claimLinkSchema = new Schema<ClaimLinkDoc>(
  {
    tokenHash: { type: String, required: true, unique: true },
    handOutId: { type: Schema.Types.ObjectId, required: true },
    email: { type: String, required: true, maxlength: 254 },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
claimLinkSchema.index({ handOutId: 1 });
// Gone a day after expiry: nothing about a recipient outlives its use.
claimLinkSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 86_400 });

export const ClaimLinkModel = model<ClaimLinkDoc>('KitClaimLink', claimLinkSchema, 'kitClaimLinks');
