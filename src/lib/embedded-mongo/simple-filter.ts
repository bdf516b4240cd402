import { ObjectId } from 'bson';
import type { Doc } from './bson-values';

export type DocPredicate = (doc: Doc) => boolean;

/**
 * A matcher for the filters most requests send, `{ field: value, ... }` with
 * top-level fields and a string, number, boolean, ObjectId or Date value,
 * written out so that it gives exactly mingo's `$eq` answer (the field
 * equals the value, or is an array with an element equal to it) without
 * compiling a mingo Query, which costs more than the lookup itself.
 * `undefined` means "not that simple": the caller uses mingo.
 */
export function compileSimpleFilter(filter: Doc): DocPredicate | undefined {
  const fields: string[] = [];
  const tests: Array<(value: unknown) => boolean> = [];
  for (const field of Object.keys(filter)) {
    if (field.startsWith('$') || field.includes('.') || field === '__proto__') return undefined;
    const test = equalTo(filter[field]);
    if (!test) return undefined;
    fields.push(field);
    tests.push(test);
  }
  if (fields.length === 1) {
    const field = fields[0] as string;
    const test = tests[0] as (value: unknown) => boolean;
    return (doc) => matches(doc[field], test);
  }
  return (doc) =>
    fields.every((field, i) => matches(doc[field], tests[i] as (v: unknown) => boolean));
}

function matches(value: unknown, test: (value: unknown) => boolean): boolean {
  if (test(value)) return true;
  if (!Array.isArray(value)) return false;
  for (const element of value) if (test(element)) return true;
  return false;
}

/** Equality with one value as mingo's `isEqual` decides it, for the value types handled here. */
function equalTo(expected: unknown): ((value: unknown) => boolean) | undefined {
  switch (typeof expected) {
    case 'string':
    case 'boolean':
      return (value) => value === expected;
    case 'number':
      return Number.isNaN(expected) ? undefined : (value) => value === expected;
    default:
      break;
  }
  if (expected instanceof ObjectId) {
    return (value) =>
      value instanceof ObjectId &&
      value.constructor === expected.constructor &&
      value.equals(expected);
  }
  if (expected instanceof Date && Object.getPrototypeOf(expected) === Date.prototype) {
    const time = expected.getTime();
    return (value) =>
      value instanceof Date && value.constructor === Date && value.getTime() === time;
  }
  return undefined;
}
