import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { openTestDatabase, type TestDatabase } from './helpers';

type ServerError = {
  code?: number;
  codeName?: string;
  errorLabels?: string[];
  hasErrorLabel?: (l: string) => boolean;
};

describe('engine: transactions', () => {
  let t: TestDatabase;
  let Account: mongoose.Model<{ name: string; balance: number }>;

  before(async () => {
    t = await openTestDatabase('fk_engine_txn');
    Account = t.connection.model(
      'Account',
      new mongoose.Schema<{ name: string; balance: number }>({
        name: { type: String, unique: true },
        balance: Number,
      }),
    );
    await Account.init();
  });
  after(async () => t.stop());
  beforeEach(async () => {
    await Account.deleteMany({});
    await Account.create([
      { name: 'a', balance: 100 },
      { name: 'b', balance: 0 },
    ]);
  });

  it('commits atomically; writes are invisible outside until commit', async () => {
    const session = await t.connection.startSession();
    try {
      session.startTransaction();
      await Account.updateOne({ name: 'a' }, { $inc: { balance: -30 } }, { session });
      await Account.updateOne({ name: 'b' }, { $inc: { balance: 30 } }, { session });
      await Account.create([{ name: 'c', balance: 1 }], { session });
      // Inside: own writes visible.
      assert.equal((await Account.findOne({ name: 'a' }).session(session).lean())?.balance, 70);
      assert.equal(await Account.countDocuments({}).session(session), 3);
      // Outside: nothing yet.
      assert.equal((await Account.findOne({ name: 'a' }).lean())?.balance, 100);
      assert.equal(await Account.findOne({ name: 'c' }), null);
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    assert.equal((await Account.findOne({ name: 'a' }).lean())?.balance, 70);
    assert.equal((await Account.findOne({ name: 'b' }).lean())?.balance, 30);
    assert.equal((await Account.findOne({ name: 'c' }).lean())?.balance, 1);
  });

  it('aborts: nothing is applied', async () => {
    const session = await t.connection.startSession();
    session.startTransaction();
    await Account.updateOne({ name: 'a' }, { $set: { balance: 0 } }, { session });
    await Account.deleteOne({ name: 'b' }, { session });
    await session.abortTransaction();
    await session.endSession();
    assert.equal((await Account.findOne({ name: 'a' }).lean())?.balance, 100);
    assert.equal(await Account.countDocuments({}), 2);
  });

  it('reads a snapshot: commits by others after the start are not seen', async () => {
    const session = await t.connection.startSession();
    session.startTransaction();
    assert.equal((await Account.findOne({ name: 'a' }).session(session).lean())?.balance, 100);
    await Account.updateOne({ name: 'b' }, { $set: { balance: 55 } }); // outside, committed
    await Account.create({ name: 'late', balance: 5 });
    assert.equal((await Account.findOne({ name: 'b' }).session(session).lean())?.balance, 0);
    assert.equal(await Account.findOne({ name: 'late' }).session(session), null);
    await session.commitTransaction();
    await session.endSession();
  });

  it('two transactions writing the same document: the second gets a transient WriteConflict', async () => {
    const s1 = await t.connection.startSession();
    const s2 = await t.connection.startSession();
    s1.startTransaction();
    s2.startTransaction();
    await Account.updateOne({ name: 'a' }, { $inc: { balance: 1 } }, { session: s1 });
    await assert.rejects(
      Account.updateOne({ name: 'a' }, { $inc: { balance: 1 } }, { session: s2 }),
      (err: ServerError) => {
        assert.equal(err.code, 112);
        assert.equal(err.codeName, 'WriteConflict');
        assert.ok(
          err.hasErrorLabel?.('TransientTransactionError') ??
            err.errorLabels?.includes('TransientTransactionError'),
        );
        return true;
      },
    );
    await s2.abortTransaction();
    await s1.commitTransaction();
    await s1.endSession();
    await s2.endSession();
    assert.equal((await Account.findOne({ name: 'a' }).lean())?.balance, 101);
  });

  it('connection.transaction() retries after a conflict and succeeds', async () => {
    let attempts = 0;
    const blocker = await t.connection.startSession();
    blocker.startTransaction();
    await Account.updateOne({ name: 'a' }, { $inc: { balance: 1000 } }, { session: blocker });
    await t.connection.transaction(async (session) => {
      attempts++;
      if (attempts === 2) await blocker.commitTransaction(); // let the retry through
      await Account.updateOne({ name: 'a' }, { $inc: { balance: -10 } }, { session });
    });
    await blocker.endSession();
    assert.equal(attempts, 2);
    assert.equal((await Account.findOne({ name: 'a' }).lean())?.balance, 1090);
  });

  it('a write outside the transaction to a document it changed makes the commit fail transiently', async () => {
    const session = await t.connection.startSession();
    session.startTransaction();
    await Account.updateOne({ name: 'b' }, { $inc: { balance: 5 } }, { session });
    // MongoDB makes this outside write wait for the transaction; the engine lets it through
    // and the transaction loses at commit. Either way the transaction does not overwrite it.
    const outside = Account.updateOne(
      { name: 'b' },
      { $set: { balance: 7 } },
      { maxTimeMS: 300 },
    ).catch((e: unknown) => e);
    const outcome = await session.commitTransaction().then(
      () => 'committed',
      (err: ServerError) => {
        assert.ok(
          err.code === 112 ||
            err.code === 251 ||
            err.errorLabels?.includes('TransientTransactionError'),
        );
        return 'failed';
      },
    );
    await outside;
    await session.endSession();
    const balance = (await Account.findOne({ name: 'b' }).lean())?.balance;
    assert.ok(outcome === 'committed' ? balance === 7 || balance === 5 : balance === 7);
  });

  it('unique violations inside a transaction are reported', async () => {
    const session = await t.connection.startSession();
    session.startTransaction();
    await Account.create([{ name: 'x', balance: 0 }], { session });
    await assert.rejects(
      Account.create([{ name: 'x', balance: 0 }], { session }),
      (err: ServerError) => err.code === 11000,
    );
    await session.abortTransaction().catch(() => undefined);
    await session.endSession();
    assert.equal(await Account.countDocuments({ name: 'x' }), 0);
  });
});
