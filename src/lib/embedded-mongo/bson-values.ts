import { Binary, Decimal128, ObjectId, Timestamp } from 'bson';

/** A BSON document as the engine holds it: the plain object `bson.deserialize` returns. */
export type Doc = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Doc {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A string that is equal for two values exactly when MongoDB's equality (as used
 * by indexes) considers them equal. Used as hash-map key for indexes and `_id`s.
 * Numbers of any BSON width compare by value, as in MongoDB.
 */
export function valueKey(value: unknown): string {
  if (value === undefined || value === null) return 'z';
  switch (typeof value) {
    case 'number':
      return `n:${Object.is(value, -0) ? 0 : value}`;
    case 'bigint':
      return `n:${value}`;
    case 'string':
      return `s:${value}`;
    case 'boolean':
      return value ? 'b:1' : 'b:0';
    default:
      break;
  }
  // Bare hex: no other key has a hex digit before its second character's ':' (or is 'z'),
  // and a flat 24-character string is half the memory of a concatenated one, per document.
  if (value instanceof ObjectId) return value.toHexString();
  if (value instanceof Date) return `d:${value.getTime()}`;
  if (Array.isArray(value)) return `a:[${value.map(valueKey).join(',')}]`;
  if (value instanceof Decimal128) return `n:${Number(value.toString())}`;
  if (value instanceof Binary)
    return `x:${value.sub_type}:${Buffer.from(value.buffer).toString('base64')}`;
  if (value instanceof Timestamp) return `t:${value.toString()}`;
  if (value instanceof RegExp) return `r:${value.source}/${value.flags}`;
  if (isPlainObject(value)) {
    return `O:{${Object.keys(value)
      .map((k) => `${JSON.stringify(k)}:${valueKey(value[k])}`)
      .join(',')}}`;
  }
  return `?:${String(value)}`;
}

/**
 * Values found at a dotted path, descending into arrays the way MongoDB's index
 * key generation does (an array at the leaf yields its elements; a missing field
 * yields `undefined`, indexed as null).
 */
export function pathValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  if (out.length === 0) out.push(undefined);
  return out;
}

function collect(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(undefined);
      else for (const v of value) out.push(v);
    } else out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    const part = parts[i] as string;
    if (/^\d+$/.test(part)) {
      collect(value[Number(part)], parts, i + 1, out);
      return;
    }
    for (const element of value) if (isPlainObject(element)) collect(element, parts, i, out);
    return;
  }
  if (isPlainObject(value)) {
    const next = value[parts[i] as string];
    if (next === undefined) return;
    collect(next, parts, i + 1, out);
  }
}

/** The value at a dotted path without array traversal (for building keyValue / upserts). */
export function getPath(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Doc)[part];
  }
  return current;
}

export function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let current: Doc = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    const next = current[part];
    if (!isPlainObject(next)) current[part] = {};
    current = current[part] as Doc;
  }
  current[parts[parts.length - 1] as string] = value;
}

/**
 * Deep copy of plain objects, arrays and dates. BSON value classes (ObjectId,
 * Binary, Decimal128...) are immutable in practice and shared, which keeps the
 * copy cheap; stored documents are never mutated, so readers get clones only
 * when something downstream (an update, an aggregation stage) would write.
 */
export function cloneDoc<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneDoc) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (!isPlainObject(value)) return value;
  const out: Doc = {};
  for (const key of Object.keys(value)) out[key] = cloneDoc(value[key]);
  return out as T;
}

/** MongoDB's shell-like rendering used in E11000 messages: `{ name: "x" }`. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value instanceof ObjectId) return `ObjectId('${value.toHexString()}')`;
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (Array.isArray(value)) return `[ ${value.map(formatValue).join(', ')} ]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return '{}';
    return `{ ${keys.map((k) => `${k}: ${formatValue(value[k])}`).join(', ')} }`;
  }
  return String(value);
}

export function isOperatorObject(value: unknown): value is Doc {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}
