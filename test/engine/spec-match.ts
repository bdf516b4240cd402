import assert from 'node:assert/strict';
import { BSON, Binary, Decimal128, ObjectId, Timestamp, type ClientSession } from 'mongodb';

const { EJSON } = BSON;

/**
 * Matching rules of MongoDB's unified test format ("Evaluating Matches"):
 * root-level documents may carry extra fields, nested ones may not; numbers
 * match by value whatever their BSON type; `$$`-operators test presence, type,
 * entities and bytes.
 */
export type Entities = Map<string, unknown>;

type Json = unknown;

const BSON_TYPE_CHECKS: Record<string, (v: unknown) => boolean> = {
  double: (v) => typeof v === 'number' || bsonType(v) === 'Double',
  string: (v) => typeof v === 'string',
  object: (v) => isPlainDocument(v),
  array: (v) => Array.isArray(v),
  binData: (v) => v instanceof Binary,
  undefined: (v) => v === undefined,
  objectId: (v) => v instanceof ObjectId,
  bool: (v) => typeof v === 'boolean',
  date: (v) => v instanceof Date,
  null: (v) => v === null,
  regex: (v) => v instanceof RegExp || bsonType(v) === 'BSONRegExp',
  javascript: (v) => bsonType(v) === 'Code',
  symbol: (v) => bsonType(v) === 'BSONSymbol',
  timestamp: (v) => v instanceof Timestamp,
  decimal: (v) => v instanceof Decimal128,
  minKey: (v) => bsonType(v) === 'MinKey',
  maxKey: (v) => bsonType(v) === 'MaxKey',
  // JavaScript numbers cannot tell int, long and double apart once decoded.
  int: (v) => (typeof v === 'number' && Number.isInteger(v)) || bsonType(v) === 'Int32',
  long: (v) =>
    (typeof v === 'number' && Number.isInteger(v)) ||
    bsonType(v) === 'Long' ||
    typeof v === 'bigint',
};

function bsonType(v: unknown): string | undefined {
  return v && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;
}

function isPlainDocument(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    bsonType(v) === undefined &&
    !(v instanceof Date) &&
    !(v instanceof RegExp)
  );
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const t = bsonType(v);
  if (t === 'Long' || t === 'Int32' || t === 'Double') return Number((v as object).valueOf());
  return undefined;
}

function operatorOf(expected: Json): string | undefined {
  if (!isPlainDocument(expected)) return undefined;
  const keys = Object.keys(expected);
  return keys.length === 1 && keys[0]!.startsWith('$$') ? keys[0] : undefined;
}

function show(v: unknown): string {
  try {
    return EJSON.stringify(v as never, { relaxed: true });
  } catch {
    return String(v);
  }
}

/** Asserts `actual` matches `expected`; `root` allows extra fields at this level. */
export function assertMatches(
  actual: unknown,
  expected: Json,
  entities: Entities,
  root: boolean,
  path = '$',
): void {
  const op = operatorOf(expected);
  if (op)
    return matchOperator(actual, op, (expected as Record<string, Json>)[op], entities, root, path);

  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${show(actual)}`);
    assert.equal(actual.length, expected.length, `${path}: array length, got ${show(actual)}`);
    // Documents in a root-level array (e.g. the documents a find returns) are root-level too.
    expected.forEach((e, i) => assertMatches(actual[i], e, entities, root, `${path}[${i}]`));
    return;
  }

  if (isPlainDocument(expected)) {
    const actualDoc = actual instanceof Map ? Object.fromEntries(actual) : actual;
    assert.ok(
      actualDoc !== null && typeof actualDoc === 'object' && !Array.isArray(actualDoc),
      `${path}: expected a document, got ${show(actual)}`,
    );
    const doc = actualDoc as Record<string, unknown>;
    for (const [key, value] of Object.entries(expected)) {
      assertMatches(doc[key], value, entities, false, `${path}.${key}`);
    }
    if (!root) {
      const extra = Object.keys(doc).filter((k) => !(k in expected) && doc[k] !== undefined);
      assert.deepEqual(extra, [], `${path}: unexpected fields in ${show(doc)}`);
    }
    return;
  }

  const expectedNumber = asNumber(expected);
  if (expectedNumber !== undefined) {
    const actualNumber = asNumber(actual);
    assert.ok(
      actualNumber !== undefined &&
        (actualNumber === expectedNumber ||
          (Number.isNaN(actualNumber) && Number.isNaN(expectedNumber))),
      `${path}: expected ${show(expected)}, got ${show(actual)}`,
    );
    return;
  }
  if (bsonType(expected) !== undefined || expected instanceof Date || expected instanceof RegExp) {
    assert.equal(show(actual), show(expected), `${path}: BSON value`);
    return;
  }
  assert.equal(actual, expected, `${path}: expected ${show(expected)}, got ${show(actual)}`);
}

function matchOperator(
  actual: unknown,
  op: string,
  arg: Json,
  entities: Entities,
  root: boolean,
  path: string,
): void {
  switch (op) {
    case '$$unsetOrMatches':
      if (actual === undefined) return;
      return assertMatches(actual, arg, entities, root, path);
    case '$$exists':
      assert.equal(
        actual !== undefined,
        arg,
        `${path}: $$exists ${String(arg)}, got ${show(actual)}`,
      );
      return;
    case '$$type': {
      const types = Array.isArray(arg) ? (arg as string[]) : [arg as string];
      assert.ok(
        types.some((t) => {
          const check = BSON_TYPE_CHECKS[t];
          if (!check) throw new Error(`unknown $$type ${t}`);
          return check(actual);
        }),
        `${path}: expected type ${types.join('|')}, got ${show(actual)}`,
      );
      return;
    }
    case '$$matchesEntity':
      return assertMatches(actual, entities.get(arg as string), entities, root, path);
    case '$$matchesHexBytes':
      assert.ok(actual instanceof Binary || Buffer.isBuffer(actual), `${path}: expected bytes`);
      assert.equal(
        Buffer.from(actual instanceof Binary ? actual.buffer : actual).toString('hex'),
        String(arg).toLowerCase(),
        path,
      );
      return;
    case '$$sessionLsid': {
      const session = entities.get(arg as string) as ClientSession | undefined;
      assert.ok(session?.id, `${path}: no session entity ${String(arg)}`);
      assert.equal(show(actual), show(session.id), `${path}: lsid of ${String(arg)}`);
      return;
    }
    case '$$lte':
      assert.ok(
        (asNumber(actual) ?? Number.NaN) <= (asNumber(arg) ?? Number.NaN),
        `${path}: ${show(actual)} > ${show(arg)}`,
      );
      return;
    case '$$matchAsRoot':
      return assertMatches(actual, arg, entities, true, path);
    case '$$matchAsDocument':
      assert.equal(typeof actual, 'string', `${path}: expected a JSON string`);
      return assertMatches(EJSON.parse(actual as string), arg, entities, false, path);
    default:
      throw new Error(`${path}: unknown operator ${op}`);
  }
}
