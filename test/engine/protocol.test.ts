import assert from 'node:assert/strict';
import net from 'node:net';
import { Writable } from 'node:stream';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import pino from 'pino';
import { startDatabase, type RunningDatabase } from '../../src/lib/database';
import { hostPort, openTestDatabase, usingRealMongo, type TestDatabase } from './helpers';

/** Opens a raw socket, sends `bytes` (then optionally ends it) and resolves once the server closes it. */
function serverCloses(
  uri: string,
  bytes: Buffer,
  options: { endAfterWrite?: boolean } = {},
): Promise<boolean> {
  const { host, port } = hostPort(uri);
  return new Promise((resolve) => {
    const socket = net.connect(port, host, () => {
      socket.write(bytes);
      if (options.endAfterWrite) socket.end();
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, 5000);
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function header(length: number, opCode = 2013): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(1, 4);
  h.writeInt32LE(opCode, 12);
  return h;
}

describe('engine: protocol errors', () => {
  let t: TestDatabase;
  let Thing: mongoose.Model<{ v: number }>;

  before(async () => {
    t = await openTestDatabase('fk_engine_protocol');
    Thing = t.connection.model('Thing', new mongoose.Schema<{ v: number }>({ v: Number }));
  });
  after(async () => t.stop());

  async function stillServes(): Promise<void> {
    await Thing.create({ v: 1 });
    assert.ok((await Thing.countDocuments()) >= 1);
  }

  it('answers an unknown command with CommandNotFound (59)', async () => {
    await assert.rejects(
      t.connection.db!.command({ definitelyNotACommand: 1 }),
      (err: { code?: number; codeName?: string }) => {
        assert.equal(err.code, 59);
        assert.equal(err.codeName, 'CommandNotFound');
        return true;
      },
    );
  });

  it('closes a connection that sends a malformed message and keeps serving others', async () => {
    const garbage = Buffer.alloc(32, 0xab);
    header(32).copy(garbage); // plausible length and opcode, nonsense body
    assert.ok(await serverCloses(t.database.uri, garbage), 'the server closed the connection');
    await stillServes();
  });

  for (const [what, bytes] of [
    ['a negative message length', header(-5)],
    ['a message length below the header size', header(4)],
    ['a message length of 2 GiB', header(0x7fffffff)],
    ['an unknown opcode', Buffer.concat([header(21, 9999), Buffer.alloc(5)])],
  ] as const) {
    it(`when a client sends ${what}, then its connection is closed at once and others are served`, async () => {
      assert.ok(await serverCloses(t.database.uri, bytes));
      await stillServes();
    });
  }

  it('when a client sends half a message and hangs up, then the server goes on serving', async () => {
    const cut = Buffer.concat([header(1000), Buffer.alloc(100, 1)]);
    assert.ok(await serverCloses(t.database.uri, cut, { endAfterWrite: true }));
    await stillServes();
  });

  it('when many clients work at once, then every one gets its answers', async () => {
    const clients = await Promise.all(
      Array.from({ length: 8 }, () => MongoClient.connect(t.database.uri, { maxPoolSize: 4 })),
    );
    try {
      await Promise.all(
        clients.map(async (client, c) => {
          const coll = client.db().collection('parallel');
          await Promise.all(
            Array.from({ length: 25 }, (_, i) => coll.insertOne({ c, i, at: new Date() })),
          );
          assert.equal(await coll.countDocuments({ c }), 25);
        }),
      );
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });

  it('when a reply would exceed 16 MiB, then the command fails with an error and the server goes on', async () => {
    const coll = t.connection.db!.collection('huge');
    const chunk = 'x'.repeat(1024 * 1024);
    await coll.insertMany(Array.from({ length: 18 }, (_, i) => ({ i, chunk })));
    await assert.rejects(
      coll.aggregate([{ $group: { _id: null, all: { $push: '$chunk' } } }]).toArray(),
      (err: { code?: number }) => typeof err.code === 'number',
    );
    await assert.rejects(
      coll.updateOne({ i: 0 }, { $set: { more: 'y'.repeat(16 * 1024 * 1024 - 1024) } }),
      (err: { code?: number }) => err.code === 17419 || err.code === 10334,
    );
    await coll.drop();
    await stillServes();
  });

  (usingRealMongo ? it.skip : it)(
    'when a connection is closed for a malformed message, then one warning line says why',
    async () => {
      const lines: Array<{ level: number; msg: string; reason?: string }> = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString().split('\n').filter(Boolean))
            lines.push(JSON.parse(line) as (typeof lines)[number]);
          done();
        },
      });
      const database: RunningDatabase = await startDatabase({
        logger: pino({ level: 'info' }, sink),
        locateMongod: async () => undefined,
      });
      try {
        assert.ok(await serverCloses(database.uri, header(-1)));
        const warnings = lines.filter((l) => l.level === 40);
        assert.equal(warnings.length, 1, JSON.stringify(lines));
        assert.match(warnings[0]!.msg, /malformed message, closing connection/);
        assert.match(warnings[0]!.reason ?? '', /length -1/);
      } finally {
        await database.stop();
      }
    },
  );
});
