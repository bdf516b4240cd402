import type { Request } from 'express';
import { isValidObjectId } from 'mongoose';
import { z } from 'zod';
import { AppError, notFound } from '../errors';

/** One validation error, as clients see it: where and what. */
export type FieldProblem = { path: string; message: string };

export function toFieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    // zod reports unknown fields once, on their parent; clients want each field named.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...at, key].join('.'), message: 'unknown field' }));
    }
    return [{ path: at.join('.') || '(root)', message: issue.message }];
  });
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError('validation_failed', `Invalid request ${where}`, 400, {
    errors: toFieldProblems(result.error),
  });
}

/** Parses the JSON or form body; unknown fields are rejected by the (strict) schemas. */
export const parseBody = <S extends z.ZodType>(schema: S, req: Request): z.output<S> =>
  parseWith(schema, req.body ?? {}, 'body');

/** Parses the query string; values arrive as strings, so schemas coerce. */
export const parseQuery = <S extends z.ZodType>(schema: S, req: Request): z.output<S> =>
  parseWith(schema, req.query, 'query');

/**
 * Reads a route id parameter. A malformed id cannot name an existing document,
 * so it is answered like a missing one: 404.
 */
export function parseId(req: Request, what: string, param = 'id'): string {
  const raw = req.params[param];
  if (typeof raw !== 'string' || !isValidObjectId(raw) || !/^[0-9a-f]{24}$/i.test(raw)) {
    throw notFound(what);
  }
  return raw;
}

/** A 24-hex-character MongoDB id inside a request body or query. */
export const objectId = z
  .string()
  .regex(/^[0-9a-f]{24}$/i, 'must be a 24-character hexadecimal id');

/** Pagination shared by every list endpoint: `?page=&limit=`. */
export const paginationQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type Page<T> = { items: T[]; page: number; limit: number; total: number };

/**
 * Control characters (C0, DEL, C1) and the Unicode line/paragraph separators. A
 * vertical tab in a title reaches an `.ics` line, a PDF or a CSV cell; nobody types them.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * One line of text (names, titles, labels): trimmed, `min`–`max` characters, no
 * control characters at all. `min: 0` for optional fields that may be cleared.
 */
export const lineText = (max: number, options: { min?: number } = {}) =>
  z
    .string()
    .trim()
    .min(options.min ?? 1)
    .max(max)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters');

/**
 * Long text (descriptions, messages): line breaks allowed (CRLF and CR become LF), no
 * other control characters, at most `max` characters.
 */
export const longText = (max: number) =>
  z
    .string()
    .transform((value) => value.replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .max(max)
        .refine(
          (value) => !CONTROL_EXCEPT_NEWLINE.test(value),
          'must not contain control characters other than line breaks',
        ),
    );
