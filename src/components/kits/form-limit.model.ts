import { Schema, model } from 'mongoose';

/**
 * Limits on the kit pages' visitor forms (play reports, claims), shared by every app
 * process: one row per key and window, counted with $inc, removed by TTL.
 */
const formLimitSchema = new Schema(
  {
    key: { type: String, required: true },
    windowStart: { type: Date, required: true },
    count: { type: Number, default: 0 },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
formLimitSchema.index({ key: 1, windowStart: 1 }, { unique: true });
formLimitSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const KitFormLimitModel = model('KitFormLimit', formLimitSchema, 'kitFormLimits');
