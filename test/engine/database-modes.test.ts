import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
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
});
