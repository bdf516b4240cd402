import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import mongoose from 'mongoose';
import { STATUS_CODES } from 'node:http';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { PROBLEM_TYPES, problemType } from './problem-types';

/**
 * RFC 9457 problem details. `code` is the stable, machine-readable part;
 * `errors` lists field problems for validation failures.
 */
export type Problem = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
};

export function problem(status: number, code: string, detail: string, extra: object = {}): Problem {
  return {
    // Under the app itself (a page that explains the code), never another domain.
    type: problemType(code),
    title: PROBLEM_TYPES[code]?.title ?? STATUS_CODES[status] ?? code.replace(/_/g, ' '),
    status,
    code,
    detail,
    ...extra,
  };
}

type DuplicateKeyError = { code: 11000; keyValue?: Record<string, unknown>; keyPattern?: object };

function isDuplicateKey(err: unknown): err is DuplicateKeyError {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/** Maps every known error to a problem; anything else is a 500 that leaks nothing. */
export function toProblem(err: unknown): Problem {
  if (err instanceof AppError) return problem(err.status, err.code, err.message, err.details);
  if (err instanceof mongoose.Error.ValidationError) {
    const errors = Object.entries(err.errors).map(([path, e]) => ({ path, message: e.message }));
    return problem(400, 'validation_failed', 'Invalid data', { errors });
  }
  if (err instanceof mongoose.Error.CastError) return problem(404, 'not_found', 'Not found');
  if (isDuplicateKey(err)) {
    const fields = Object.keys(err.keyPattern ?? err.keyValue ?? {});
    return problem(409, 'duplicate', `Already exists (${fields.join(', ') || 'unique key'})`, {
      fields,
    });
  }
  const status = (err as { status?: unknown; statusCode?: unknown }).status;
  const type = (err as { type?: unknown }).type;
  // Errors raised by body parsers carry a status and a type; only those are trusted.
  if (typeof status === 'number' && typeof type === 'string') {
    if (type === 'entity.parse.failed')
      return problem(400, 'invalid_json', 'Body is not valid JSON');
    if (type === 'entity.too.large') return problem(413, 'payload_too_large', 'Body too large');
    if (status >= 400 && status < 500) return problem(status, type.replace(/\W+/g, '_'), type);
  }
  return problem(500, 'internal_error', 'Something went wrong on our side');
}

/** Renders a problem as an HTML page for a browser; throws if it cannot (the JSON form is sent then). */
export type ProblemPageRenderer = (req: Request, res: Response, problem: Problem) => void;

/**
 * One error middleware for the whole app. Every error is a problem; browsers asking
 * for a page (outside /api) get it as an HTML page, everyone else as problem+json.
 */
export function errorHandler(
  logger: Logger,
  options: { renderPage?: ProblemPageRenderer } = {},
): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const body = toProblem(err);
    if (body.status >= 500) logger.error({ err, url: req.originalUrl }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // A refusal that says when to come back (busy, rate-limited) says so in the header too.
    const retryAfter = err instanceof AppError ? err.details?.retryAfterSeconds : undefined;
    if (typeof retryAfter === 'number') res.set('Retry-After', String(retryAfter));
    if (options.renderPage && wantsPage(req)) {
      try {
        options.renderPage(req, res, body);
        return;
      } catch (renderErr) {
        logger.error({ err: renderErr }, 'error page failed to render');
      }
    }
    res.status(body.status).type('application/problem+json').json(body);
  };
}

/** A browser navigating to a page (it prefers HTML); API clients and scripts get JSON. */
function wantsPage(req: Request): boolean {
  if (req.path.startsWith('/api/')) return false;
  return req.accepts(['application/json', 'application/problem+json', 'text/html']) === 'text/html';
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('route_not_found', `No route for ${req.method} ${req.path}`, 404));
};
