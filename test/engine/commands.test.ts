import assert from 'node:assert/strict';
import { Long, type Db, type Document } from 'mongodb';

/** Cursor ids arrive as numbers or Longs depending on their size. */
const asLong = (id: unknown) => Long.fromValue(id as Long | number);
import { openTestDatabase, type TestDatabase } from './helpers';

type ServerError = { code?: number; codeName?: string };
const withCode = (code: number) => (err: ServerError) => {
  assert.equal(err.code, code, JSON.stringify(err));
  return true;
};

/** Database and collection commands through the driver, with the answers MongoDB gives. */
describe('engine: database, collection, cursor and index commands', () => {
  let t: TestDatabase;
  let db: Db;

  before(async () => {
    t = await openTestDatabase('fk_engine_commands');
    db = t.connection.db as unknown as Db;
  });
  after(async () => t.stop());
  beforeEach(async () => {
    for (const c of await db.collections()) await c.drop();
  });

  it('when databases are listed with a filter or nameOnly, then only matching names come back; dropDatabase removes one', async () => {
    const other = t.connection.getClient().db('fk_engine_commands_other');
    await other.collection('x').insertOne({ a: 1 });
    await db.collection('y').insertOne({ a: 1 });
    const admin = db.admin();
    const all = await admin.listDatabases();
    assert.ok(all.databases.some((d) => d.name === 'fk_engine_commands_other'));
    assert.ok(all.totalSize !== undefined);
    const filtered = await admin.command({
      listDatabases: 1,
      filter: { name: /^fk_engine_commands/ },
      nameOnly: true,
    });
    assert.deepEqual((filtered.databases as Document[]).map((d) => d.name).sort(), [
      'fk_engine_commands',
      'fk_engine_commands_other',
    ]);
    assert.deepEqual(Object.keys(filtered.databases[0] as Document), ['name']);
    assert.equal(await other.dropDatabase(), true);
    const after = await admin.listDatabases({ nameOnly: true });
    assert.ok(!after.databases.some((d) => d.name === 'fk_engine_commands_other'));
  });

  it('when collections are created, listed and dropped, then the answers match MongoDB', async () => {
    await db.createCollection('a');
    await db.createCollection('b');
    await assert.rejects(db.createCollection('a'), withCode(48));
    const named = await db.listCollections({}, { nameOnly: true }).toArray();
    assert.deepEqual(named.map((c) => c.name).sort(), ['a', 'b']);
    const onlyA = await db.listCollections({ name: 'a' }).toArray();
    assert.equal(onlyA.length, 1);
    assert.equal(onlyA[0]?.type, 'collection');
    assert.equal(await db.collection('a').drop(), true);
    assert.deepEqual(
      (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name),
      ['b'],
    );
  });

  it('when counting and asking for distinct values, then count honours query, skip and limit', async () => {
    const c = db.collection('n');
    await c.insertMany(
      Array.from({ length: 10 }, (_, i) => ({ i, g: i % 3, tags: [`t${i % 2}`] })),
    );
    assert.equal(await c.estimatedDocumentCount(), 10);
    assert.equal((await db.command({ count: 'n', query: { g: 0 } })).n, 4);
    assert.equal((await db.command({ count: 'n', query: {}, skip: 8 })).n, 2);
    assert.equal((await db.command({ count: 'n', query: {}, limit: 3 })).n, 3);
    assert.equal((await db.command({ count: 'missing' })).n, 0);
    assert.deepEqual((await c.distinct('g')).sort(), [0, 1, 2]);
    assert.deepEqual((await c.distinct('tags', { g: 1 })).sort(), ['t0', 't1']);
  });

  it('when a cursor is exhausted, killed or unknown, then getMore answers CursorNotFound (43)', async () => {
    await db.collection('cur').insertMany(Array.from({ length: 7 }, (_, i) => ({ i })));
    const first = await db.command({ find: 'cur', sort: { i: 1 }, batchSize: 3 });
    const id = asLong(first.cursor.id);
    assert.ok(!id.isZero());
    assert.deepEqual(
      (first.cursor.firstBatch as Document[]).map((d) => d.i),
      [0, 1, 2],
    );
    const more = await db.command({ getMore: id, collection: 'cur', batchSize: 3 });
    assert.deepEqual(
      (more.cursor.nextBatch as Document[]).map((d) => d.i),
      [3, 4, 5],
    );
    const killed = await db.command({ killCursors: 'cur', cursors: [id] });
    assert.deepEqual((killed.cursorsKilled as unknown[]).map(asLong), [id]);
    await assert.rejects(db.command({ getMore: id, collection: 'cur' }), withCode(43));
    await assert.rejects(
      db.command({ getMore: Long.fromNumber(987654321), collection: 'cur' }),
      withCode(43),
    );
    const gone = await db.command({ killCursors: 'cur', cursors: [id] });
    assert.deepEqual((gone.cursorsNotFound as unknown[]).map(asLong), [id]);

    const whole = await db.command({ find: 'cur', batchSize: 100 });
    assert.ok(asLong(whole.cursor.id).isZero(), 'a cursor that fits one batch is closed at once');
  });

  it('when deleting with limit 1 or 0, then one or every match goes', async () => {
    const c = db.collection('del');
    await c.insertMany([{ k: 1 }, { k: 1 }, { k: 1 }, { k: 2 }]);
    assert.equal((await c.deleteOne({ k: 1 })).deletedCount, 1);
    assert.equal(await c.countDocuments({ k: 1 }), 2);
    assert.equal((await c.deleteMany({ k: 1 })).deletedCount, 2);
    assert.equal(await c.countDocuments(), 1);
    const raw = await db.command({
      delete: 'del',
      deletes: [
        { q: { k: 2 }, limit: 0 },
        { q: { k: 3 }, limit: 1 },
      ],
    });
    assert.equal(raw.n, 1);
  });

  it('when findAndModify removes with a sort and fields, then the first document in that order comes back projected', async () => {
    const c = db.collection('fam');
    await c.insertMany([
      { k: 'a', n: 1, secret: 1 },
      { k: 'a', n: 3, secret: 3 },
      { k: 'a', n: 2, secret: 2 },
    ]);
    const removed = await c.findOneAndDelete(
      { k: 'a' },
      { sort: { n: -1 }, projection: { _id: 0, n: 1 } },
    );
    assert.deepEqual(removed, { n: 3 });
    const raw = await db.command({
      findAndModify: 'fam',
      query: { k: 'a' },
      sort: { n: 1 },
      update: { $set: { touched: true } },
      new: true,
      fields: { _id: 0, n: 1, touched: 1 },
    });
    assert.deepEqual(raw.value, { n: 1, touched: true });
    assert.equal(raw.lastErrorObject.updatedExisting, true);
    const upserted = await db.command({
      findAndModify: 'fam',
      query: { k: 'z' },
      update: { $set: { n: 9 } },
      upsert: true,
    });
    assert.equal(upserted.value, null, 'without new, an upsert returns null');
    assert.equal(upserted.lastErrorObject.updatedExisting, false);
    assert.ok(upserted.lastErrorObject.upserted);
  });

  it('when indexes are dropped by name, by key or with *, then a dropped unique index is no longer enforced', async () => {
    const c = db.collection('ix');
    await c.createIndex({ a: 1 }, { unique: true });
    await c.createIndex({ b: 1 }, { unique: true, name: 'b_unique' });
    await c.createIndex({ c: 1, d: -1 });
    assert.deepEqual(
      (await c.listIndexes().toArray()).map((i) => i.name),
      ['_id_', 'a_1', 'b_unique', 'c_1_d_-1'],
    );
    await c.insertOne({ a: 1, b: 1 });
    await assert.rejects(c.insertOne({ a: 1, b: 2 }), withCode(11000));

    await c.dropIndex('a_1');
    await c.insertOne({ a: 1, b: 2 }); // a is free now
    await assert.rejects(c.insertOne({ a: 2, b: 2 }), withCode(11000));
    await db.command({ dropIndexes: 'ix', index: { b: 1 } });
    await c.insertOne({ a: 3, b: 2 });
    await assert.rejects(c.dropIndex('nope'), withCode(27));
    await assert.rejects(c.dropIndex('_id_'), withCode(72));

    await c.createIndex({ e: 1 }, { unique: true, sparse: true });
    await c.dropIndexes(); // '*'
    assert.deepEqual(
      (await c.listIndexes().toArray()).map((i) => i.name),
      ['_id_'],
    );
    await c.insertMany([{ e: 1 }, { e: 1 }]);
    await assert.rejects(db.collection('missing').listIndexes().toArray(), withCode(26));
  });

  it('when an equality filter hits an index, then explain shows an IXSCAN that read only the matches', async () => {
    const c = db.collection('plan');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertMany(Array.from({ length: 300 }, (_, i) => ({ email: `p${i}@x.lt`, n: i })));
    const indexed = await c.find({ email: 'p42@x.lt' }).explain('executionStats');
    assert.equal(indexed.executionStats.nReturned, 1);
    assert.equal(indexed.executionStats.totalDocsExamined, 1);
    assert.match(JSON.stringify(indexed.queryPlanner.winningPlan), /"IXSCAN"/);
    const byId = await c.find({ _id: (await c.findOne({ n: 7 }))!._id }).explain('executionStats');
    assert.equal(byId.executionStats.totalDocsExamined, 1);
    const scan = await c.find({ n: 42 }).explain('executionStats');
    assert.equal(scan.executionStats.nReturned, 1);
    assert.equal(scan.executionStats.totalDocsExamined, 300);
    assert.match(JSON.stringify(scan.queryPlanner.winningPlan), /"COLLSCAN"/);
  });
});
