import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, MINUTE, rateLimit } from 'express-rate-limit';
import { AppError } from '../../lib/errors';

const WINDOW_MS = 15 * MINUTE;
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
  const normalised = typeof email === 'string' ? email.trim().toLowerCase() : '';
  return `${ipKeyGenerator(req.ip ?? '')}|${normalised}`;
}

const ipOnly = (req: Request) => ipKeyGenerator(req.ip ?? '');

function limiter(options: {
  limit: number;
  skipSuccessfulRequests: boolean;
  detail: string;
  key?: (req: Request) => string;
}) {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: options.limit,
    skipSuccessfulRequests: options.skipSuccessfulRequests,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: options.key ?? ipAndEmail,
    handler: (_req, res, next, limits) => {
      res.set('Retry-After', String(Math.ceil(limits.windowMs / 1000)));
      next(new AppError('rate_limited', options.detail, 429));
    },
  });
}

/**
 * Slows password guessing on the sign-in form, the token endpoint and password
 * changes. Counted per IP + e-mail, so one guessing client does not lock others out
 * of the same account, and per IP over all e-mails, so spraying one guess at many
 * accounts is slowed too. The counters live in this process's memory: with several app
 * processes each keeps its own, and a shared store (e.g. MongoDB or Redis) would be
 * needed for one limit.
 */
export function createSignInLimiter(): RequestHandler {
  const detail = 'Too many sign-in attempts; wait a while and try again';
  const perAccount = limiter({ limit: FAILED_ATTEMPTS, skipSuccessfulRequests: true, detail });
  const perAddress = limiter({
    limit: FAILED_ATTEMPTS_PER_IP,
    skipSuccessfulRequests: true,
    detail,
    key: ipOnly,
  });
  return (req, res, next) => {
    perAccount(req, res, (err?: unknown) => (err ? next(err) : perAddress(req, res, next)));
  };
}

/**
 * Keeps the forgotten-password form from flooding someone's mailbox. Every request
 * counts (the answer is the same whether or not a message went out), per IP + e-mail.
 */
export function createPasswordResetLimiter(): RequestHandler {
  return limiter({
    limit: RESET_REQUESTS,
    skipSuccessfulRequests: false,
    detail: 'Too many password-reset requests; wait a while and try again',
  });
}
