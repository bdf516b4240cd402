import type { Request } from 'express';
import { z } from 'zod';
import { AppError } from '../errors';
import { toFieldProblems } from './validate';

/**
 * Route parameters are validated like bodies. A parameter that cannot name anything
 * (a malformed id, a round that is no number) is answered like a missing thing: 404
 * with the code of what was looked for, never a 500 from a cast further down.
 */

/** A 24-hex-character MongoDB id naming `what` ('Event' → 404 "Event not found"). */
export const idParam = (what: string, code = 'not_found') =>
  z.string().regex(/^[0-9a-f]{24}$/i, `${what} not found|${code}`);

/** A positive whole number in the path (a round, a day's index). */
export const intParam = (what: string, code = 'not_found') =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${what} not found|${code}`)
    .transform(Number);

/** Any non-empty path segment (slugs, tokens): only its length is bounded. */
export const slugParam = (what: string, code = 'not_found') =>
  z.string().min(1, `${what} not found|${code}`).max(200, `${what} not found|${code}`);

/** A calendar day in the path or query (`2025-05-12`). */
export const dayParam = (what = 'Day', code = 'not_found') =>
  z.iso.date({ message: `${what} not found|${code}` });

/** Parses `req.params`; a failure is a 404 with the code the failing schema names. */
export function parseParams<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const result = schema.safeParse(req.params);
  if (result.success) return result.data;
  const [message = 'Not found', code = 'not_found'] = (result.error.issues[0]?.message ?? '').split(
    '|',
  );
  throw new AppError(code, message || 'Not found', 404, {
    errors: toFieldProblems(result.error).map((p) => ({ ...p, message: 'not found' })),
  });
}

/** One id parameter, for handlers that have no route schema (yet). */
export const paramId = (req: Request, what: string, param = 'id', code?: string): string =>
  parseParams(z.object({ [param]: idParam(what, code) }), req)[param] as string;

/** One parameter checked by `schema`, for a handler outside the routers (a bare express route). */
export function param<S extends z.ZodType>(req: Request, name: string, schema: S): z.output<S> {
  return parseParams(z.object({ [name]: schema }), req)[name] as z.output<S>;
}
