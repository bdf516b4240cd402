import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { openTestDatabase, type TestDatabase } from './helpers';

type DupError = {
  code?: number;
  keyValue?: Record<string, unknown>;
  keyPattern?: Record<string, unknown>;
  message: string;
};

function isDuplicate(keyValue: Record<string, unknown>, keyPattern: Record<string, unknown>) {
  return (err: DupError) => {
    assert.equal(err.code, 11000);
    assert.deepEqual(err.keyValue, keyValue);
    assert.deepEqual(err.keyPattern, keyPattern);
    return true;
  };
}

describe('engine: unique indexes', () => {
  let t: TestDatabase;
  let Person: mongoose.Model<{
    email: string;
    name?: string;
    team?: string;
    nick?: string;
    badge?: string;
    active?: boolean;
  }>;

  before(async () => {
    t = await openTestDatabase('fk_engine_unique');
    const schema = new mongoose.Schema<{
      email: string;
      name?: string;
      team?: string;
      nick?: string;
      badge?: string;
      active?: boolean;
    }>({
      email: { type: String, required: true, unique: true },
      name: String,
      team: String,
      nick: { type: String },
      badge: String,
      active: Boolean,
    });
    schema.index(
      { team: 1, name: 1 },
      { unique: true, partialFilterExpression: { team: { $exists: true } } },
    );
    schema.index({ nick: 1 }, { unique: true, sparse: true });
    schema.index({ badge: 1 }, { unique: true, partialFilterExpression: { active: true } });
    Person = t.connection.model('Person', schema);
    await Person.init();
  });
  after(async () => t.stop());
  beforeEach(async () => {
    await Person.deleteMany({});
  });

  it('create() reports the duplicate like MongoDB', async () => {
    await Person.create({ email: 'a@x.lt' });
    await assert.rejects(Person.create({ email: 'a@x.lt' }), (err: DupError) => {
      isDuplicate({ email: 'a@x.lt' }, { email: 1 })(err);
      assert.match(
        err.message,
        /E11000 duplicate key error collection: fk_engine_unique\.people index: email_1 dup key: \{ email: "a@x\.lt" \}/,
      );
      return true;
    });
  });

  it('the _id index is always unique', async () => {
    const first = await Person.create({ email: 'id@x.lt' });
    await assert.rejects(
      t.connection.db!.collection('people').insertOne({ _id: first._id, email: 'other@x.lt' }),
      isDuplicate({ _id: first._id }, { _id: 1 }),
    );
  });

  it('insertMany ordered stops at the first error, unordered carries on', async () => {
    await Person.create({ email: 'dup@x.lt' });
    await assert.rejects(
      Person.insertMany([{ email: 'o1@x.lt' }, { email: 'dup@x.lt' }, { email: 'o2@x.lt' }], {
        ordered: true,
      }),
      (err: DupError & { insertedDocs?: unknown[] }) => err.code === 11000,
    );
    assert.equal(await Person.countDocuments({ email: /^o\d/ }), 1);

    await assert.rejects(
      Person.insertMany([{ email: 'u1@x.lt' }, { email: 'dup@x.lt' }, { email: 'u2@x.lt' }], {
        ordered: false,
      }),
      (err: DupError & { writeErrors?: unknown[]; result?: { insertedCount?: number } }) => {
        assert.equal(err.code, 11000);
        assert.equal(err.writeErrors?.length, 1);
        return true;
      },
    );
    assert.equal(await Person.countDocuments({ email: /^u\d/ }), 2);
  });

  it('updateOne and findOneAndUpdate report duplicates', async () => {
    await Person.create([{ email: 'p@x.lt' }, { email: 'q@x.lt' }]);
    await assert.rejects(
      Person.updateOne({ email: 'q@x.lt' }, { $set: { email: 'p@x.lt' } }),
      isDuplicate({ email: 'p@x.lt' }, { email: 1 }),
    );
    await assert.rejects(
      Person.findOneAndUpdate({ email: 'q@x.lt' }, { $set: { email: 'p@x.lt' } }, { new: true }),
      isDuplicate({ email: 'p@x.lt' }, { email: 1 }),
    );
    await assert.rejects(
      Person.findOneAndUpdate(
        { email: 'new@x.lt' },
        { $set: { name: 'n', nick: 'dup' } },
        { upsert: true },
      ).then(() =>
        Person.findOneAndUpdate(
          { email: 'new2@x.lt' },
          { $set: { nick: 'dup' } },
          { upsert: true },
        ),
      ),
      isDuplicate({ nick: 'dup' }, { nick: 1 }),
    );
    assert.equal(
      await Person.countDocuments({ email: 'q@x.lt' }),
      1,
      'the failed update changed nothing',
    );
  });

  it('bulkWrite reports duplicates with ordered semantics', async () => {
    await Person.create({ email: 'b@x.lt' });
    await assert.rejects(
      Person.bulkWrite(
        [
          { insertOne: { document: { email: 'b1@x.lt' } } },
          { insertOne: { document: { email: 'b@x.lt' } } },
          { insertOne: { document: { email: 'b2@x.lt' } } },
        ],
        { ordered: false },
      ),
      (err: DupError & { writeErrors?: Array<{ index: number }> }) => {
        assert.equal(err.code, 11000);
        assert.equal(err.writeErrors?.[0]?.index, 1);
        return true;
      },
    );
    assert.equal(await Person.countDocuments({ email: /^b\d/ }), 2);
  });

  it('when update, findAndModify and bulk writes collide, then the message names db, collection, index and key', async () => {
    await Person.create([{ email: 'm1@x.lt' }, { email: 'm2@x.lt' }]);
    const message =
      /^E11000 duplicate key error collection: fk_engine_unique\.people index: email_1 dup key: \{ email: "m1@x\.lt" \}$/;
    const hasMessage = (err: DupError) => {
      assert.equal(err.code, 11000);
      assert.match(err.message, message);
      return true;
    };
    await assert.rejects(
      Person.updateOne({ email: 'm2@x.lt' }, { $set: { email: 'm1@x.lt' } }),
      hasMessage,
    );
    await assert.rejects(
      Person.findOneAndUpdate({ email: 'm2@x.lt' }, { $set: { email: 'm1@x.lt' } }),
      hasMessage,
    );
    await assert.rejects(
      Person.bulkWrite([
        { updateOne: { filter: { email: 'm2@x.lt' }, update: { email: 'm1@x.lt' } } },
      ]),
      hasMessage,
    );
  });

  it('when bulk writes fail part-way, then ordered stops and unordered carries on with the right counts and indexes', async () => {
    await Person.create([{ email: 'k1@x.lt' }, { email: 'k2@x.lt' }]);
    const coll = t.connection.db!.collection('people');
    const ops = [
      { updateOne: { filter: { email: 'k1@x.lt' }, update: { $set: { name: 'one' } } } },
      { updateOne: { filter: { email: 'k2@x.lt' }, update: { $set: { email: 'k1@x.lt' } } } },
      { insertOne: { document: { email: 'k1@x.lt' } } },
      { updateOne: { filter: { email: 'k2@x.lt' }, update: { $set: { name: 'two' } } } },
      { insertOne: { document: { email: 'k3@x.lt' } } },
    ];
    type BulkError = DupError & {
      writeErrors?: Array<{ index: number; code: number }>;
      result?: { insertedCount: number; matchedCount: number; modifiedCount: number };
    };
    await assert.rejects(coll.bulkWrite(ops, { ordered: false }), (err: BulkError) => {
      // Unordered, the driver sends inserts and updates as separate batches: sort by index.
      assert.deepEqual(
        err.writeErrors?.map((e) => [e.index, e.code]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)),
        [
          [1, 11000],
          [2, 11000],
        ],
      );
      assert.equal(err.result?.insertedCount, 1);
      assert.equal(err.result?.matchedCount, 2, 'the failed update counts nothing');
      assert.equal(err.result?.modifiedCount, 2);
      return true;
    });
    assert.equal((await Person.findOne({ email: 'k2@x.lt' }).lean())?.name, 'two');

    await Person.deleteMany({});
    await Person.create([{ email: 'k1@x.lt' }, { email: 'k2@x.lt' }]);
    await assert.rejects(coll.bulkWrite(ops, { ordered: true }), (err: BulkError) => {
      assert.deepEqual(
        err.writeErrors?.map((e) => e.index),
        [1],
      );
      assert.equal(err.result?.matchedCount, 1);
      assert.equal(err.result?.insertedCount, 0);
      return true;
    });
    assert.equal(await Person.countDocuments({ email: 'k3@x.lt' }), 0, 'ordered stopped at 1');
  });

  it('when a partial unique index covers only strings (as the app declares them), then missing and null values never collide', async () => {
    const coll = t.connection.db!.collection('outboxlike');
    await coll.createIndex(
      { dedupeKey: 1 },
      { unique: true, partialFilterExpression: { dedupeKey: { $type: 'string' } } },
    );
    await coll.insertMany([{ n: 1 }, { n: 2 }, { dedupeKey: null }, { dedupeKey: null }]);
    await coll.insertOne({ dedupeKey: 'k' });
    await assert.rejects(
      coll.insertOne({ dedupeKey: 'k' }),
      isDuplicate({ dedupeKey: 'k' }, { dedupeKey: 1 }),
    );
  });

  it('compound, partial and sparse indexes only constrain what they cover', async () => {
    await Person.create({ email: 'c1@x.lt', team: 't', name: 'n' });
    await Person.create({ email: 'c2@x.lt', team: 't', name: 'm' });
    await assert.rejects(
      Person.create({ email: 'c3@x.lt', team: 't', name: 'n' }),
      isDuplicate({ team: 't', name: 'n' }, { team: 1, name: 1 }),
    );
    // No team: outside the partial index, so no conflict on { team, name }.
    await Person.create({ email: 'c4@x.lt', name: 'n' });
    await Person.create({ email: 'c5@x.lt', name: 'n' });

    // Sparse: documents without the field do not collide.
    await Person.create({ email: 's1@x.lt' });
    await Person.create({ email: 's2@x.lt' });
    await Person.create({ email: 's3@x.lt', nick: 'k' });
    await assert.rejects(
      Person.create({ email: 's4@x.lt', nick: 'k' }),
      isDuplicate({ nick: 'k' }, { nick: 1 }),
    );

    // Partial on active: inactive duplicates are fine.
    await Person.create({ email: 'a1@x.lt', badge: 'B', active: false });
    await Person.create({ email: 'a2@x.lt', badge: 'B', active: true });
    await Person.create({ email: 'a3@x.lt', badge: 'B', active: false });
    await assert.rejects(
      Person.create({ email: 'a4@x.lt', badge: 'B', active: true }),
      isDuplicate({ badge: 'B' }, { badge: 1 }),
    );
  });

  it('a unique index cannot be built over duplicates; syncIndexes is idempotent', async () => {
    const coll = t.connection.db!.collection('loose');
    await coll.insertMany([{ k: 1 }, { k: 1 }]);
    await assert.rejects(
      coll.createIndex({ k: 1 }, { unique: true }),
      (err: DupError) => err.code === 11000,
    );
    const names = (await coll.listIndexes().toArray()).map((i) => i.name);
    assert.deepEqual(names, ['_id_']);

    await Person.syncIndexes();
    const dropped = await Person.syncIndexes();
    assert.deepEqual(dropped, []);
    const indexes = await Person.listIndexes();
    assert.ok(indexes.some((i) => i.name === 'email_1' && i.unique === true));
    assert.ok(
      indexes.some((i) => i.name === 'badge_1' && i.partialFilterExpression?.active === true),
    );
  });

  it('looks up indexed equality without a full scan (results stay correct after changes)', async () => {
    await Person.insertMany(
      Array.from({ length: 500 }, (_, i) => ({ email: `e${i}@x.lt`, name: `n${i % 10}` })),
    );
    assert.equal((await Person.findOne({ email: 'e123@x.lt' }).lean())?.name, 'n3');
    await Person.updateOne({ email: 'e123@x.lt' }, { $set: { email: 'moved@x.lt' } });
    assert.equal(await Person.findOne({ email: 'e123@x.lt' }), null);
    assert.equal((await Person.findOne({ email: 'moved@x.lt' }).lean())?.name, 'n3');
    assert.equal(
      await Person.countDocuments({ email: { $in: ['e1@x.lt', 'e2@x.lt', 'nope'] } }),
      2,
    );
  });
});
