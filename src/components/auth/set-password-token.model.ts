import { Schema, model, type InferSchemaType } from 'mongoose';

/** Why a link was issued: to a new account, or to someone who forgot their password. */
export const SET_PASSWORD_PURPOSES = ['invitation', 'password-reset'] as const;
export type SetPasswordPurpose = (typeof SET_PASSWORD_PURPOSES)[number];

/**
 * One-time set-password link (account invitation or password reset). Stored as
 * sha256; `usedAt` makes it single-use. Records from before `purpose` existed were
 * all invitations, hence the default.
 */
const setPasswordTokenSchema = new Schema(
  {
    tokenHash: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    purpose: { type: String, required: true, enum: SET_PASSWORD_PURPOSES, default: 'invitation' },
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
