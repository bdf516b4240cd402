import type { ZodError } from 'zod';
import { toProblem } from '../../lib/http/error-handler';

/**
 * The organiser forms of the registry (resources, postcards, codes), drawn with the
 * shared `form-field` partial: each problem is shown at its field and listed in a
 * summary at the top that links to it, as on the other organiser pages.
 */
export type FieldSpec = {
  name: string;
  label: string;
  type?: 'text' | 'url' | 'textarea' | 'select' | 'file' | 'checkbox';
  required?: boolean;
  hint?: string;
  options?: { value: string; label: string }[];
  emptyOption?: string;
  maxLength?: number;
};
export type FormValues = Record<string, string>;
export type FormProblem = { field: string; message: string };

export function fieldViews(specs: FieldSpec[], values: FormValues, problems: FormProblem[]) {
  return specs.map((spec) => {
    const id = `field-${spec.name}`;
    const error = problems.find((p) => p.field === spec.name)?.message;
    const value = values[spec.name] ?? '';
    const type = spec.type ?? 'text';
    const hintId = spec.hint ? `${id}-hint` : undefined;
    const errorId = error ? `${id}-error` : undefined;
    return {
      id,
      name: spec.name,
      label: spec.label,
      required: spec.required,
      hint: spec.hint,
      hintId,
      error,
      errorId,
      describedBy: [hintId, errorId].filter(Boolean).join(' ') || undefined,
      is: {
        textarea: type === 'textarea',
        select: type === 'select',
        checkbox: type === 'checkbox',
      },
      inputType: type === 'url' ? 'url' : type === 'file' ? 'file' : 'text',
      value: type === 'file' ? '' : value,
      checked: type === 'checkbox' && value === 'on',
      maxLength: spec.maxLength,
      emptyOption: spec.emptyOption,
      options: (spec.options ?? []).map((o) => ({ ...o, selected: o.value === value })),
    };
  });
}

export function errorSummary(specs: FieldSpec[], problems: FormProblem[]) {
  return problems.map((p) => {
    const spec = specs.find((s) => s.name === p.field);
    return spec
      ? { href: `#field-${spec.name}`, label: spec.label, message: p.message }
      : { message: p.message };
  });
}

/** The form's own fields from a posted body (strings only; nothing else is read). */
export function readValues(specs: FieldSpec[], body: unknown): FormValues {
  const raw = (body ?? {}) as Record<string, unknown>;
  const values: FormValues = {};
  for (const spec of specs) {
    if (spec.type === 'file') continue;
    const v = raw[spec.name];
    values[spec.name] = typeof v === 'string' ? v : '';
  }
  return values;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Zod issues → problems at the fields they name (`eventIds.0` → `eventId` via `fieldOf`). */
export function problemsFromZod(
  error: ZodError,
  specs: FieldSpec[],
  fieldOf: (path: string) => string = (p) => p,
): FormProblem[] {
  const problems: FormProblem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.join('.');
    const field = fieldOf(path);
    const known = specs.some((s) => s.name === field) ? field : '';
    if (problems.some((p) => p.field === known && known)) continue;
    problems.push({ field: known, message: capitalise(issue.message) });
  }
  return problems;
}

/**
 * A service's 4xx as a problem at a field (`duplicate` → the field named for it,
 * an upload's refusal → the file field); undefined for anything that is not the
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
