import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { MongoClient, ObjectId } from 'mongodb';
import mongoose from 'mongoose';
import { startDatabase } from '../../src/lib/database';
import { silentLogger, usingRealMongo } from './helpers';

const repoRoot = path.resolve(__dirname, '../..');

/** Runs `npm run db`'s script in a child process and resolves with its URI once it listens. */
function spawnEngine(
  dbPath: string,
  extraArgs: string[] = [],
): Promise<{ child: ChildProcess; uri: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/db.ts',
      '--port',
      '0',
      '--dbpath',
      dbPath,
      '--log-level',
      'info',
      ...extraArgs,
    ],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('engine child did not start')), 15_000);
    child.once('exit', (code) => reject(new Error(`engine child exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const uri = (JSON.parse(line) as { uri?: string }).uri;
      if (!uri) return;
      clearTimeout(timer);
      resolve({ child, uri });
    });
  });
}

(usingRealMongo ? describe.skip : describe)('engine: durability', function () {
  this.timeout(40_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-engine-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function withDatabase<T>(fn: (conn: mongoose.Connection) => Promise<T>): Promise<T> {
    const database = await startDatabase({
      dbPath: dir,
      logger: silentLogger,
      dbName: 'fk_engine_durable',
    });
    assert.equal(database.mode, 'embedded');
    const conn = await mongoose.createConnection(database.uri).asPromise();
    try {
      return await fn(conn);
    } finally {
      await conn.close();
      await database.stop();
    }
  }

  it('when indexes are rebuilt at start-up, then lookups, ranges and sorts answer as before the restart, for every value type', async () => {
    const values: unknown[] = [
      'b',
      'a',
      'žalias',
      '',
      1,
      -2.5,
      2 ** 40,
      0,
      true,
      false,
      null,
      new Date(Date.UTC(2025, 4, 6, 10)),
      new Date(-86_400_000),
      new ObjectId('65f000000000000000000001'),
      new ObjectId('65f000000000000000000000'),
      [3, 'c'],
      { nested: 1 },
    ];
    const docs = values.flatMap((v, i) => [
      { _id: i * 2, v, g: i % 3 },
      { _id: i * 2 + 1, v, g: (i + 1) % 3 },
    ]);
    docs.push({ _id: 1000, g: 1 } as never); // v missing
    const answers = async (conn: mongoose.Connection) => {
      const c = conn.db!.collection('typed');
      const out: unknown[] = [];
      for (const v of values) out.push(await c.find({ v }).sort({ _id: 1 }).toArray());
      out.push(await c.find({}).sort({ v: 1, _id: 1 }).toArray());
      out.push(await c.find({ g: 1 }).sort({ v: -1 }).toArray());
      out.push(
        await c
          .find({ v: { $gte: 'a', $lt: 'z' } })
          .sort({ _id: 1 })
          .toArray(),
      );
      out.push(await c.find({ v: { $gt: new Date(0) } }).toArray());
      out.push(await c.countDocuments({ v: { $lte: 2 ** 40 } }));
      return JSON.stringify(out);
    };
    let before = '';
    await withDatabase(async (conn) => {
      const c = conn.db!.collection('typed');
      await c.createIndex({ v: 1 });
      await c.createIndex({ g: 1, v: -1 });
      await c.insertMany(docs as never[]);
      before = await answers(conn);
    });
    await withDatabase(async (conn) => {
      assert.equal(await answers(conn), before);
    });
  });

  it('keeps a validator set with collMod across restarts (journal, then snapshot)', async () => {
    const refusesNumbers = async (conn: mongoose.Connection) => {
      const c = conn.db!.collection('checked');
      await assert.rejects(c.insertOne({ x: 1 }), (err: { code?: number }) => err.code === 121);
      await c.insertOne({ x: 'text' });
    };
    await withDatabase(async (conn) => {
      await conn.db!.createCollection('checked');
      await conn.db!.command({ collMod: 'checked', validator: { x: { $type: 'string' } } });
      await refusesNumbers(conn);
    });
    await withDatabase(refusesNumbers);
    await withDatabase(async (conn) => {
      await refusesNumbers(conn);
      assert.equal(await conn.db!.collection('checked').countDocuments(), 3);
    });
  });

  it('keeps every acknowledged write, indexes included, across restarts', async () => {
    const schema = new mongoose.Schema({ email: { type: String, unique: true }, n: Number });
    await withDatabase(async (conn) => {
      const User = conn.model('User', schema);
      await User.init();
      await User.insertMany(Array.from({ length: 50 }, (_, i) => ({ email: `u${i}@x.lt`, n: i })));
      await User.updateOne({ email: 'u1@x.lt' }, { $set: { n: 100 } });
      await User.deleteOne({ email: 'u2@x.lt' });
    });
    await withDatabase(async (conn) => {
      const User = conn.model('User', schema);
      assert.equal(await User.countDocuments(), 49);
      assert.equal((await User.findOne({ email: 'u1@x.lt' }).lean())?.n, 100);
      await assert.rejects(
        User.create({ email: 'u3@x.lt' }),
        (err: { code?: number }) => err.code === 11000,
      );
      await User.create({ email: 'after-restart@x.lt', n: -1 });
    });
    await withDatabase(async (conn) => {
      const User = conn.model('User', schema);
      assert.equal(await User.countDocuments(), 50);
      assert.equal((await User.findOne({ email: 'after-restart@x.lt' }).lean())?.n, -1);
    });
  });

  it('recovers after kill -9 with a torn journal tail, and refuses a second process on the same dbPath', async () => {
    // First a clean run, so the directory holds a snapshot as well as a journal afterwards.
    await withDatabase(async (conn) => {
      await conn
        .db!.collection('events')
        .insertOne({ _id: 'before' as unknown as never, phase: 0 });
    });

    const { child, uri } = await spawnEngine(dir);
    const client = await MongoClient.connect(`${uri}/fk_engine_durable`);
    const events = client.db().collection('events');
    for (let i = 0; i < 20; i++) await events.insertOne({ _id: `e${i}` as unknown as never, i });
    await events.updateOne({ _id: 'e0' as unknown as never }, { $set: { touched: true } });
    await events.deleteOne({ _id: 'e1' as unknown as never });
    const session = client.startSession();
    await session.withTransaction(async () => {
      await events.insertOne({ _id: 'txn' as unknown as never }, { session });
      await events.updateOne(
        { _id: 'e2' as unknown as never },
        { $set: { inTxn: true } },
        { session },
      );
    });
    await session.endSession();

    // While the child holds the directory, another engine must refuse it.
    await assert.rejects(startDatabase({ dbPath: dir, logger: silentLogger }), /in use/);

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await client.close(true).catch(() => undefined);

    // A torn last record: half a frame header plus garbage after the last acknowledged write.
    const journal = path.join(dir, 'journal.fkj');
    assert.ok(fs.statSync(journal).size > 0, 'the killed process left a journal');
    fs.appendFileSync(
      journal,
      Buffer.from([0x40, 0x00, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03]),
    );

    await withDatabase(async (conn) => {
      const coll = conn.db!.collection('events');
      assert.ok(await coll.findOne({ _id: 'before' as unknown as never }));
      assert.equal(await coll.countDocuments({ i: { $exists: true } }), 19);
      assert.equal((await coll.findOne({ _id: 'e0' as unknown as never }))?.touched, true);
      assert.equal(await coll.findOne({ _id: 'e1' as unknown as never }), null);
      assert.ok(await coll.findOne({ _id: 'txn' as unknown as never }));
      assert.equal((await coll.findOne({ _id: 'e2' as unknown as never }))?.inTxn, true);
      await coll.insertOne({ _id: 'after' as unknown as never });
    });

    // A corrupt last record (bit rot in its payload) is detected by its CRC and skipped; start does not fail.
    const second = await spawnEngine(dir);
    const client2 = await MongoClient.connect(`${second.uri}/fk_engine_durable`);
    await client2
      .db()
      .collection('events')
      .insertOne({ _id: 'x1' as unknown as never });
    await client2
      .db()
      .collection('events')
      .insertOne({ _id: 'x2' as unknown as never });
    const exited2 = new Promise((resolve) => second.child.once('exit', resolve));
    second.child.kill('SIGKILL');
    await exited2;
    await client2.close(true).catch(() => undefined);
    const size = fs.statSync(journal).size;
    const fd = fs.openSync(journal, 'r+');
    fs.writeSync(fd, Buffer.from([0xff]), 0, 1, size - 3);
    fs.closeSync(fd);
    await withDatabase(async (conn) => {
      const coll = conn.db!.collection('events');
      assert.ok(await coll.findOne({ _id: 'x1' as unknown as never }));
      assert.equal(await coll.findOne({ _id: 'x2' as unknown as never }), null);
      assert.ok(await coll.findOne({ _id: 'after' as unknown as never }));
    });
  });

  it('when one byte in the middle of the journal is corrupted, then the engine refuses to start, keeps the file, and --repair salvages every intact write', async () => {
    const { child, uri } = await spawnEngine(dir);
    const client = await MongoClient.connect(`${uri}/fk_engine_durable`);
    const scans = client.db().collection('scans');
    for (let i = 0; i < 1000; i++) await scans.insertOne({ _id: i as unknown as never, i });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await client.close(true).catch(() => undefined);

    const journal = path.join(dir, 'journal.fkj');
    const original = fs.readFileSync(journal);
    const damaged = Buffer.from(original);
    const middle = Math.floor(damaged.length / 2);
    damaged[middle] = (damaged[middle] as number) ^ 0xff;
    fs.writeFileSync(journal, damaged);

    const refused = await runToExit(dir, []);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /journal .*journal\.fkj is damaged in the middle/);
    assert.match(
      refused.stderr,
      /1 acknowledged write command\(s\) \(journal seq \d+–\d+\) are lost/,
    );
    assert.match(refused.stderr, /\d+ intact record\(s\) after the damage can be salvaged/);
    assert.match(refused.stderr, /--repair/);
    assert.deepEqual(fs.readFileSync(journal), damaged, 'the damaged journal is left as it was');

    const repaired = await spawnEngine(dir, ['--repair']);
    const client2 = await MongoClient.connect(`${repaired.uri}/fk_engine_durable`);
    const ids = (await client2.db().collection('scans').find({}).sort({ _id: 1 }).toArray()).map(
      (d) => d._id as unknown as number,
    );
    const missing = Array.from({ length: 1000 }, (_, i) => i).filter((i) => !ids.includes(i));
    assert.equal(ids.length, 999);
    assert.equal(missing.length, 1);
    assert.ok(
      missing[0]! > 0 && missing[0]! < 999,
      'the lost write is the damaged one in the middle',
    );
    await client2.close();
    const stopped = new Promise((resolve) => repaired.child.once('exit', resolve));
    repaired.child.kill('SIGTERM');
    await stopped;

    const kept = fs.readdirSync(dir).filter((f) => f.startsWith('journal.fkj.damaged-'));
    assert.equal(kept.length, 1);
    assert.deepEqual(fs.readFileSync(path.join(dir, kept[0]!)), damaged);

    // The repaired directory is clean: a plain start works and finds the same documents.
    await withDatabase(async (conn) => {
      assert.equal(await conn.db!.collection('scans').countDocuments(), 999);
    });
  });

  it('when a snapshot is damaged, then the engine refuses to start unless repair is asked for; a leftover temporary snapshot is removed', async () => {
    await withDatabase(async (conn) => {
      const coll = conn.db!.collection('notes');
      await coll.insertMany(Array.from({ length: 30 }, (_, i) => ({ i })));
    });
    const snapshot = path.join(dir, 'snapshot.fkdb');
    const bytes = fs.readFileSync(snapshot);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] as number) ^ 0xff;
    fs.writeFileSync(snapshot, bytes);
    fs.writeFileSync(path.join(dir, 'snapshot.fkdb.tmp'), 'half a snapshot');
    await assert.rejects(
      startDatabase({ dbPath: dir, logger: silentLogger }),
      /snapshot .* is damaged: .* the documents stored there are lost.*DB_REPAIR=true/s,
    );
    const database = await startDatabase({ dbPath: dir, logger: silentLogger, repair: true });
    await database.stop();
    assert.ok(!fs.existsSync(path.join(dir, 'snapshot.fkdb.tmp')));
    assert.equal(
      fs.readdirSync(dir).filter((f) => f.startsWith('snapshot.fkdb.damaged-')).length,
      1,
    );
  });
});

/** Runs `npm run db`'s script to its exit (it is expected to refuse to start). */
function runToExit(
  dbPath: string,
  extraArgs: string[],
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/db.ts', '--port', '0', '--dbpath', dbPath, ...extraArgs],
    { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}
