import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The real start-up path: `npm start` on an empty data folder, then SIGTERM. */
describe('main (the started process)', function () {
  this.timeout(90_000);
  let child: ChildProcess | undefined;
  let dataDir: string;
  let output = '';

  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'forumkit-main-'));
  });
  after(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when started on an empty database, then it seeds, serves the conference and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: path.resolve(__dirname, '../..'),
      env: {
        PATH: process.env.PATH,
        TZ: process.env.TZ,
        PORT: String(port),
        DB_PATH: path.join(dataDir, 'db'),
        MAIL_DIR: path.join(dataDir, 'mail'),
        ADMIN_EMAIL: 'admin@example.org',
        ADMIN_PASSWORD: 'correct horse battery staple',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child?.once('exit', (code) => resolve(code)),
    );

    await waitFor(
      async () => (await fetch(`${base}/health`)).status === 200,
      60_000,
      () => output,
    );
    assert.match(output, /embedded/i, 'the log names the database mode');

    const tokenRes = await fetch(`${base}/api/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'admin@example.org',
        password: 'correct horse battery staple',
      }),
    });
    assert.equal(tokenRes.status, 201, await tokenRes.clone().text());
    const { token } = (await tokenRes.json()) as { token: string };
    const events = await fetch(`${base}/api/events?limit=50`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await events.json()) as { items: { name: string }[] };
    assert.ok(
      body.items.some((e) => e.name === '2025 Cities Mission Conference'),
      JSON.stringify(body),
    );

    child.kill('SIGTERM');
    assert.equal(await exited, 0, output);
    assert.match(output, /stopped/);
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(),
      );
    });
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, context: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out; process output:\n${context()}`);
}
