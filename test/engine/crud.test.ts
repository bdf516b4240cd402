import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { openTestDatabase, type TestDatabase } from './helpers';

describe('engine: CRUD, queries and cursors', () => {
  let t: TestDatabase;
  let Item: mongoose.Model<{
    n: number;
    name: string;
    group: string;
    tags: string[];
    nested?: { x: number };
  }>;

  before(async () => {
    t = await openTestDatabase('fk_engine_crud');
    Item = t.connection.model(
      'Item',
      new mongoose.Schema<{
        n: number;
        name: string;
        group: string;
        tags: string[];
        nested?: { x: number };
      }>({ n: Number, name: String, group: String, tags: [String], nested: { x: Number } }),
    );
    await Item.init();
  });
  after(async () => t.stop());
  beforeEach(async () => {
    await Item.deleteMany({});
  });

  it('creates, reads, updates and deletes documents', async () => {
    const created = await Item.create({ n: 1, name: 'one', group: 'a', tags: ['x'] });
    const found = await Item.findById(created._id).lean();
    assert.equal(found?.name, 'one');
    assert.deepEqual(found?.tags, ['x']);

    const updated = await Item.updateOne({ _id: created._id }, { $set: { name: 'uno' } });
    assert.equal(updated.matchedCount, 1);
    assert.equal(updated.modifiedCount, 1);
    const same = await Item.updateOne({ _id: created._id }, { $set: { name: 'uno' } });
    assert.equal(same.modifiedCount, 0, 'setting the same value modifies nothing');

    const replaced = await Item.replaceOne(
      { _id: created._id },
      { n: 2, name: 'two', group: 'b', tags: [] },
    );
    assert.equal(replaced.modifiedCount, 1);
    assert.equal((await Item.findById(created._id).lean())?.name, 'two');

    const deleted = await Item.deleteOne({ _id: created._id });
    assert.equal(deleted.deletedCount, 1);
    assert.equal(await Item.findById(created._id), null);
  });

  it('filters with query operators, projections, count and distinct', async () => {
    await Item.insertMany([
      { n: 1, name: 'alpha', group: 'a', tags: ['red', 'blue'], nested: { x: 1 } },
      { n: 2, name: 'beta', group: 'a', tags: ['blue'], nested: { x: 2 } },
      { n: 3, name: 'gamma', group: 'b', tags: [], nested: { x: 3 } },
      { n: 4, name: 'delta', group: 'c', tags: ['green'] },
    ]);
    assert.equal(await Item.countDocuments({ n: { $gte: 2, $lt: 4 } }), 2);
    assert.equal(await Item.countDocuments({ tags: 'blue' }), 2);
    assert.equal(await Item.countDocuments({ group: { $in: ['a', 'c'] } }), 3);
    assert.equal(await Item.countDocuments({ name: /^[ab]/ }), 2);
    assert.equal(await Item.countDocuments({ $or: [{ n: 1 }, { group: 'c' }] }), 2);
    assert.equal(await Item.countDocuments({ 'nested.x': { $exists: false } }), 1);
    assert.equal(await Item.countDocuments({ tags: { $size: 0 } }), 1);
    assert.equal(await Item.estimatedDocumentCount(), 4);

    const projected = await Item.findOne({ name: 'beta' }, { name: 1, _id: 0 }).lean();
    assert.deepEqual(projected, { name: 'beta' });
    const excluded = await Item.findOne({ name: 'beta' }).select('-tags -nested -__v').lean();
    assert.deepEqual(Object.keys(excluded ?? {}).sort(), ['_id', 'group', 'n', 'name']);

    assert.deepEqual((await Item.distinct('group')).sort(), ['a', 'b', 'c']);
    assert.deepEqual((await Item.distinct('tags', { group: 'a' })).sort(), ['blue', 'red']);
  });

  it('sorts, skips and limits; cursors span several batches', async () => {
    const docs = Array.from({ length: 250 }, (_, i) => ({
      n: i,
      name: `item-${String(i).padStart(3, '0')}`,
      group: i % 2 ? 'odd' : 'even',
      tags: [],
    }));
    await Item.insertMany(docs.slice().reverse());

    const page = await Item.find({}).sort({ n: 1 }).skip(10).limit(5).lean();
    assert.deepEqual(
      page.map((d) => d.n),
      [10, 11, 12, 13, 14],
    );
    const desc = await Item.find({ group: 'odd' }).sort({ n: -1 }).limit(3).lean();
    assert.deepEqual(
      desc.map((d) => d.n),
      [249, 247, 245],
    );
    const multi = await Item.find({}).sort({ group: 1, n: -1 }).limit(2).lean();
    assert.deepEqual(
      multi.map((d) => d.n),
      [248, 246],
    );

    let seen = 0;
    let last = -1;
    for await (const doc of Item.find({}).sort({ n: 1 }).batchSize(50).lean().cursor()) {
      assert.equal(doc.n, last + 1);
      last = doc.n;
      seen++;
    }
    assert.equal(seen, 250);

    const raw = t.connection.db!.collection('items');
    const cursor = raw.find({}, { batchSize: 50 }).sort({ n: 1 });
    const all = await cursor.toArray();
    assert.equal(all.length, 250);

    const early = raw.find({}, { batchSize: 10 });
    await early.next();
    await early.close(); // killCursors on an open cursor
  });

  it('answers aggregate cursors in batches and upserts', async () => {
    await Item.insertMany(
      Array.from({ length: 120 }, (_, i) => ({ n: i, name: `x${i}`, group: 'g', tags: [] })),
    );
    const raw = t.connection.db!.collection('items');
    const rows = await raw
      .aggregate([{ $match: { group: 'g' } }, { $sort: { n: -1 } }], { batchSize: 25 })
      .toArray();
    assert.equal(rows.length, 120);
    assert.equal(rows[0]?.n, 119);

    const up = await Item.updateOne({ name: 'new-one' }, { $set: { n: 999 } }, { upsert: true });
    assert.equal(up.upsertedCount, 1);
    assert.ok(up.upsertedId);
    const doc = await Item.findOne({ name: 'new-one' }).lean();
    assert.equal(doc?.n, 999);
  });

  it('findOneAndUpdate / findOneAndDelete return the right version', async () => {
    await Item.create({ n: 1, name: 'f', group: 'a', tags: [] });
    const before = await Item.findOneAndUpdate({ name: 'f' }, { $inc: { n: 1 } }).lean();
    assert.equal(before?.n, 1);
    const after = await Item.findOneAndUpdate(
      { name: 'f' },
      { $inc: { n: 1 } },
      { new: true, projection: { n: 1 } },
    ).lean();
    assert.equal(after?.n, 3);
    assert.equal(after?.name, undefined);
    const upserted = await Item.findOneAndUpdate(
      { name: 'g' },
      { $set: { n: 7 } },
      { upsert: true, new: true },
    ).lean();
    assert.equal(upserted?.n, 7);
    const sorted = await Item.findOneAndUpdate(
      {},
      { $set: { group: 'top' } },
      { sort: { n: -1 }, new: true },
    ).lean();
    assert.equal(sorted?.name, 'g');
    const removed = await Item.findOneAndDelete({ name: 'f' }).lean();
    assert.equal(removed?.n, 3);
    assert.equal(await Item.countDocuments({ name: 'f' }), 0);
    assert.equal(await Item.findOneAndUpdate({ name: 'none' }, { $set: { n: 1 } }), null);
  });

  it('lists, creates and drops collections and databases', async () => {
    const db = t.connection.db!;
    await db.createCollection('extra');
    await assert.rejects(db.createCollection('extra'), (err: { code?: number }) => err.code === 48);
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    assert.ok(names.includes('extra'));
    assert.ok(names.includes('items'));
    const filtered = await db.listCollections({ name: 'extra' }).toArray();
    assert.equal(filtered.length, 1);
    assert.equal(await db.dropCollection('extra'), true);
    const admin = db.admin();
    const { databases } = await admin.listDatabases();
    assert.ok(databases.some((d) => d.name === 'fk_engine_crud'));
    assert.equal((await admin.ping()).ok, 1);
    assert.ok((await admin.buildInfo()).version);
  });
});
