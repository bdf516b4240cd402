import assert from 'node:assert/strict';
import type { Db, Document, MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { openTestDatabase, type TestDatabase } from './helpers';

type ServerError = { code?: number; message?: string };

/**
 * Answers MongoDB 7.0 gives where the engine used to differ (found by the
 * unified CRUD specification tests and mongosh), through the driver and mongoose.
 */
describe('engine: conformance with MongoDB 7.0', () => {
  let t: TestDatabase;
  let db: Db;

  before(async () => {
    t = await openTestDatabase('fk_engine_conformance');
    db = t.connection.db as unknown as Db;
  });
  after(async () => t.stop());
  beforeEach(async () => {
    for (const c of await db.collections()) await c.drop();
  });

  it('when commands carry let variables, then $$names resolve in find, aggregate, update, delete and findOneAndUpdate', async () => {
    const c = db.collection('vars');
    await c.insertMany([
      { _id: 1 as never, x: 1 },
      { _id: 2 as never, x: 2 },
      { _id: 3 as never, x: 3 },
    ]);
    const byVar = { $expr: { $eq: ['$x', '$$target'] } };
    assert.deepEqual(
      (await c.find(byVar, { let: { target: 2 } }).toArray()).map((d) => d._id),
      [2],
    );
    assert.deepEqual(
      await c
        .aggregate([{ $match: byVar }, { $project: { _id: 0, x: 1, label: '$$label' } }], {
          let: { target: 3, label: 'three' },
        })
        .toArray(),
      [{ x: 3, label: 'three' }],
    );
    await c.updateOne(byVar, [{ $set: { y: '$$value' } }], { let: { target: 1, value: 'one' } });
    assert.equal((await c.findOne({ _id: 1 as never }))?.y, 'one');
    const updated = await c.findOneAndUpdate(
      byVar,
      { $set: { z: true } },
      { let: { target: 2 }, returnDocument: 'after' },
    );
    assert.equal(updated?.z, true);
    const deleted = await c.deleteMany(byVar, { let: { target: 3 } });
    assert.equal(deleted.deletedCount, 1);
    const bulk = await c.bulkWrite(
      [{ updateMany: { filter: byVar, update: { $set: { w: 1 } } } }],
      {
        let: { target: 1 },
      },
    );
    assert.equal(bulk.modifiedCount, 1);
  });

  it('when an update statement carries a sort, then it is refused as 7.0 refuses it', async () => {
    const c = db.collection('sorted');
    await c.insertMany([{ x: 1 }, { x: 2 }]);
    await assert.rejects(
      db.command({
        update: 'sorted',
        updates: [{ q: {}, u: { $set: { y: 1 } }, sort: { x: -1 } }],
      }),
      (err: ServerError) => {
        assert.match(String(err.message), /sort/);
        return true;
      },
    );
    assert.equal(await c.countDocuments({ y: 1 }), 0);
  });

  it('when a pipeline update replaces the root, then the document keeps its _id', async () => {
    const c = db.collection('roots');
    const { insertedId } = await c.insertOne({ a: { b: 1, c: 2 } });
    await c.updateOne({ _id: insertedId }, [{ $replaceRoot: { newRoot: '$a' } }]);
    assert.deepEqual(await c.findOne({ _id: insertedId }), { _id: insertedId, b: 1, c: 2 });
    const replaced = await c.findOneAndUpdate(
      { _id: insertedId },
      [{ $replaceWith: { only: '$b' } }],
      { returnDocument: 'after' },
    );
    assert.deepEqual(replaced, { _id: insertedId, only: 1 });
  });

  it('when an _id object holds a $-prefixed field, then the insert is refused and nothing is stored', async () => {
    const c = db.collection('ids');
    await assert.rejects(c.insertOne({ _id: { $a: 1 } as never }), (err: ServerError) => {
      assert.match(String(err.message), /\$a/);
      return true;
    });
    assert.equal(await c.countDocuments(), 0);
    await c.insertOne({ _id: { a: 1 } as never });
    assert.equal(await c.countDocuments(), 1);
  });

  it('when collection and database stats are asked for, then sizes, counts and index sizes are real', async () => {
    const schema = new mongoose.Schema({ code: { type: String, index: true }, n: Number });
    const Item = t.connection.model('StatItem', schema, 'statitems');
    await Item.init();
    await Item.insertMany(Array.from({ length: 100 }, (_, i) => ({ code: `code-${i}`, n: i })));
    const stats = (await db.command({ collStats: 'statitems' })) as Document;
    assert.equal(stats.count, 100);
    assert.ok(stats.size > 100 * 20, `size ${stats.size}`);
    assert.ok(stats.storageSize > 0);
    assert.equal(stats.nindexes, 2);
    assert.ok(stats.indexSizes._id_ > 0 && stats.indexSizes.code_1 > 0, JSON.stringify(stats));
    assert.equal(stats.totalIndexSize, stats.indexSizes._id_ + stats.indexSizes.code_1);

    const [viaStage] = await db
      .collection('statitems')
      .aggregate([{ $collStats: { storageStats: {}, count: {} } }])
      .toArray();
    assert.equal(viaStage?.ns, 'fk_engine_conformance.statitems');
    assert.equal(viaStage?.storageStats.count, 100);
    assert.ok(viaStage?.storageStats.indexSizes.code_1 > 0);
    assert.equal(viaStage?.count.count ?? viaStage?.count, 100);

    const dbStats = await db.stats();
    assert.ok(dbStats.indexSize >= stats.totalIndexSize, JSON.stringify(dbStats));
    assert.ok(dbStats.dataSize >= stats.size);
    assert.ok(dbStats.objects >= 100);
  });

  it('when a collection is created with viewOn, then it is a read-only view over its source', async () => {
    const scans = db.collection('scans');
    await scans.insertMany([
      { asset: 'a', kind: 'visit', n: 1 },
      { asset: 'b', kind: 'check-in', n: 2 },
      { asset: 'c', kind: 'visit', n: 3 },
    ]);
    await db.createCollection('visits', {
      viewOn: 'scans',
      pipeline: [{ $match: { kind: 'visit' } }, { $project: { _id: 0, asset: 1, n: 1 } }],
    });
    const [info] = await db.listCollections({ name: 'visits' }).toArray();
    assert.equal(info?.type, 'view');
    assert.equal((info as Document | undefined)?.options.viewOn, 'scans');
    const visits = db.collection('visits');
    assert.deepEqual(await visits.find({}).sort({ n: -1 }).toArray(), [
      { asset: 'c', n: 3 },
      { asset: 'a', n: 1 },
    ]);
    assert.deepEqual(await visits.find({ n: { $gt: 1 } }).toArray(), [{ asset: 'c', n: 3 }]);
    assert.equal(await visits.countDocuments({}), 2);
    assert.deepEqual(
      await visits.aggregate([{ $group: { _id: null, total: { $sum: '$n' } } }]).toArray(),
      [{ _id: null, total: 4 }],
    );
    await assert.rejects(visits.insertOne({ asset: 'd' }), (err: ServerError) => {
      assert.equal(err.code, 166);
      return true;
    });
    await scans.insertOne({ asset: 'e', kind: 'visit', n: 5 });
    assert.equal(await visits.countDocuments({}), 3);
  });

  it('when sessions have been used, then $listLocalSessions lists them with their last use', async () => {
    const client = t.connection.getClient() as unknown as MongoClient;
    const session = client.startSession();
    try {
      const before = Date.now() - 1000;
      await db.collection('sessions_seen').insertOne({ x: 1 }, { session });
      const id = session.id!.id;
      const listed = await db
        .aggregate([{ $listLocalSessions: {} }, { $match: { '_id.id': id } }])
        .toArray();
      assert.equal(listed.length, 1);
      assert.ok(listed[0]!.lastUse instanceof Date);
      assert.ok(listed[0]!.lastUse.getTime() >= before);
      const first = await db.aggregate([{ $listLocalSessions: {} }, { $limit: 1 }]).toArray();
      assert.equal(first.length, 1);
    } finally {
      await session.endSession();
    }
  });
});
