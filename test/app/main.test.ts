import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The real start-up path: `npm start` on an empty data folder, then SIGTERM (graceful stop). */
describe('main (the started process)', function () {
  this.timeout(90_000);
  let child: ChildProcess | undefined;
  let dataDir: string;
  let output = '';

  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'forumkit-main-'));
  });
  afterEach(() => {
    child?.kill('SIGKILL');
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // not a group leader, or already gone
      }
    }
  });
  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when started on an empty database, then it seeds, serves the conference and stops cleanly on SIGTERM', async () => {
    const { base, process: app, exited } = await startApp();
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

    app.kill('SIGTERM');
    assert.equal(await exited, 0, output);
    assert.match(output, /stopped/);
    // Not a terminal: every log line is a JSON object.
    const lines = output.split('\n').filter((line) => line.startsWith('{'));
    assert.ok(
      lines.some((line) => /forumkit listening/.test(String(JSON.parse(line).msg))),
      output,
    );
  });

  it('when started on a terminal, then the log lines are readable text, not JSON', async function () {
    // util-linux `script` runs the app on a pseudo-terminal (Debian's bsdutils is essential).
    if (spawnSync('script', ['--version']).status !== 0) this.skip();
    const { base, process: terminal, exited } = await startApp({ terminal: true });
    assert.equal((await fetch(`${base}/health`)).status, 200);
    const lines = output.split(/\r?\n/);
    const listening = lines.find((line) => line.includes('forumkit listening'));
    assert.match(
      listening ?? '',
      /^\[\d\d:\d\d:\d\d\.\d{3}\] \S*INFO\S*: \S*forumkit listening on http/,
    );
    assert.ok(!lines.some((line) => line.startsWith('{"level"')), output);
    terminal.kill('SIGTERM'); // script passes it on to the app
    await exited;
    await waitFor(
      async () => {
        await fetch(`${base}/health`).then(
          () => {
            throw new Error('still listening');
          },
          () => undefined,
        );
        return true;
      },
      20_000,
      () => output,
    );
  });

  it('when SIGTERM arrives while a request is in flight, then that request completes with its answer and the process exits 0', async () => {
    const { port, process: app, exited } = await startApp();
    const body = JSON.stringify({
      email: 'admin@example.org',
      password: 'correct horse battery staple',
    });
    // The request line, headers and half the body go out before the signal; the server
    // is then in the middle of this request and must finish it rather than drop it.
    let inFlight: ClientRequest | undefined;
    const answer = new Promise<{ status?: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/auth/tokens',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      inFlight = req;
    });
    await new Promise((r) => setTimeout(r, 500));
    const beforeSignal = output.length;
    app.kill('SIGTERM');
    await waitFor(
      async () => /shutting down/.test(output.slice(beforeSignal)),
      10_000,
      () => output,
    );
    inFlight?.end(body.slice(10));

    const { status, text } = await answer;
    assert.equal(status, 201, text);
    assert.ok((JSON.parse(text) as { token?: string }).token, text);
    assert.equal(await exited, 0, output);
    assert.match(output.slice(beforeSignal), /stopped/);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/health`), 'no longer listening');
  });

  it('when SIGTERM arrives while a live wall is streaming, then the stream is ended and the process still exits 0', async () => {
    const { base, process: app, exited } = await startApp();
    const tokenRes = await fetch(`${base}/api/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'admin@example.org',
        password: 'correct horse battery staple',
      }),
    });
    const { token } = (await tokenRes.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const events = (await (
      await fetch(`${base}/api/events?limit=50`, { headers: auth })
    ).json()) as {
      items: { id: string; slug: string }[];
    };
    const demo = events.items.find((e) => e.slug === 'demo-expo');
    assert.ok(demo, 'the seeded demo event');
    const sessions = (await (
      await fetch(`${base}/api/world-cafe/sessions?eventId=${demo.id}`, { headers: auth })
    ).json()) as { items: { id: string; wallAccess: string }[] };
    const wall = sessions.items.find((s) => s.wallAccess === 'public');
    assert.ok(wall, 'a public wall in the demo data');

    const stream = await fetch(`${base}/api/world-cafe/sessions/${wall.id}/stream`);
    assert.equal(stream.status, 200);
    const reader = stream.body!.getReader();
    let received = '';
    while (!received.includes('event: ready')) {
      const { value, done } = await reader.read();
      assert.ok(!done, 'the stream is open before the signal');
      received += Buffer.from(value).toString();
    }

    app.kill('SIGTERM');
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
    // The hard deadline would exit 1: 0 means the stop did not wait for the stream.
    assert.equal(await exited, 0, output);
    assert.match(output, /stopped/);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`when ${signal} reaches the whole npm start process group (Ctrl-C in a terminal), then it stops cleanly and the data folder is closed`, async () => {
      const { port, process: app, exited } = await startApp({ throughNpm: true });
      const dbPath = path.join(dataDir, `db-${port}`);
      process.kill(-(app.pid as number), signal);
      await exited;
      await waitFor(
        async () => {
          try {
            process.kill(-(app.pid as number), 0);
            return false;
          } catch {
            return true; // no process of the group is left
          }
        },
        30_000,
        () => output,
      );
      assert.match(output, /stopped/);
      const files = readdirSync(dbPath);
      assert.ok(!files.includes('forumkit-engine.lock'), `lock released: ${files.join(', ')}`);
      assert.ok(!files.includes('snapshot.fkdb.tmp'), 'no unfinished snapshot');
      assert.ok(files.includes('snapshot.fkdb'), 'the final snapshot was written');
    });
  }

  /**
   * `npm start`'s entry point on a fresh data folder (on a pseudo-terminal if asked);
   * resolves once /health answers 200. `throughNpm` runs `npm start` itself in a process
   * group of its own, as a terminal does.
   */
  async function startApp({ terminal = false, throughNpm = false } = {}) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    output = '';
    const [command, args] = terminal
      ? ['script', ['-qec', `exec "${process.execPath}" --import tsx src/main.ts`, '/dev/null']]
      : throughNpm
        ? ['npm', ['start']]
        : [process.execPath, ['--import', 'tsx', 'src/main.ts']];
    child = spawn(command as string, args as string[], {
      detached: throughNpm,
      cwd: path.resolve(__dirname, '../..'),
      env: {
        PATH: process.env.PATH,
        TZ: process.env.TZ,
        PORT: String(port),
        DB_PATH: path.join(dataDir, `db-${port}`),
        MAIL_DIR: path.join(dataDir, `mail-${port}`),
        ADMIN_EMAIL: 'admin@example.org',
        ADMIN_PASSWORD: 'correct horse battery staple',
        LOG_LEVEL: 'info',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = child;
    const exited = new Promise<number | null>((resolve) =>
      started.once('exit', (code) => resolve(code)),
    );
    await waitFor(
      async () => (await fetch(`${base}/health`)).status === 200,
      60_000,
      () => output,
    );
    return { port, base, process: started, exited };
  }
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
