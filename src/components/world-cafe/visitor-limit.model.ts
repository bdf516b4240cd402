import { Schema, model } from 'mongoose';

/**
 * Fixed-window counters for visitor forms, shared by every app process through the
 * database. `key` is a keyed hash, never an IP address; counters expire with their window.
 */
const visitorLimitSchema = new Schema({
  key: { type: String, required: true },
  windowStart: { type: Date, required: true },
  hits: { type: Number, default: 0 },
  expiresAt: { type: Date, required: true },
});
visitorLimitSchema.index({ key: 1, windowStart: 1 }, { unique: true });
visitorLimitSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const VisitorLimitModel = model('WorldCafeVisitorLimit', visitorLimitSchema);
