import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../lib/errors';
import { RATE_LIMIT_COLLECTION, RateLimitModel } from './rate-limit.model';

const WINDOW_SECONDS = 15 * 60;
/** Failed attempts per IP address and e-mail within the window; successful sign-ins do not count. */
const FAILED_ATTEMPTS = 10;
/**
 * Failed attempts per IP address over all e-mails (password spraying: one guess each
 * for many accounts). High enough for a venue network where many organisers share an
 * address and mistype now and then.
 */
const FAILED_ATTEMPTS_PER_IP = 50;
/** Reset e-mails per IP address and e-mail within the window; every request counts. */
const RESET_REQUESTS = 5;

/**
 * The bucket a request counts against: IP address + the e-mail in the body, or the
 * signed-in user's e-mail for a password change (which checks a password too).
 */
function ipAndEmail(req: Request): string {
  const email = (req.body as { email?: unknown } | undefined)?.email ?? req.user?.email;
  const normalised = typeof email === 'string' ? email.trim().toLowerCase().slice(0, 320) : '';
  return `${ipOnly(req)}|${normalised}`;
}

/** IPv6 addresses count per /56 subnet (one client usually holds a whole range). */
const ipOnly = (req: Request) => ipKeyGenerator(req.ip ?? '');

/**
 * A limit whose counter lives in MongoDB (rate-limiter-flexible's Mongo store on the
 * mongoose connection): every app process behind a load balancer counts into the same
 * document, with an atomic increment, so several processes behave as one.
 */
function mongoLimiter(prefix: string, points: number) {
  return new RateLimiterMongo({
    storeClient: RateLimitModel.db,
    tableName: RATE_LIMIT_COLLECTION,
    // The indexes are declared on RateLimitModel and built with the others.
    disableIndexesCreation: true,
    keyPrefix: prefix,
    points,
    duration: WINDOW_SECONDS,
  });
}

type Bucket = { limiter: RateLimiterMongo; key: (req: Request) => string };

function refused(res: Response, detail: string, limit: RateLimiterRes) {
  const seconds = Math.max(1, Math.ceil(limit.msBeforeNext / 1000));
  res.set('Retry-After', String(seconds));
  return new AppError('rate_limited', detail, 429);
}

/**
 * Counts the request against every bucket before it runs (atomically, so concurrent
 * requests cannot slip past the limit), refuses with 429 `rate_limited` once any bucket
 * is full, and with `onlyFailures` gives the point back when the answer was a success
 * (or a 429 `busy` that did no password check).
 */
function limitMiddleware(buckets: Bucket[], detail: string, onlyFailures: boolean): RequestHandler {
  return async (req, res, next) => {
    const counted: { limiter: RateLimiterMongo; key: string }[] = [];
    try {
      for (const bucket of buckets) {
        const key = bucket.key(req);
        await bucket.limiter.consume(key);
        counted.push({ limiter: bucket.limiter, key });
      }
    } catch (err) {
      if (err instanceof RateLimiterRes) return next(refused(res, detail, err));
      return next(err);
    }
    if (onlyFailures) {
      res.once('finish', () => {
        if (res.statusCode < 400 || res.statusCode === 429) {
          for (const { limiter, key } of counted) void limiter.reward(key, 1).catch(() => {});
        }
      });
    }
    next();
  };
}

/**
 * Slows password guessing on the sign-in form, the token endpoint and password
 * changes. Counted per IP + e-mail, so one guessing client does not lock others out
 * of the same account, and per IP over all e-mails, so spraying one guess at many
 * accounts is slowed too. The counters are in MongoDB, shared by all app processes.
 */
export function createSignInLimiter(): RequestHandler {
  return limitMiddleware(
    [
      { limiter: mongoLimiter('sign-in', FAILED_ATTEMPTS), key: ipAndEmail },
      { limiter: mongoLimiter('sign-in-ip', FAILED_ATTEMPTS_PER_IP), key: ipOnly },
    ],
    'Too many sign-in attempts; wait a while and try again',
    true,
  );
}

/**
 * Keeps the forgotten-password form from flooding someone's mailbox. Every request
 * counts (the answer is the same whether or not a message went out), per IP + e-mail.
 */
export function createPasswordResetLimiter(): RequestHandler {
  return limitMiddleware(
    [{ limiter: mongoLimiter('password-reset', RESET_REQUESTS), key: ipAndEmail }],
    'Too many password-reset requests; wait a while and try again',
    false,
  );
}
