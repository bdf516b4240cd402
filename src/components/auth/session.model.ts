import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A browser session. Only the sha256 of the cookie value is stored, so a database
 * read does not hand out live sessions. MongoDB removes expired rows (TTL index);
 * lookups still check `expiresAt` because TTL deletion runs only once a minute.
 */
const sessionSchema = new Schema(
  {
    tokenHash: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
    /** Last time expiresAt was pushed forward (sliding renewal). */
    renewedAt: { type: Date, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

sessionSchema.index({ tokenHash: 1 }, { unique: true });
sessionSchema.index({ userId: 1 });
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type SessionRecord = InferSchemaType<typeof sessionSchema>;
export const SessionModel = model('Session', sessionSchema);
