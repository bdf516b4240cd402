import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startDatabase } from '../../src/lib/database';
import { silentLogger, sleep, usingRealMongo } from './helpers';

const repoRoot = path.resolve(__dirname, '../..');

/** `npm run db` as a person starts it, in a process group of its own (as a terminal would). */
function startNpmDb(
  dbPath: string,
): Promise<{ child: ChildProcess; uri: string; output: () => string }> {
  const child = spawn('npm', ['run', 'db', '--', '--port', '0', '--dbpath', dbPath], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'info' },
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm run db did not start:\n${output}`)),
      30_000,
    );
    child.once('exit', (code) => reject(new Error(`npm run db exited with ${code}:\n${output}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"uri":"(mongodb:\/\/[^"]+)"/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({ child, uri: match[1] as string, output: () => output });
    });
  });
}

/** Resolves once no process of the group is left. */
async function groupGone(pgid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await sleep(50);
  }
  throw new Error(`process group ${pgid} still running after ${timeoutMs} ms`);
}

(usingRealMongo ? describe.skip : describe)(
  'engine: signals to the whole npm run db process group',
  function () {
    this.timeout(90_000);
    let dir: string;

    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-engine-signals-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      it(`when ${signal} reaches the group during heavy writes, then the final snapshot is complete and every acknowledged write is there after a restart`, async () => {
        const { child, uri, output } = await startNpmDb(dir);
        const client = await MongoClient.connect(uri, {
          maxPoolSize: 16,
          serverSelectionTimeoutMS: 1000,
        });
        const coll = client.db('fk_signals').collection('scans');
        const acknowledged: number[] = [];
        let next = 0;
        let stopWriting = false;
        const padding = 'x'.repeat(2000);
        const writers = Array.from({ length: 16 }, async () => {
          while (!stopWriting) {
            const batch = Array.from({ length: 20 }, () => ({ _id: next++, padding }));
            try {
              await coll.insertMany(batch as never[]);
            } catch {
              return; // the server went away: this batch was not acknowledged
            }
            for (const d of batch) acknowledged.push(d._id);
          }
        });
        // Enough data that the final snapshot takes a while to write.
        while (acknowledged.length < 20_000) await sleep(50);
        process.kill(-(child.pid as number), signal);
        await groupGone(child.pid as number, 60_000);
        stopWriting = true;
        await Promise.all(writers);
        await client.close(true).catch(() => undefined);
        const files = fs.readdirSync(dir);
        assert.ok(
          !files.includes('snapshot.fkdb.tmp'),
          `no temporary snapshot left: ${files.join(', ')}`,
        );
        assert.ok(!files.includes('forumkit-engine.lock'), 'the lock was released');
        assert.equal(
          fs.statSync(path.join(dir, 'journal.fkj')).size,
          0,
          'the journal went into the snapshot',
        );
        assert.match(output(), /stopped/);

        const database = await startDatabase({
          dbPath: dir,
          logger: silentLogger,
          dbName: 'fk_signals',
        });
        const check = await MongoClient.connect(database.uri);
        try {
          const stored = new Set(
            (
              await check
                .db()
                .collection('scans')
                .find({}, { projection: { _id: 1 } })
                .toArray()
            ).map((d) => d._id as unknown as number),
          );
          const missing = acknowledged.filter((id) => !stored.has(id));
          assert.deepEqual(
            missing.slice(0, 10),
            [],
            `${missing.length} acknowledged writes missing`,
          );
        } finally {
          await check.close();
          await database.stop();
        }
      });
    }
  },
);
