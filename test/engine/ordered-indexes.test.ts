import assert from 'node:assert/strict';
import type { Collection, Db, Document } from 'mongodb';
import { openTestDatabase, type TestDatabase } from './helpers';

const DOCS = 2000;
const BASE = Date.UTC(2025, 4, 6);
const MINUTE = 60_000;

/** Scan-like documents: 20 assets, one scan a minute, `shadowAt` an unindexed copy of `at`. */
function scans(): Document[] {
  return Array.from({ length: DOCS }, (_, i) => ({
    asset: `a${i % 20}`,
    at: new Date(BASE + i * MINUTE),
    shadowAt: new Date(BASE + i * MINUTE),
    n: i,
  }));
}

type Explained = {
  queryPlanner: { winningPlan: Document };
  executionStats: { nReturned: number; totalDocsExamined: number; totalKeysExamined: number };
};

/** Every stage name in a winning plan, wherever the server nests them. */
function stages(plan: unknown, out: string[] = []): string[] {
  if (Array.isArray(plan)) for (const p of plan) stages(p, out);
  else if (plan && typeof plan === 'object') {
    for (const [k, v] of Object.entries(plan)) {
      if (k === 'stage' && typeof v === 'string') out.push(v);
      else stages(v, out);
    }
  }
  return out;
}

function usesIndex(explained: Explained, name: string): boolean {
  return JSON.stringify(explained.queryPlanner.winningPlan).includes(`"indexName":"${name}"`);
}

