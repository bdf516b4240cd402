/**
 * Forms drawn by hand in their template (no field specs): the posted body read as
 * text, one value or a list per name. Same rules as `readFormValues`: strings only.
 */
export type FormFields = Record<string, string | string[] | undefined>;

export const formFieldsOf = (body: unknown): FormFields =>
  (body && typeof body === 'object' ? body : {}) as FormFields;

/** One field's text, trimmed ('' when absent). */
export const field = (form: FormFields, name: string): string => {
  const value = form[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
};

/** A checkbox group's or multi-select's values. */
export const fieldList = (form: FormFields, name: string): string[] => {
  const value = form[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};

/** One entry per non-empty line (objectives, themes, next steps…). */
export const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
