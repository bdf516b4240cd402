import { AppError } from '../../lib/errors';

/** A refusal about one field of the request: a stable code, and the field's path. */
export function fieldProblem(code: string, message: string, path: string, status = 400): AppError {
  return new AppError(code, message, status, { errors: [{ path, message }] });
}

export const isDuplicateKey = (err: unknown) => (err as { code?: unknown }).code === 11000;

export const isObjectIdString = (value: string) => /^[0-9a-f]{24}$/i.test(value);
