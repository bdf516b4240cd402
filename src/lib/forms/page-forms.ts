import type { AppError } from '../errors';
import type { FieldOf } from './problems';

/**
 * Pages with several small forms (a stand's zones, team, films): which form failed,
 * its message, the problem per field and the values it was sent with, so that form
 * alone comes back filled in with the problems next to its fields.
 */
export type PageFormProblem = {
  form: string;
  code: string;
  message: string;
  fields: Record<string, string>;
  values: Record<string, unknown>;
};

export function pageFormProblem(
  form: string,
  err: AppError,
  values: unknown,
  fieldOf: FieldOf = (path) => path.split('.')[0],
): PageFormProblem {
  const fields: Record<string, string> = {};
  for (const e of (err.details?.errors as { path: string; message: string }[] | undefined) ?? []) {
    const field = fieldOf(e.path) ?? '';
    fields[field] ??= e.message;
  }
  // A refusal without a field (a duplicate, a conflict) is shown at the form's top.
  return {
    form,
    code: err.code,
    message: err.message,
    fields,
    values: (values ?? {}) as Record<string, unknown>,
  };
}

/** What one form of such a page draws: its problems and values, else nothing. */
export function pageFormState(problem: PageFormProblem | undefined) {
  const mine = (form: string) => problem?.form === form;
  return {
    errorsOf: (form: string) => (mine(form) ? problem!.fields : {}),
    valuesOf: (form: string) => (mine(form) ? problem!.values : {}),
    confirmOf: (form: string) =>
      mine(form) && problem!.code === 'confirmation_required' ? problem!.message : undefined,
    refusalOf: (form: string) =>
      mine(form) && problem!.code !== 'confirmation_required' ? problem!.message : undefined,
  };
}
