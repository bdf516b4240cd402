import assert from 'node:assert/strict';
import mongoose, { Schema } from 'mongoose';
import { currentTransaction, withTransaction } from '../../src/lib/transactions';
import { clearDatabase } from '../helpers/hooks';

/** A model of this test's own, so the helper is tested without any component. */
const Entry = mongoose.model<{ name: string }>(
  'TransactionTestEntry',
  new Schema<{ name: string }>({ name: { type: String, required: true, unique: true } }),
  'transactionTestEntries',
);

const names = async () =>
  (await Entry.find({}, { name: 1 }).sort({ name: 1 }).lean()).map((e) => e.name);

describe('database library: withTransaction', () => {
  before(async () => {
    await Entry.syncIndexes();
  });
  beforeEach(clearDatabase);

  it('when the work succeeds, then its writes commit together and it answers what the work returned', async () => {
    const answer = await withTransaction(async (session) => {
      assert.equal(session.inTransaction(), true);
      assert.equal(currentTransaction(), session);
      await Entry.create([{ name: 'a' }], { session });
      await Entry.create([{ name: 'b' }], { session });
      return 'done';
    });
    assert.equal(answer, 'done');
    assert.equal(currentTransaction(), undefined);
    assert.deepEqual(await names(), ['a', 'b']);
  });

  it('when the work throws after a write, then nothing is stored and the error reaches the caller', async () => {
    await assert.rejects(
      withTransaction(async (session) => {
        await Entry.create([{ name: 'a' }], { session });
        throw new Error('second write failed');
      }),
      /second write failed/,
    );
    assert.deepEqual(await names(), []);
  });

  it('when a write fails on a unique index, then the earlier write of the same transaction is undone', async () => {
    await Entry.create({ name: 'taken' });
    await assert.rejects(
      withTransaction(async (session) => {
        await Entry.create([{ name: 'fresh' }], { session });
        await Entry.create([{ name: 'taken' }], { session });
      }),
      (err: { code?: number }) => err.code === 11000,
    );
    assert.deepEqual(await names(), ['taken']);
  });

  it('when a transaction runs inside another, then it joins it: the outer failure undoes the inner writes', async () => {
    await assert.rejects(
      withTransaction(async (outer) => {
        await withTransaction(async (inner) => {
          assert.equal(inner, outer);
          await Entry.create([{ name: 'inner' }], { session: inner });
        });
        throw new Error('outer failed');
      }),
      /outer failed/,
    );
    assert.deepEqual(await names(), []);
  });

  it('when code inside the work names no session, then it still joins the transaction (as services of other components do)', async () => {
    await assert.rejects(
      withTransaction(async () => {
        await Entry.create({ name: 'without a session' });
        // Read inside: the uncommitted write is visible to the transaction itself.
        assert.deepEqual(await names(), ['without a session']);
        throw new Error('undo');
      }),
      /undo/,
    );
    assert.deepEqual(await names(), []);
  });
});
