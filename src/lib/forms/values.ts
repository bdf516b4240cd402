import { DateTime } from 'luxon';
import { typeOf, type FieldSpec, type FormValues } from './fields';

/** Typed reads of form values (a missing or mistyped value reads as empty). */
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

/** An optional text as an API takes it: absent when empty on create, '' (clears it) on edit. */
export const optionalValue = (value: string, editing: boolean): string | undefined =>
  value.trim() !== '' ? value : editing ? '' : undefined;

/** A value that is only sent when filled in. */
export const filled = (value: string): string | undefined =>
  value.trim() !== '' ? value : undefined;

/** A number field: undefined when blank, NaN when it is no number (the schema says so). */
export const numberOf = (value: string): number | undefined =>
  value.trim() === '' ? undefined : Number(value);

const asStrings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');

/**
 * Reads a posted form (urlencoded or the text parts of a multipart body): only the
 * described fields, each as its type expects. Files are not values; they stay on the
 * request for the handler that stores them.
 */
export function readFormValues(specs: FieldSpec[], body: unknown): FormValues {
  const posted = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const values: FormValues = {};
  for (const spec of specs) {
    const raw = posted[spec.name];
    const type = typeOf(spec);
    if (type === 'file') continue;
    if (type === 'checkbox') values[spec.name] = asStrings(raw).length > 0;
    else if (type === 'checkboxes') values[spec.name] = asStrings(raw);
    else if (type === 'roles') {
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

/** A `datetime-local` value read as wall-clock time in `timeZone`; undefined when it is none. */
export function instantIn(value: string, timeZone: string): Date | undefined {
  if (!value) return undefined;
  const time = DateTime.fromISO(value, { zone: timeZone });
  return time.isValid ? time.toJSDate() : undefined;
}

/** The other way, for filling a form: an instant as `yyyy-MM-ddTHH:mm` in the zone. */
export const localInput = (date: Date, timeZone: string): string =>
  DateTime.fromJSDate(date, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm");
