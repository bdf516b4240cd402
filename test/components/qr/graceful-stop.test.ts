import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The started process (`npm start`), stopped with SIGTERM in the middle of a burst of
 * scans: after a restart on the same data, every scan that got its 302 is counted.
 */
const PHONE =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';

describe('main: scans across a graceful stop', function () {
  this.timeout(180_000);
  let dataDir: string;
  let child: ChildProcess | undefined;
  let output = '';
  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'forumkit-qr-stop-'));
  });
  afterEach(() => child?.kill('SIGKILL'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('when SIGTERM arrives mid-burst, then every answered scan is counted after restart', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let app = await start(port);
    const token = await signIn(base);
    const resources = (await (
      await fetch(`${base}/api/resources?limit=50`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { items: { deliverableCode?: string; qrCodeId: string }[] };
    const qrCodeId = resources.items.find((r) => r.deliverableCode === 'D7.7')!.qrCodeId;
    const { code } = (await (
      await fetch(`${base}/api/qr-codes/${qrCodeId}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { code: string };

    let answered = 0;
    let stopping = false;
    const burst = Array.from({ length: 40 }, async () => {
      // Each worker scans until the server stops answering.
      for (;;) {
        try {
          const res = await fetch(`${base}/q/${code}?s=qr`, {
            redirect: 'manual',
            headers: { 'user-agent': PHONE },
          });
          await res.arrayBuffer();
          if (res.status === 302) answered++;
        } catch {
          return;
        }
        if (stopping && answered > 0 && Math.random() < 0.01) return;
      }
    });
    while (answered < 300) await new Promise((r) => setTimeout(r, 20));
    stopping = true;
    app.process.kill('SIGTERM');
    assert.equal(await app.exited, 0, output);
    await Promise.all(burst);
    assert.ok(answered >= 300);
    const firstRun = output;

    app = await start(port);
    const token2 = await signIn(base);
    const stats = (await (
      await fetch(`${base}/api/qr-codes/${qrCodeId}/stats`, {
        headers: { authorization: `Bearer ${token2}` },
      })
    ).json()) as { scans: number; qrScans: number };
    assert.equal(stats.scans, answered, `${firstRun}\n${JSON.stringify(stats)}`);
    assert.equal(stats.qrScans, answered);
    app.process.kill('SIGTERM');
    assert.equal(await app.exited, 0, output);
  });

  async function start(port: number) {
    output = '';
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: path.resolve(__dirname, '../../..'),
      env: {
        PATH: process.env.PATH,
        TZ: process.env.TZ,
        PORT: String(port),
        DB_PATH: path.join(dataDir, 'db'),
        MAIL_DIR: path.join(dataDir, 'mail'),
        ADMIN_EMAIL: 'admin@example.org',
        ADMIN_PASSWORD: 'correct horse battery staple',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = child;
    const exited = new Promise<number | null>((resolve) => started.once('exit', (c) => resolve(c)));
    const deadline = Date.now() + 90_000;
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) break;
      } catch {
        // not yet listening
      }
      if (Date.now() > deadline) throw new Error(`did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    return { process: started, exited };
  }
});

async function signIn(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@example.org', password: 'correct horse battery staple' }),
  });
  return ((await res.json()) as { token: string }).token;
}

function freePort(): Promise<number> {
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
