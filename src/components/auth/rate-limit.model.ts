import { Schema, model } from 'mongoose';

/**
 * Counters of the sign-in and password-reset limits, shared by every app process on
 * the database (rate-limiter-flexible's Mongo store writes them; the schema is here so
 * the indexes are declared with the other models). MongoDB drops expired counters.
 */
const rateLimitSchema = new Schema(
  {
    /** `<limiter prefix>:<ip>|<e-mail>` or `<limiter prefix>:<ip>`; never a password. */
    key: { type: String, required: true },
    points: { type: Number, required: true },
    expire: { type: Date, default: null },
  },
  { versionKey: false },
);

rateLimitSchema.index({ key: 1 }, { unique: true });
rateLimitSchema.index({ expire: -1 }, { expireAfterSeconds: 0 });

export const RATE_LIMIT_COLLECTION = 'rate_limits';
export const RateLimitModel = model('RateLimit', rateLimitSchema, RATE_LIMIT_COLLECTION);
