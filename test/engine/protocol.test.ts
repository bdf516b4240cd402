import assert from 'node:assert/strict';
import net from 'node:net';
import mongoose from 'mongoose';
import { hostPort, openTestDatabase, type TestDatabase } from './helpers';

describe('engine: protocol errors', () => {
  let t: TestDatabase;

  before(async () => {
    t = await openTestDatabase('fk_engine_protocol');
  });
  after(async () => t.stop());

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
    const { host, port } = hostPort(t.database.uri);
    const closed = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, host, () => {
        const garbage = Buffer.alloc(32, 0xab);
        garbage.writeInt32LE(32, 0); // plausible length, nonsense opcode and body
        garbage.writeInt32LE(2013, 12);
        socket.write(garbage);
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
    assert.ok(closed, 'the server closed the connection');

    const Thing = t.connection.model('Thing', new mongoose.Schema({ v: Number }));
    await Thing.create({ v: 1 });
    assert.equal(await Thing.countDocuments(), 1);
  });
});
