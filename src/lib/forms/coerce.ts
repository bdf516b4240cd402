import { z } from 'zod';

/**
 * Zod helpers for what HTML forms send: every value is a string, an empty field is
 * '' and a group of checkboxes is absent, one string or a list.
 */

/** A blank field means "not given". */
export const blankAsUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** A checkbox group or multi-select as a list, empty entries dropped. */
export const valueList = (value: unknown): unknown[] =>
  value === undefined ? [] : (Array.isArray(value) ? value : [value]).filter((v) => v !== '');

/** An optional field: blank is absent, anything else must pass `schema`. */
export const optionalField = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankAsUndefined, schema.optional());

/** A number field (blank is absent only when `schema` allows undefined). */
export const numberField = (schema: z.ZodNumber, message = 'must be a number') =>
  z.preprocess(blankAsUndefined, z.coerce.number({ message }).pipe(schema));

/** A list field (checkboxes, multi-select) checked item by item. */
export const listField = <T extends z.ZodType>(schema: T) => z.preprocess(valueList, schema);
