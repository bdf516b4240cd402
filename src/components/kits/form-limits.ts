import { createHmac } from 'node:crypto';
import { AppError } from '../../lib/errors';
import { KitFormLimitModel } from './form-limit.model';

export const KIT_FORM_LIMIT = { perWindow: 5, windowMs: 60 * 60 * 1000 };

/**
 * The key a visitor's submissions count under: an HMAC of the address under the
 * app secret and the day, so no IP address is stored.
 */
export function visitorFormKey(secret: string, ip: string, now: Date): string {
  return createHmac('sha256', secret)
    .update(`${ip}|${now.toISOString().slice(0, 10)}`)
    .digest('base64url');
}

/**
 * Counts one submission of `key` in the current window in MongoDB, so every app
 * process shares the count. Throws 429 `rate_limited` over the limit.
 */
export async function takeKitFormAllowance(key: string, now: Date, limit = KIT_FORM_LIMIT) {
  const windowStart = new Date(Math.floor(now.getTime() / limit.windowMs) * limit.windowMs);
  const update = {
    $inc: { count: 1 },
    $setOnInsert: { expiresAt: new Date(windowStart.getTime() + 2 * limit.windowMs) },
  };
  const options = { upsert: true, new: true } as const;
  const row = await KitFormLimitModel.findOneAndUpdate({ key, windowStart }, update, options)
    .lean()
    .catch((err: { code?: number }) => {
      // Two processes upserted the same new row at once: the other one's is there now.
      if (err.code !== 11000) throw err;
      return KitFormLimitModel.findOneAndUpdate({ key, windowStart }, update, options).lean();
    });
  if ((row?.count ?? 0) > limit.perWindow) {
    throw new AppError(
      'rate_limited',
      'Thank you — we have enough from you for now; try again later.',
      429,
    );
  }
}
