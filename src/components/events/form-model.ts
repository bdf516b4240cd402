import type { z } from 'zod';
import type { Choice } from './choices';

/**
 * The organiser forms are described as lists of fields; one template
 * (templates/pages/partials/form-field.hbs) draws any of them with its label, hint
 * and error tied to the control (aria-describedby, aria-invalid), and the values a
 * person typed are kept when the form comes back with errors.
 */
export type FieldType =
  | 'text'
  | 'email'
  | 'url'
  | 'date'
  | 'datetime-local'
  | 'textarea'
  | 'select'
  | 'checkbox'
  | 'checkboxes'
  /** One select per option (e.g. a city's role in each project). */
  | 'roles';

export type FieldSpec = {
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  hint?: string;
  maxLength?: number;
  autocomplete?: string;
  /** select and checkboxes: the choices; roles: the items that each get a select. */
  options?: Choice[];
  /** roles: the choices of each item's select (an empty value means "none"). */
  roleOptions?: Choice[];
  /** select: a first option with an empty value ("Not tied to one country"). */
  emptyOption?: string;
};

/** Form values as typed: text as strings, a checkbox as a boolean, groups as lists/maps. */
export type FormValues = Record<string, string | boolean | string[] | Record<string, string>>;

/** A problem at one field (`field` is a field name) or with the whole form (`field` ''). */
export type FormProblem = { field: string; message: string };

export const text = (values: FormValues, name: string): string => {
  const value = values[name];
  return typeof value === 'string' ? value : '';
};
export const flag = (values: FormValues, name: string): boolean => values[name] === true;
export const list = (values: FormValues, name: string): string[] => {
  const value = values[name];
  return Array.isArray(value) ? value : [];
};
export const roles = (values: FormValues, name: string): Record<string, string> => {
  const value = values[name];
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
};

/** An optional text as the API takes it: absent when empty on create, '' (clears it) on edit. */
export const optionalValue = (value: string, editing: boolean): string | undefined =>
  value.trim() !== '' ? value : editing ? '' : undefined;

/** A value that is only sent when filled in. */
export const filled = (value: string): string | undefined =>
  value.trim() !== '' ? value : undefined;

/** Reads the posted form: only the described fields, each as its type expects. */
export function readFormValues(specs: FieldSpec[], body: unknown): FormValues {
  const posted = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const asStrings = (value: unknown): string[] =>
    (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  const values: FormValues = {};
  for (const spec of specs) {
    const raw = posted[spec.name];
    if (spec.type === 'checkbox') values[spec.name] = asStrings(raw).length > 0;
    else if (spec.type === 'checkboxes') values[spec.name] = asStrings(raw);
    else if (spec.type === 'roles') {
      const chosen: Record<string, string> = {};
      for (const option of spec.options ?? []) {
        const role = asStrings(posted[`${spec.name}-${option.value}`])[0] ?? '';
        if (role) chosen[option.value] = role;
      }
      values[spec.name] = chosen;
    } else values[spec.name] = asStrings(raw)[0] ?? '';
  }
  return values;
}

/** Zod issues as problems at fields, in words for people. `fieldOf` maps a path to a field. */
export function problemsFromIssues(
  error: z.ZodError,
  specs: FieldSpec[],
  fieldOf: (path: string) => string | undefined = (path) => path.split('.')[0],
): FormProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const name = fieldOf(path) ?? '';
    const spec = specs.find((s) => s.name === name);
    let message = issue.message;
    if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) <= 1) {
      message = spec?.type === 'select' ? 'Choose one' : 'Enter this';
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      message = spec?.type === 'select' ? 'Choose one' : 'Enter this';
    } else if (issue.code === 'too_big' && issue.origin === 'string') {
      message = `Use at most ${String(issue.maximum)} characters`;
    } else if (issue.code === 'invalid_value') {
      message = 'Choose one of the options';
    } else {
      message = message.charAt(0).toUpperCase() + message.slice(1);
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

/** What the field partial draws. */
export function fieldViews(specs: FieldSpec[], values: FormValues, problems: FormProblem[]) {
  return specs.map((spec) => {
    const id = `field-${spec.name}`;
    const error = problems.find((p) => p.field === spec.name)?.message;
    const hintId = spec.hint ? `${id}-hint` : undefined;
    const errorId = error ? `${id}-error` : undefined;
    const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
    const current = values[spec.name];
    const chosen = Array.isArray(current) ? current : [];
    const chosenRoles = roles(values, spec.name);
    return {
      ...spec,
      id,
      hintId,
      errorId,
      error,
      describedBy,
      value: typeof current === 'string' ? current : '',
      checked: current === true,
      is: {
        input: ['text', 'email', 'url', 'date', 'datetime-local'].includes(spec.type),
        textarea: spec.type === 'textarea',
        select: spec.type === 'select',
        checkbox: spec.type === 'checkbox',
        checkboxes: spec.type === 'checkboxes',
        roles: spec.type === 'roles',
      },
      inputType: spec.type,
      options: (spec.options ?? []).map((option, index) => ({
        ...option,
        id: `${id}-${index}`,
        selected: option.value === current,
        checked: chosen.includes(option.value),
        roleOptions: (spec.roleOptions ?? []).map((role) => ({
          ...role,
          selected: (chosenRoles[option.value] ?? '') === role.value,
        })),
      })),
    };
  });
}

/** The error summary at the top of a form: each entry links to its field. */
export function errorSummary(specs: FieldSpec[], problems: FormProblem[]) {
  return problems.map((p) => {
    const spec = specs.find((s) => s.name === p.field);
    const target = spec && (spec.type === 'checkboxes' || spec.type === 'roles') ? '-0' : '';
    return spec
      ? { href: `#field-${spec.name}${target}`, label: spec.label, message: p.message }
      : { message: p.message };
  });
}
