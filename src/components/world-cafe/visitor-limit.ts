import { createHmac } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from './duplicate';
import { VisitorLimitModel } from './visitor-limit.model';

/**
 * Rate limit for the visitors' voting and e-mail forms: `limit` requests per
 * `windowMs` per client address, counted in MongoDB so that several app processes
 * share one count. The address is only used as an HMAC input: what is stored cannot
 * be turned back into it.
 */
export function visitorLimit(options: {
  secret: string;
  limit: number;
  windowMs: number;
  now: () => Date;
}): RequestHandler {
  return async (req, res, next) => {
    try {
      const now = options.now().getTime();
      const windowStart = new Date(now - (now % options.windowMs));
      const key = createHmac('sha256', options.secret)
        .update(`world-cafe-visitor|${req.ip ?? ''}`)
        .digest('base64url');
      const update = () =>
        VisitorLimitModel.findOneAndUpdate(
          { key, windowStart },
          {
            $inc: { hits: 1 },
            $setOnInsert: { expiresAt: new Date(windowStart.getTime() + options.windowMs) },
          },
          { upsert: true, new: true },
        ).lean();
      // Two first requests racing to insert the counter: the loser retries as an update.
      const counter = await update().catch((err: unknown) => {
        if (isDuplicateKey(err)) return update();
        throw err;
      });
      if ((counter?.hits ?? 0) > options.limit) {
        res.set(
          'Retry-After',
          String(Math.ceil((windowStart.getTime() + options.windowMs - now) / 1000)),
        );
        throw new AppError(
          'rate_limited',
          'Too many votes from here; wait a moment and try again',
          429,
        );
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}
