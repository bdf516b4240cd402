import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import mongoose from 'mongoose';
import pino from 'pino';
import { startDatabase, type RunningDatabase } from '../../src/lib/database';

type LogLine = { level: number; msg: string; mode?: string; uri?: string };

/** A logger whose lines land in an array, to check what startDatabase says. */
function capturingLogger(): { logger: pino.Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

const choiceLines = (lines: LogLine[]) => lines.filter((l) => l.level === 30 && l.mode);
const noMongod = async () => undefined;

/**
 * startDatabase's choice. A real mongod is never needed here: "a server given
 * by URI" is an embedded engine started first, and "no mongod on this machine"
 * is a lookup that finds none.
 */
describe('engine: choosing the database', () => {
  const started: RunningDatabase[] = [];
  afterEach(async () => {
    for (const db of started.splice(0).reverse()) await db.stop();
  });

  it('when nothing else is available, then the embedded engine runs in memory and one line says so', async () => {
    const { logger, lines } = capturingLogger();
    const db = await startDatabase({ logger, locateMongod: noMongod, dbName: 'fk_modes' });
    started.push(db);
    assert.equal(db.mode, 'embedded');
    assert.match(db.uri, /^mongodb:\/\/127\.0\.0\.1:\d+\/fk_modes$/);
    const choice = choiceLines(lines);
    assert.equal(choice.length, 1, JSON.stringify(lines));
    assert.equal(choice[0]?.mode, 'embedded');
    assert.match(choice[0]!.msg, /embedded engine .* \(in memory\)/);
    const conn = await mongoose.createConnection(db.uri).asPromise();
    assert.equal((await conn.db!.admin().ping()).ok, 1);
    await conn.close();
  });

  it('when a URI is given, then that server is used as it is, even if a mongod binary is configured', async () => {
    const server = await startDatabase({
      logger: pino({ level: 'silent' }),
      locateMongod: noMongod,
      dbName: 'fk_modes_external',
    });
    started.push(server);
    const seed = await mongoose.createConnection(server.uri).asPromise();
    await seed.db!.collection('marker').insertOne({ here: true });
    await seed.close();

    const { logger, lines } = capturingLogger();
    const withCredentials = server.uri.replace('mongodb://', 'mongodb://user:s3cret@');
    const db = await startDatabase({
      uri: withCredentials,
      systemBinary: '/nonexistent/mongod',
      logger,
    });
    started.push(db);
    assert.equal(db.mode, 'external');
    assert.equal(db.uri, withCredentials, 'the database name already in the URI is kept');
    const choice = choiceLines(lines);
    assert.equal(lines.length, 1, JSON.stringify(lines));
    assert.equal(choice[0]?.mode, 'external');
    assert.ok(!JSON.stringify(lines).includes('s3cret'), 'the password is not logged');

    const conn = await mongoose.createConnection(server.uri).asPromise();
    assert.ok(await conn.db!.collection('marker').findOne({ here: true }), 'same server');
    await conn.close();
  });

  it('when the configured mongod binary is missing or is not mongod, then it falls back to the embedded engine', async () => {
    for (const systemBinary of ['/nonexistent/mongod', '/bin/false']) {
      const { logger, lines } = capturingLogger();
      // mongodb-memory-server also prints its own failure to the console; keep the test output clean.
      const consoleWarn = console.warn;
      console.warn = () => undefined;
      const db = await startDatabase({ logger, systemBinary, locateMongod: noMongod }).finally(
        () => (console.warn = consoleWarn),
      );
      started.push(db);
      assert.equal(db.mode, 'embedded', systemBinary);
      assert.equal(choiceLines(lines).length, 1);
      assert.ok(
        lines.some((l) => l.level === 40),
        `a warning says why ${systemBinary} was not used`,
      );
    }
  });

  it('when the engine is given a thread of its own, then it answers while the calling thread is blocked, and keeps its data across a stop', async function () {
    this.timeout(30_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-engine-thread-'));
    try {
      const { logger, lines } = capturingLogger();
      const db = await startDatabase({
        logger,
        locateMongod: noMongod,
        dbName: 'fk_thread',
        dbPath: dir,
        engineThread: { logLevel: 'silent' },
      });
      assert.equal(db.mode, 'embedded');
      assert.match(choiceLines(lines)[0]!.msg, /in its own thread/);
      const conn = await mongoose.createConnection(db.uri).asPromise();
      await conn.db!.collection('notes').insertOne({ text: 'kept' });
      await conn.close();

      // A client in another thread asks while this thread is blocked in Atomics.wait:
      // only an engine outside this thread can answer it.
      const signal = new Int32Array(new SharedArrayBuffer(4));
      const client = new Worker(
        `const { workerData } = require('node:worker_threads');
         const { MongoClient } = require(${JSON.stringify(require.resolve('mongodb'))});
         (async () => {
           const c = await MongoClient.connect(workerData.uri);
           await c.db().collection('notes').findOne({ text: 'kept' });
           Atomics.store(workerData.signal, 0, 1);
           Atomics.notify(workerData.signal, 0);
           await c.close();
         })();`,
        { eval: true, workerData: { uri: db.uri, signal } },
      );
      const answered = Atomics.wait(signal, 0, 0, 15_000);
      await new Promise((resolve) => client.once('exit', resolve));
      assert.equal(answered, 'ok', 'the engine answered while this thread was blocked');
      await db.stop();

      const again = await startDatabase({
        logger: pino({ level: 'silent' }),
        locateMongod: noMongod,
        dbName: 'fk_thread',
        dbPath: dir,
      });
      started.push(again);
      const conn2 = await mongoose.createConnection(again.uri).asPromise();
      assert.equal((await conn2.db!.collection('notes').findOne({}))?.text, 'kept');
      await conn2.close();
    } finally {
      for (const db of started.splice(0).reverse()) await db.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("when the engine thread cannot open its data directory, then the start fails with the engine's own message", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-engine-thread-'));
    try {
      fs.writeFileSync(path.join(dir, 'forumkit-engine.lock'), String(process.pid));
      await assert.rejects(
        startDatabase({
          logger: pino({ level: 'silent' }),
          locateMongod: noMongod,
          dbPath: dir,
          engineThread: { logLevel: 'silent' },
        }),
        /database directory .* is (in use|already open)/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
