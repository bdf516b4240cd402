import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { openTestDatabase, type TestDatabase } from './helpers';

describe('engine: aggregation', () => {
  let t: TestDatabase;
  let Order: mongoose.Model<{ customer: string; amount: number; items: string[]; at: Date }>;
  let Customer: mongoose.Model<{ code: string; city: string }>;

  before(async () => {
    t = await openTestDatabase('fk_engine_aggregate');
    Order = t.connection.model(
      'Order',
      new mongoose.Schema<{ customer: string; amount: number; items: string[]; at: Date }>({
        customer: String,
        amount: Number,
        items: [String],
        at: Date,
      }),
    );
    Customer = t.connection.model(
      'Customer',
      new mongoose.Schema<{ code: string; city: string }>({ code: String, city: String }),
    );
    await Customer.insertMany([
      { code: 'c1', city: 'Vilnius' },
      { code: 'c2', city: 'Kaunas' },
    ]);
    await Order.insertMany([
      { customer: 'c1', amount: 10, items: ['a', 'b'], at: new Date('2025-03-01T22:30:00Z') },
      { customer: 'c1', amount: 20, items: ['b'], at: new Date('2025-03-02T10:00:00Z') },
      { customer: 'c2', amount: 5, items: [], at: new Date('2025-04-10T12:00:00Z') },
    ]);
  });
  after(async () => t.stop());

  it('$match $group $sort $project $addFields', async () => {
    const rows = await Order.aggregate<{ _id: string; total: number; count: number; big: boolean }>(
      [
        { $match: { amount: { $gte: 5 } } },
        { $group: { _id: '$customer', total: { $sum: '$amount' }, count: { $sum: 1 } } },
        { $addFields: { big: { $gt: ['$total', 10] } } },
        { $sort: { total: -1 } },
        { $project: { total: 1, count: 1, big: 1 } },
      ],
    );
    assert.deepEqual(rows, [
      { _id: 'c1', total: 30, count: 2, big: true },
      { _id: 'c2', total: 5, count: 1, big: false },
    ]);
  });

  it('$unwind $count $limit $skip $facet', async () => {
    const unwound = await Order.aggregate([{ $unwind: '$items' }, { $count: 'n' }]);
    assert.deepEqual(unwound, [{ n: 3 }]);
    const page = await Order.aggregate([
      { $sort: { amount: 1 } },
      { $skip: 1 },
      { $limit: 1 },
      { $project: { _id: 0, amount: 1 } },
    ]);
    assert.deepEqual(page, [{ amount: 10 }]);
    const [facets] = await Order.aggregate([
      {
        $facet: {
          total: [{ $count: 'n' }],
          top: [{ $sort: { amount: -1 } }, { $limit: 1 }, { $project: { _id: 0, amount: 1 } }],
        },
      },
    ]);
    assert.deepEqual(facets, { total: [{ n: 3 }], top: [{ amount: 20 }] });
  });

  it('$lookup sees other collections of the same database', async () => {
    const rows = await Order.aggregate([
      { $match: { amount: 20 } },
      { $lookup: { from: 'customers', localField: 'customer', foreignField: 'code', as: 'who' } },
      { $unwind: '$who' },
      { $project: { _id: 0, city: '$who.city' } },
    ]);
    assert.deepEqual(rows, [{ city: 'Vilnius' }]);
  });

  it('date operators, with time zones', async () => {
    const rows = await Order.aggregate([
      { $sort: { at: 1 } },
      {
        $project: {
          _id: 0,
          y: { $year: '$at' },
          m: { $month: '$at' },
          local: { $dateToString: { date: '$at', format: '%Y-%m-%d', timezone: 'Europe/Vilnius' } },
        },
      },
      { $limit: 1 },
    ]);
    assert.deepEqual(rows, [{ y: 2025, m: 3, local: '2025-03-02' }]);
  });

  it('leaves stored documents untouched by pipeline stages', async () => {
    await Order.aggregate([{ $addFields: { amount: 0, 'extra.x': 1 } }, { $unset: 'items' }]);
    const amounts = (await Order.find().sort({ amount: 1 }).lean()).map((o) => o.amount);
    assert.deepEqual(amounts, [5, 10, 20]);
    assert.equal((await Order.findOne({ amount: 10 }).lean())?.items.length, 2);
  });
});
