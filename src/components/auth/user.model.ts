import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { ROLES } from './auth.types';

const userSchema = new Schema(
  {
    /** Stored lower-cased and trimmed, so the unique index is case-insensitive in effect. */
    email: { type: String, required: true, lowercase: true, trim: true },
    name: { type: String, required: true, trim: true },
    role: { type: String, required: true, enum: ROLES },
    eventIds: { type: [Schema.Types.ObjectId], default: [] },
    /** Projects a comms user works for: event-less things of these projects are theirs too. */
    projectIds: { type: [Schema.Types.ObjectId], default: [] },
    /** `scrypt$N$r$p$salt$hash`; absent until an invited user sets a password. */
    passwordHash: { type: String },
    invitedBy: { type: Schema.Types.ObjectId },
    invitedAt: { type: Date },
    /** IANA zone the person reads times in; absent: the configured default. */
    timeZone: { type: String, maxlength: 64 },
  },
  { timestamps: true },
);

userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ role: 1, name: 1 });

export type UserRecord = InferSchemaType<typeof userSchema>;
export type UserDocument = HydratedDocument<UserRecord>;
export const UserModel = model('User', userSchema);
