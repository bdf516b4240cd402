import assert from 'node:assert/strict';
import mongoose from 'mongoose';

type Document = mongoose.mongo.Document;
type Collection<T extends Document> = mongoose.mongo.Collection<T>;
import { openTestDatabase, type TestDatabase } from './helpers';

/** Update operators through the driver (mongoose would cast some of them away). */
describe('engine: update operators', () => {
  let t: TestDatabase;
  let coll: Collection<Document>;

  before(async () => {
    t = await openTestDatabase('fk_engine_update');
    coll = t.connection.db!.collection<Document>('docs');
  });
  after(async () => t.stop());
  beforeEach(async () => {
    await coll.deleteMany({});
    await coll.insertOne({
      _id: 1 as unknown as never,
      name: 'a',
      n: 5,
      tags: ['x', 'y'],
      scores: [3, 8, 1],
      items: [
        { sku: 'p', qty: 1 },
        { sku: 'q', qty: 5 },
        { sku: 'r', qty: 9 },
      ],
      sub: { k: 1 },
    });
  });

  async function apply(update: Document, options: Document = {}): Promise<Document> {
    await coll.updateOne({ _id: 1 as unknown as never }, update, options);
    return (await coll.findOne({ _id: 1 as unknown as never })) as Document;
  }

  it('$set / $unset / $inc / $mul / $min / $max / $rename', async () => {
    assert.equal((await apply({ $set: { 'sub.k': 2, added: true } })).sub.k, 2);
    assert.equal((await apply({ $unset: { added: '' } })).added, undefined);
    assert.equal((await apply({ $inc: { n: 3 } })).n, 8);
    assert.equal((await apply({ $inc: { fresh: 2 } })).fresh, 2);
    assert.equal((await apply({ $mul: { n: 2 } })).n, 16);
    assert.equal((await apply({ $min: { n: 4 } })).n, 4);
    assert.equal((await apply({ $min: { n: 10 } })).n, 4);
    assert.equal((await apply({ $max: { n: 12 } })).n, 12);
    const renamed = await apply({ $rename: { name: 'title' } });
    assert.equal(renamed.title, 'a');
    assert.equal(renamed.name, undefined);
  });

  it('when operators touch the same path or a parent path, then the update is refused with code 40', async () => {
    for (const update of [
      { $set: { n: 1 }, $inc: { n: 1 } },
      { $set: { sub: {} }, $unset: { 'sub.k': '' } },
      { $set: { title: 'x' }, $rename: { name: 'title' } },
      { $set: { sub: 1, 'sub.k': 2 } },
    ]) {
      await assert.rejects(
        coll.updateOne({ _id: 1 as unknown as never }, update),
        (err: { code?: number }) => err.code === 40,
        JSON.stringify(update),
      );
    }
    await assert.rejects(
      coll.updateOne({ _id: 1 as unknown as never }, { $set: { _id: 2 } }),
      (err: { code?: number }) => err.code === 66,
    );
    const unchanged = await coll.updateOne(
      { _id: 1 as unknown as never },
      { $set: { name: 'a' }, $inc: { n: 0 }, $max: { 'sub.k': 0 } },
    );
    assert.equal(unchanged.matchedCount, 1);
    assert.equal(unchanged.modifiedCount, 0);
    const both = await apply({ $set: { 'sub.j': 1 }, $inc: { 'sub.k': 1, n: -1 } });
    assert.deepEqual(both.sub, { k: 2, j: 1 });
    assert.equal(both.n, 4);
  });

  it('$push / $pull / $addToSet / $pop, with modifiers', async () => {
    assert.deepEqual((await apply({ $push: { tags: 'z' } })).tags, ['x', 'y', 'z']);
    assert.deepEqual(
      (await apply({ $push: { scores: { $each: [5, 7], $sort: -1, $slice: 3 } } })).scores,
      [8, 7, 5],
    );
    assert.deepEqual((await apply({ $pull: { tags: 'y' } })).tags, ['x', 'z']);
    assert.deepEqual((await apply({ $pull: { items: { qty: { $gte: 5 } } } })).items, [
      { sku: 'p', qty: 1 },
    ]);
    assert.deepEqual((await apply({ $addToSet: { tags: 'x' } })).tags, ['x', 'z']);
    assert.deepEqual((await apply({ $addToSet: { tags: { $each: ['z', 'w'] } } })).tags, [
      'x',
      'z',
      'w',
    ]);
    assert.deepEqual((await apply({ $pop: { tags: 1 } })).tags, ['x', 'z']);
    assert.deepEqual((await apply({ $pop: { tags: -1 } })).tags, ['z']);
    assert.deepEqual((await apply({ $pullAll: { scores: [8, 5] } })).scores, [7]);
  });

  it('$currentDate and $setOnInsert', async () => {
    const before = Date.now();
    const doc = await apply({ $currentDate: { touched: true } });
    assert.ok(doc.touched instanceof Date);
    assert.ok(doc.touched.getTime() >= before - 1000);

    assert.equal(
      (await apply({ $setOnInsert: { created: 1 }, $set: { n: 1 } }, { upsert: true })).created,
      undefined,
    );
    await coll.updateOne(
      { _id: 2 as unknown as never },
      { $setOnInsert: { created: 1 }, $set: { n: 2 } },
      { upsert: true },
    );
    const inserted = await coll.findOne({ _id: 2 as unknown as never });
    assert.equal(inserted?.created, 1);
    assert.equal(inserted?.n, 2);
  });

  it('positional $ and $[elem] with arrayFilters, and $[]', async () => {
    await coll.updateOne(
      { _id: 1 as unknown as never, 'items.sku': 'q' },
      { $inc: { 'items.$.qty': 10 } },
    );
    let doc = (await coll.findOne({ _id: 1 as unknown as never })) as Document;
    assert.deepEqual(
      doc.items.map((i: Document) => i.qty),
      [1, 15, 9],
    );

    await coll.updateOne(
      { _id: 1 as unknown as never },
      { $set: { 'items.$[big].flag': true } },
      { arrayFilters: [{ 'big.qty': { $gt: 5 } }] },
    );
    doc = (await coll.findOne({ _id: 1 as unknown as never })) as Document;
    assert.deepEqual(
      doc.items.map((i: Document) => i.flag ?? false),
      [false, true, true],
    );

    await coll.updateOne({ _id: 1 as unknown as never }, { $mul: { 'scores.$[]': 10 } });
    doc = (await coll.findOne({ _id: 1 as unknown as never })) as Document;
    assert.deepEqual(doc.scores, [30, 80, 10]);
  });

  it('update pipelines and replacement; _id is immutable', async () => {
    await coll.updateOne({ _id: 1 as unknown as never }, [
      { $set: { doubled: { $multiply: ['$n', 2] } } },
    ]);
    assert.equal((await coll.findOne({ _id: 1 as unknown as never }))?.doubled, 10);

    await coll.replaceOne({ _id: 1 as unknown as never }, { only: 'this' });
    assert.deepEqual(await coll.findOne({ _id: 1 as unknown as never }), { _id: 1, only: 'this' });

    await assert.rejects(
      coll.updateOne({ _id: 1 as unknown as never }, { $set: { _id: 99 } }),
      (err: { code?: number }) => err.code === 66,
    );
  });

  it('updateMany counts matched and modified documents', async () => {
    await coll.insertMany([{ g: 1 }, { g: 1 }, { g: 2, done: true }] as Document[]);
    const res = await coll.updateMany({ g: { $exists: true } }, { $set: { done: true } });
    assert.equal(res.matchedCount, 3);
    assert.equal(res.modifiedCount, 2);
  });
});

