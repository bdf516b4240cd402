import assert from 'node:assert/strict';
import { Decimal128, Long, ObjectId } from 'bson';
import { Query } from 'mingo';
import { compileSimpleFilter } from '../../src/lib/embedded-mongo/simple-filter';

const id = new ObjectId('65a1b2c3d4e5f60718293a4b');
const when = new Date('2025-03-01T10:00:00Z');

/** Field values of every shape the matcher may meet, including ones it must reject. */
const values: unknown[] = [
  undefined,
  null,
  'c1',
  'C1',
  '',
  1,
  0,
  -0,
  1.5,
  true,
  false,
  id,
  new ObjectId(),
  id.toHexString(),
  when,
  new Date(when.getTime() + 1),
  new Date(Number.NaN),
  Long.fromNumber(1),
  Decimal128.fromString('1'),
  ['c1', 'x'],
  [['c1']],
  [],
  [1, 2],
  [id],
  [when],
  { c1: 1 },
  { $eq: 'c1' },
];

const expected: unknown[] = ['c1', '', 1, 0, -0, true, false, id, when];

describe('engine: simple equality filters', () => {
  it('when a filter is a top-level equality, then the fast matcher agrees with mingo on every value shape', () => {
    for (const value of expected) {
      const filter = { f: value };
      const fast = compileSimpleFilter(filter);
      assert.ok(fast, `fast path for ${String(value)}`);
      const mingo = new Query(filter, {});
      for (const field of values) {
        const doc = field === undefined ? { other: 1 } : { f: field };
        assert.equal(
          fast(doc),
          mingo.test(doc),
          `${String(value)} vs ${JSON.stringify(field) ?? String(field)}`,
        );
      }
    }
  });

  it('when several fields are given, then all of them must match', () => {
    const fast = compileSimpleFilter({ a: 'x', b: 2 });
    assert.ok(fast);
    assert.equal(fast({ a: 'x', b: 2 }), true);
    assert.equal(fast({ a: ['y', 'x'], b: [2] }), true);
    assert.equal(fast({ a: 'x', b: 3 }), false);
    assert.equal(fast({ a: 'x' }), false);
    assert.equal(compileSimpleFilter({})?.({ any: 1 }), true);
  });

  it('when a filter uses operators, dotted paths, null, NaN or other value types, then it is left to mingo', () => {
    for (const filter of [
      { $or: [{ a: 1 }] },
      { a: { $eq: 1 } },
      { 'a.b': 1 },
      { a: null },
      { a: Number.NaN },
      { a: /x/ },
      { a: [1] },
      { a: { b: 1 } },
      { a: Long.fromNumber(1) },
      { a: 1, b: { $gt: 1 } },
    ]) {
      assert.equal(compileSimpleFilter(filter), undefined, JSON.stringify(filter));
    }
  });
});
