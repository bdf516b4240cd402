import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { openTestDatabase, sleep, usingRealMongo, type TestDatabase } from './helpers';

describe('engine: TTL indexes', function () {
  // A real mongod's TTL monitor runs once a minute; the engine sweeps every second.
  this.timeout(usingRealMongo ? 150_000 : 20_000);
  let t: TestDatabase;

  before(async () => {
    t = await openTestDatabase('fk_engine_ttl');
  });
  after(async () => t.stop());

  it('expires documents after expireAfterSeconds', async () => {
    const Token = t.connection.model(
      'Token',
      new mongoose.Schema({ value: String, createdAt: { type: Date, expires: 1 }, keep: Boolean }),
    );
    await Token.init();
    const indexes = await Token.listIndexes();
    assert.ok(indexes.some((i) => i.expireAfterSeconds === 1));
    await Token.create([
      { value: 'old', createdAt: new Date(Date.now() - 10_000) },
      { value: 'fresh', createdAt: new Date(Date.now() + 3_600_000) },
      { value: 'no-date' },
    ]);
    const deadline = Date.now() + (usingRealMongo ? 140_000 : 10_000);
    while (Date.now() < deadline && (await Token.countDocuments({ value: 'old' })) > 0)
      await sleep(250);
    assert.equal(await Token.countDocuments({ value: 'old' }), 0);
    assert.equal(await Token.countDocuments({ value: { $in: ['fresh', 'no-date'] } }), 2);
  });
});