/** The update documents mongoose itself builds for the app's models: save() of arrays, timestamps, upserts. */
describe('engine: updates as mongoose writes them', () => {
  let t: TestDatabase;
  type Card = {
    code: string;
    tags: mongoose.Types.Array<string>;
    attempts: number;
    lastAt?: Date;
    createdAt?: Date;
  };
  let Card: mongoose.Model<Card>;

  before(async () => {
    t = await openTestDatabase('fk_engine_update_mongoose');
    Card = t.connection.model(
      'Card',
      new mongoose.Schema<Card>(
        { code: { type: String, unique: true }, tags: [String], attempts: Number, lastAt: Date },
        { timestamps: true },
      ),
    );
    await Card.init();
  });
  after(async () => t.stop());

  it('when a document is saved after array and field changes, then $push/$pullAll/$set/$unset and the version bump apply', async () => {
    const card = await Card.create({ code: 'c', tags: ['a', 'b', 'c'], attempts: 0 });
    card.tags.push('d', 'e'); // $push with $each, $inc __v
    await card.save();
    card.tags.pull('a', 'b'); // $pullAll, $inc __v
    card.attempts = 2; // $set
    card.lastAt = undefined; // $unset
    await card.save();
    const stored = await Card.findById(card._id).lean();
    assert.deepEqual(stored?.tags, ['c', 'd', 'e']);
    assert.equal(stored?.attempts, 2);
    assert.equal('lastAt' in (stored ?? {}), false);
    assert.equal((stored as { __v?: number } | null)?.__v, 2);
  });

  it('when findOneAndUpdate upserts with timestamps and $inc, then createdAt is set on insert only', async () => {
    const first = await Card.findOneAndUpdate(
      { code: 'u' },
      { $inc: { attempts: 1 }, $set: { lastAt: new Date() } },
      { upsert: true, new: true },
    ).lean();
    assert.equal(first?.attempts, 1);
    assert.ok(first?.createdAt instanceof Date);
    const second = await Card.findOneAndUpdate(
      { code: 'u' },
      { $inc: { attempts: 1 }, $max: { lastAt: new Date(0) }, $addToSet: { tags: 'x' } },
      { new: true },
    ).lean();
    assert.equal(second?.attempts, 2);
    assert.equal(second?.createdAt?.getTime(), first?.createdAt?.getTime());
    assert.equal(second?.lastAt?.getTime(), first?.lastAt?.getTime(), '$max kept the later date');
    assert.deepEqual(second?.tags, ['x']);
  });
});
