import type { Request, Response } from 'express';
import type { z } from 'zod';
import { AppError } from '../errors';
import { toProblem } from '../http/error-handler';
import { toFieldProblems } from '../http/validate';
import { typeOf, type FieldSpec, type FormProblem } from './fields';

/** Maps a schema path ('consent.photo', 'eventIds.0') to the field that shows it. */
export type FieldOf = (path: string) => string | undefined;
const firstSegment: FieldOf = (path) => path.split('.')[0];

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Zod issues as problems at fields, in words for people. */
export function problemsFromIssues(
  error: z.ZodError,
  specs: FieldSpec[],
  fieldOf: FieldOf = firstSegment,
): FormProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const name = fieldOf(path) ?? '';
    const spec = specs.find((s) => s.name === name);
    const choose = spec && typeOf(spec) === 'select' ? 'Choose one' : 'Enter this';
    let message: string;
    if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) <= 1) {
      message = choose;
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      message = choose;
    } else if (issue.code === 'too_big' && issue.origin === 'string') {
      message = `Use at most ${String(issue.maximum)} characters`;
    } else if (issue.code === 'invalid_value') {
      message = 'Choose one of the options';
    } else {
      message = capitalise(issue.message);
    }
    return { field: spec ? name : '', message };
  });
}

/** One problem per field: the first found wins (a conversion problem before a schema one). */
export function firstPerField(problems: FormProblem[]): FormProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = p.field || `form:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export type FormParse<T> = { ok: true; data: T } | { ok: false; problems: FormProblem[] };

/** Checks form input with a (usually the API's) schema; problems land at their fields. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  input: unknown,
  specs: FieldSpec[],
  fieldOf: FieldOf = firstSegment,
): FormParse<z.output<S>> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, problems: firstPerField(problemsFromIssues(result.error, specs, fieldOf)) };
}

/** A 400 `validation_failed` whose detail lists the fields, for handlers that throw. */
export function validationError(
  error: z.ZodError,
  message = 'Some fields need attention',
): AppError {
  return new AppError('validation_failed', message, 400, { errors: toFieldProblems(error) });
}

/** Same, for one field the handler found wrong itself. */
export function invalidField(path: string, message: string): AppError {
  return new AppError('validation_failed', 'Some fields need attention', 400, {
    errors: [{ path, message }],
  });
}

/** Parses with a schema, or throws `validationError`. */
export function checkForm<S extends z.ZodType>(
  schema: S,
  value: unknown,
  message?: string,
): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw validationError(parsed.error, message);
  return parsed.data;
}

/** Whether an error is the visitor's to fix on the form (a 4xx other than 403). */
export const isFormRefusal = (err: unknown): err is AppError =>
  err instanceof AppError && err.status >= 400 && err.status < 500 && err.status !== 403;

/**
 * A refusal's field problems: a `validation_failed` names its fields (mapped with
 * `fieldOf`); any other refusal is one problem at `fieldFor[code]`, or at the form's top.
 */
export function problemsOfError(
  err: AppError,
  options: { fieldOf?: FieldOf; fieldFor?: Record<string, string> } = {},
): FormProblem[] {
  const fieldOf = options.fieldOf ?? firstSegment;
  const errors = (err.details?.errors ?? []) as { path: string; message: string }[];
  if (errors.length) {
    return firstPerField(errors.map((e) => ({ field: fieldOf(e.path) ?? '', message: e.message })));
  }
  return [{ field: options.fieldFor?.[err.code] ?? '', message: err.message }];
}

/**
 * A service's 4xx as a problem at a field (`duplicate` → the field named for it, an
 * upload's refusal → the file field); undefined for anything that is not the
 * visitor's to fix (it goes on to the error page).
 */
export function problemOfError(
  err: unknown,
  fieldFor: Record<string, string>,
): { status: number; problem: FormProblem } | undefined {
  const problem = toProblem(err);
  if (problem.status >= 500 || problem.status === 403) return undefined;
  return {
    status: problem.status,
    problem: { field: fieldFor[problem.code] ?? '', message: problem.detail ?? problem.title },
  };
}

/** A required field left empty is named at once (an update schema would read it as "unchanged"). */
export function missingRequired(
  specs: FieldSpec[],
  values: Record<string, unknown>,
): FormProblem[] {
  return specs
    .filter((spec) => spec.required && typeof values[spec.name] === 'string')
    .filter((spec) => (values[spec.name] as string).trim() === '')
    .map((spec) => ({
      field: spec.name,
      message: typeOf(spec) === 'select' ? 'Choose one' : 'Enter this',
    }));
}

/** A refusal's problems as a form's summary lists them: `path` (a field) and message. */
export function summaryProblemsOf(err: AppError): { path: string; message: string }[] {
  const errors = (err.details?.errors ?? []) as { path: string; message: string }[];
  return errors.length ? errors : [{ path: '', message: err.message }];
}

/** A page that draws a form, with the refusal of what was posted when there is one. */
export type FormPage = (req: Request, res: Response, problems?: AppError) => Promise<void>;

/**
 * A form handler whose refusal (400, 409) draws the form again with its problems
 * instead of the error page; anything else goes on to the error page.
 */
export function withFormRedraw<I>(
  show: FormPage,
  act: (req: Request, res: Response, input: I) => Promise<void>,
) {
  return async (req: Request, res: Response, input: I) => {
    try {
      await act(req, res, input);
    } catch (err) {
      if (err instanceof AppError && (err.status === 400 || err.status === 409)) {
        await show(req, res, err);
        return;
      }
      throw err;
    }
  };
}
