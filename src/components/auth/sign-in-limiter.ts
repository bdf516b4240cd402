import type { RequestHandler } from 'express';
import { ipKeyGenerator, MINUTE, rateLimit } from 'express-rate-limit';
import { AppError } from '../../lib/errors';

const WINDOW_MS = 15 * MINUTE;
/** Failed attempts per IP address and e-mail within the window; successful sign-ins do not count. */
const FAILED_ATTEMPTS = 10;

/**
 * Slows password guessing on the sign-in form and the token endpoint. Counted per
 * IP + e-mail, so one guessing client does not lock others out of the same account.
 * The counters live in this process's memory: with several app processes each keeps
 * its own, and a shared store (e.g. MongoDB or Redis) would be needed for one limit.
 */
export function createSignInLimiter(): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: FAILED_ATTEMPTS,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const email = (req.body as { email?: unknown } | undefined)?.email;
      const normalised = typeof email === 'string' ? email.trim().toLowerCase() : '';
      return `${ipKeyGenerator(req.ip ?? '')}|${normalised}`;
    },
    handler: (_req, res, next, options) => {
      res.set('Retry-After', String(Math.ceil(options.windowMs / 1000)));
      next(
        new AppError('rate_limited', 'Too many sign-in attempts; wait a while and try again', 429),
      );
    },
  });
}
