import { Schema, model, type InferSchemaType } from 'mongoose';

/** One-time set-password link (account invitation). Stored as sha256; `usedAt` makes it single-use. */
const setPasswordTokenSchema = new Schema(
  {
    tokenHash: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

setPasswordTokenSchema.index({ tokenHash: 1 }, { unique: true });
setPasswordTokenSchema.index({ userId: 1 });
setPasswordTokenSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type SetPasswordTokenRecord = InferSchemaType<typeof setPasswordTokenSchema>;
export const SetPasswordTokenModel = model('SetPasswordToken', setPasswordTokenSchema);