/** Ranges, sorts and compound prefixes answered by ordered indexes, checked through the driver and explain. */
describe('engine: ordered indexes', () => {
  let t: TestDatabase;
  let db: Db;
  let c: Collection;

  before(async () => {
    t = await openTestDatabase('fk_engine_ordered_indexes');
    db = t.connection.db as unknown as Db;
    c = db.collection('scans');
    await c.createIndex({ at: 1 });
    await c.createIndex({ asset: 1, at: 1 });
    await c.insertMany(scans());
  });
  after(async () => t.stop());

  const hourRange = { $gte: new Date(BASE + 100 * MINUTE), $lt: new Date(BASE + 160 * MINUTE) };

  it('when a range on an indexed date is queried, then an IXSCAN reads exactly the matching documents', async () => {
    const docs = await c.find({ at: hourRange }).toArray();
    assert.deepEqual(
      docs.map((d) => d.n),
      Array.from({ length: 60 }, (_, i) => 100 + i),
    );
    const explained = (await c.find({ at: hourRange }).explain('executionStats')) as Explained;
    assert.ok(stages(explained.queryPlanner.winningPlan).includes('IXSCAN'));
    assert.equal(explained.executionStats.nReturned, 60);
    assert.equal(explained.executionStats.totalDocsExamined, 60);
    const scanned = await c.find({ shadowAt: hourRange }).toArray();
    assert.deepEqual(
      scanned.map((d) => d.n),
      docs.map((d) => d.n),
    );
  });

  it('when each bound is exclusive or inclusive, then the ends are kept or left out as asked', async () => {
    const at = (i: number) => new Date(BASE + i * MINUTE);
    const ns = async (filter: Document) => (await c.find(filter).toArray()).map((d) => d.n);
    assert.deepEqual(await ns({ at: { $gt: at(10), $lte: at(13) } }), [11, 12, 13]);
    assert.deepEqual(await ns({ at: { $gte: at(10), $lt: at(13) } }), [10, 11, 12]);
    assert.deepEqual(await ns({ at: { $gt: at(DOCS - 3) } }), [DOCS - 2, DOCS - 1]);
    assert.deepEqual(await ns({ at: { $lt: at(2) } }), [0, 1]);
    assert.deepEqual(await ns({ at: { $gt: at(13), $lt: at(10) } }), []);
    assert.deepEqual(await ns({ at: { $in: [at(5), at(3), at(5)] } }), [3, 5]);
  });

  it('when the newest 20 are asked for, then the index is read backward and only 20 documents are examined', async () => {
    const docs = await c.find({}).sort({ at: -1 }).limit(20).toArray();
    assert.deepEqual(
      docs.map((d) => d.n),
      Array.from({ length: 20 }, (_, i) => DOCS - 1 - i),
    );
    const explained = (await c
      .find({})
      .sort({ at: -1 })
      .limit(20)
      .explain('executionStats')) as Explained;
    assert.ok(stages(explained.queryPlanner.winningPlan).includes('IXSCAN'));
    assert.ok(!stages(explained.queryPlanner.winningPlan).includes('SORT'));
    assert.equal(explained.executionStats.nReturned, 20);
    assert.equal(explained.executionStats.totalDocsExamined, 20);
  });

  it('when one asset is filtered in a range and sorted by time, then the compound index answers it with no extra reads', async () => {
    const filter = {
      asset: 'a7',
      at: { $gte: new Date(BASE), $lt: new Date(BASE + 1000 * MINUTE) },
    };
    const docs = await c.find(filter).sort({ at: -1 }).limit(5).toArray();
    assert.deepEqual(
      docs.map((d) => d.n),
      [987, 967, 947, 927, 907],
    );
    const explained = (await c
      .find(filter)
      .sort({ at: -1 })
      .limit(5)
      .explain('executionStats')) as Explained;
    assert.ok(usesIndex(explained, 'asset_1_at_1'));
    assert.equal(explained.executionStats.totalDocsExamined, 5);
    const prefixOnly = (await c.find({ asset: 'a3' }).explain('executionStats')) as Explained;
    assert.ok(usesIndex(prefixOnly, 'asset_1_at_1'));
    assert.equal(prefixOnly.executionStats.nReturned, DOCS / 20);
    assert.equal(prefixOnly.executionStats.totalDocsExamined, DOCS / 20);
  });

  it('when documents in a range are counted, then countDocuments and count agree with a scan of the unindexed copy', async () => {
    assert.equal(await c.countDocuments({ at: hourRange }), 60);
    assert.equal(await c.countDocuments({ shadowAt: hourRange }), 60);
    assert.equal(await c.countDocuments({ asset: { $in: ['a1', 'a2'] }, at: hourRange }), 6);
    const explained = (await db.command({
      explain: { count: 'scans', query: { at: hourRange } },
      verbosity: 'executionStats',
    })) as Explained;
    assert.equal(explained.executionStats.totalDocsExamined, 60);
  });

  it('when an aggregation starts with $match and $sort, then they are read from the index', async () => {
    const pipeline = [
      { $match: { at: hourRange } },
      { $sort: { at: -1 } },
      { $limit: 3 },
      { $project: { _id: 0, n: 1 } },
    ];
    assert.deepEqual(await c.aggregate(pipeline).toArray(), [{ n: 159 }, { n: 158 }, { n: 157 }]);
    const explained = (await c.aggregate(pipeline).explain('executionStats')) as Document;
    const text = JSON.stringify(explained);
    assert.match(text, /"IXSCAN"/);
    assert.doesNotMatch(text, /"COLLSCAN"/);
  });

  it('when a range field holds several types or arrays, then only same-type values match, as a scan finds', async () => {
    const mixed = db.collection('mixed');
    await mixed.createIndex({ v: 1 });
    await mixed.insertMany([
      { k: 1, v: 5 },
      { k: 2, v: '7' },
      { k: 3, v: 12 },
      { k: 4, v: [1, 20] },
      { k: 5, v: null },
      { k: 6 },
      { k: 7, v: new Date(10) },
      { k: 8, v: ['c', 'x'] },
    ]);
    const ks = async (filter: Document, sort: Document = { k: 1 }) =>
      (await mixed.find(filter).sort(sort).toArray()).map((d) => d.k);
    assert.deepEqual(await ks({ v: { $gt: 4 } }), [1, 3, 4]);
    // each condition met by another element of the array
    assert.deepEqual(await ks({ v: { $gt: 10, $lt: 3 } }), [4]);
    assert.deepEqual(await ks({ v: { $gte: '0', $lt: 'd' } }), [2, 8]);
    assert.deepEqual(await ks({ v: { $lt: new Date(20) } }), [7]);
    assert.deepEqual(await ks({ v: null }), [5, 6]);
  });

  it('when a sparse index exists, then a query for missing values still finds the documents without the field', async () => {
    const sparse = db.collection('sparse');
    await sparse.createIndex({ tag: 1 }, { sparse: true });
    await sparse.insertMany([{ k: 1, tag: 'x' }, { k: 2 }, { k: 3, tag: null }]);
    const ks = async (filter: Document) =>
      (await sparse.find(filter).sort({ k: 1 }).toArray()).map((d) => d.k);
    assert.deepEqual(await ks({ tag: null }), [2, 3]);
    assert.deepEqual(await ks({ tag: { $gte: 'a' } }), [1]);
    assert.deepEqual(
      (await sparse.find({}).sort({ tag: 1, k: 1 }).toArray()).map((d) => d.k),
      [2, 3, 1],
    );
  });

  it('when documents change, then ranges and sorts see the new values and not the old ones', async () => {
    const moving = db.collection('moving');
    await moving.createIndex({ score: -1 });
    await moving.insertMany(Array.from({ length: 50 }, (_, i) => ({ k: i, score: i })));
    await moving.updateOne({ k: 3 }, { $set: { score: 1000 } });
    await moving.deleteOne({ k: 49 });
    const top = await moving.find({}).sort({ score: -1 }).limit(3).toArray();
    assert.deepEqual(
      top.map((d) => d.k),
      [3, 48, 47],
    );
    const low = await moving
      .find({ score: { $lte: 4 } })
      .sort({ score: 1 })
      .toArray();
    assert.deepEqual(
      low.map((d) => d.k),
      [0, 1, 2, 4],
    );
  });

  it('when _id ranges and sorts are asked for, then the _id index answers them and follows later writes', async () => {
    const ids = db.collection<{ _id: number; i: number }>('ids');
    await ids.insertMany(Array.from({ length: 30 }, (_, i) => ({ _id: i, i })));
    const newest = (await ids.find({}).sort({ _id: -1 }).limit(3).toArray()).map((d) => d._id);
    assert.deepEqual(newest, [29, 28, 27]);
    const explained = (await ids
      .find({ _id: { $gte: 10, $lt: 15 } })
      .explain('executionStats')) as Explained;
    assert.ok(usesIndex(explained, '_id_'));
    assert.equal(explained.executionStats.totalDocsExamined, 5);
    await ids.insertOne({ _id: 100, i: 100 });
    await ids.deleteOne({ _id: 29 });
    const after = (await ids.find({}).sort({ _id: -1 }).limit(3).toArray()).map((d) => d._id);
    assert.deepEqual(after, [100, 28, 27]);
    const range = (await ids.find({ _id: { $gt: 26 } }).toArray()).map((d) => d._id);
    assert.deepEqual(range, [27, 28, 100]);
  });
});
