import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CONNECTIONS = 300;
const REQUEST = 'GET /health HTTP/1.1\r\nHost: forumkit.test\r\n\r\n';

/** SIGTERM on the real process (`npm start`'s entry point) with many connections open. */
describe('main: graceful stop under load', function () {
  this.timeout(120_000);
  let child: ChildProcess | undefined;
  let dataDir: string;
  let output = '';

  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'forumkit-stop-'));
  });
  after(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`when SIGTERM arrives with ${CONNECTIONS} connections accepted, half of them not yet read, then every request gets its answer and the process exits 0`, async () => {
    const port = await freePort();
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
        SEED_ON_EMPTY: 'false',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = child;
    const exited = new Promise<number | null>((resolve) =>
      started.once('exit', (code) => resolve(code)),
    );
    await waitForHealth(port);

    // Connected as far as the clients can tell (the kernel completed the handshake);
    // under load many are still waiting in the accept queue when the signal comes.
    const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, () => open(port)));
    const answers = sockets.map((socket) => readAll(socket));
    sockets.slice(0, CONNECTIONS / 2).forEach((socket) => socket.write(REQUEST));
    started.kill('SIGTERM');
    // The other half send their request only now: accepted before the signal, read after it.
    sockets.slice(CONNECTIONS / 2).forEach((socket) => socket.write(REQUEST));

    const results = await Promise.all(answers);
    const failed = results.filter((r) => !r.text.startsWith('HTTP/1.1 200'));
    assert.equal(
      failed.length,
      0,
      `${failed.length} of ${CONNECTIONS} got no answer: ${failed
        .slice(0, 3)
        .map((r) => r.error ?? JSON.stringify(r.text.slice(0, 60)))
        .join('; ')}\n${output}`,
    );
    // Every connection was ended by the server after its answer (the client never closes one).
    assert.equal(await exited, 0, output);
  });
});

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until it closes the connection (or the error that ended it). */
function readAll(socket: Socket): Promise<{ text: string; error?: string }> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', (err) => resolve({ text, error: err.message }));
    socket.on('close', () => resolve({ text }));
  });
}

async function waitForHealth(port: number) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the app did not start');
}

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
