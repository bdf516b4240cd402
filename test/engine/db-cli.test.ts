import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { MongoClient } from 'mongodb';

const repoRoot = path.resolve(__dirname, '../..');
const CLI = ['--import', 'tsx', 'src/cli/db.ts'];

/** A port nobody listens on right now (the OS picks it; we close it again at once). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

type RunningCli = {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: string | null }>;
};

/** Starts `npm run db`'s script and resolves once its "listening" log line is out. */
function startCli(port: number, dbPath: string): Promise<RunningCli> {
  const child = spawn(
    process.execPath,
    [...CLI, '--port', String(port), '--dbpath', dbPath, '--log-level', 'info'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`db did not start: ${stderr}`)), 15_000);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`db exited with ${code} before listening: ${stderr}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.includes(`127.0.0.1:${port}`)) return;
      clearTimeout(timer);
      resolve({ child, exited });
    });
  });
}

describe('engine: npm run db', function () {
  this.timeout(40_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-db-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('when it is stopped with SIGINT, then it exits 0 and a restart on the same dbpath has the data', async () => {
    const port = await freePort();
    const first = await startCli(port, dir);
    let client = await MongoClient.connect(`mongodb://127.0.0.1:${port}/x`);
    try {
      const scans = client.db().collection('scans');
      await scans.createIndex({ code: 1 }, { unique: true });
      await scans.insertMany([
        { code: 'a', n: 1 },
        { code: 'b', n: 2 },
      ]);
      await scans.updateOne({ code: 'a' }, { $inc: { n: 10 } });
      assert.equal((await scans.findOne({ code: 'a' }))?.n, 11);
    } finally {
      await client.close();
    }
    first.child.kill('SIGINT');
    assert.deepEqual(await first.exited, { code: 0, signal: null });

    const second = await startCli(port, dir);
    client = await MongoClient.connect(`mongodb://127.0.0.1:${port}/x`);
    try {
      const scans = client.db().collection('scans');
      const docs = await scans
        .find({}, { projection: { _id: 0 } })
        .sort({ code: 1 })
        .toArray();
      assert.deepEqual(docs, [
        { code: 'a', n: 11 },
        { code: 'b', n: 2 },
      ]);
      await assert.rejects(
        scans.insertOne({ code: 'b' }),
        (err: { code?: number }) => err.code === 11000,
        'the unique index came back too',
      );
    } finally {
      await client.close();
    }
    second.child.kill('SIGINT');
    assert.deepEqual(await second.exited, { code: 0, signal: null });
  });

  it('when asked for --help, then it prints the usage and exits 0', () => {
    const result = spawnSync(process.execPath, [...CLI, '--help'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^usage: npm run db -- .*--port.*--dbpath/);
  });

  it('when run through npm as documented, then the script is wired to the same command', () => {
    const result = spawnSync('npm', ['run', '--silent', 'db', '--', '--help'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /usage: npm run db -- .*--port.*--dbpath/);
  });

  for (const [args, message] of [
    [['--bogus'], /Unknown option '--bogus'/],
    [['--port', 'abc'], /--port must be a number from 0 to 65535, got 'abc'/],
    [['--port', '70000'], /--port must be a number/],
    [['--log-level', 'loud'], /--log-level must be one of/],
    [['stray'], /Unexpected argument 'stray'/],
  ] as const) {
    it(`when given ${args.join(' ')}, then it says what is wrong, shows the usage and exits 2`, () => {
      const result = spawnSync(process.execPath, [...CLI, ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 15_000,
      });
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /usage: npm run db --/);
      assert.equal(result.stdout, '');
    });
  }
});
