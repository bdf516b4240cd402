import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import mongoose from 'mongoose';
import request from 'supertest';
import { issueCapabilityLink } from '../../../src/components/auth';
import { TABLE_SCOPE, type TableView } from '../../../src/components/world-cafe';
import { useTestApp } from '../../helpers/app';
import { buildWorldCafeSession, buildWorldCafeTable } from '../../helpers/factories/world-cafe';
import { clearDatabase } from '../../helpers/hooks';

type SseEvent = { id?: string; event: string; data: string };

/** Reads a server-sent event stream with fetch, as an independent client. */
async function openSse(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  const events: SseEvent[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: SseEvent = { event: 'message', data: '' };
        for (const line of block.split('\n')) {
          const [field, ...rest] = line.split(':');
          const value = rest.join(':').replace(/^ /, '');
          if (field === 'id') event.id = value;
          if (field === 'event') event.event = value;
          if (field === 'data') event.data += value;
        }
        if (event.data) events.push(event);
      }
    }
  })();
  return {
    events,
    async waitFor(match: (e: SseEvent) => boolean, timeoutMs = 10_000): Promise<SseEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no matching event; got ${JSON.stringify(events)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
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

/** A second app process (`src/main.ts`) on the test database. */
async function startSecondProcess(): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const { host, port: dbPort, name } = mongoose.connection;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.resolve(__dirname, '../../..'),
    env: {
      PATH: process.env.PATH,
      TZ: process.env.TZ,
      PORT: String(port),
      MONGODB_URI: `mongodb://${host}:${dbPort}/${name}?directConnection=true`,
      SEED_ON_EMPTY: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('exit', (code) => {
    if (code !== null && code !== 0) console.error(`second process exited ${code}: ${output}`);
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/health`)).status === 200) return { base, child };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`second process did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('world café: live wall across two app processes', function () {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  this.timeout(90_000);
  let second: { base: string; child: ChildProcess } | undefined;

  before(async () => {
    await clearDatabase();
    second = await startSecondProcess();
  });
  after(() => {
    second?.child.kill('SIGKILL');
  });

  async function table(): Promise<{ sessionId: string; table: TableView; key: string }> {
    const session = await buildWorldCafeSession();
    const built = await buildWorldCafeTable({ sessionId: session.id, number: 1 });
    const link = await issueCapabilityLink({ scope: TABLE_SCOPE, resourceId: built.id });
    return { sessionId: session.id, table: built, key: link.token };
  }

  it('when a note is written through one process, then the wall stream served by the other process receives it', async () => {
    const { app } = testApp.built;
    const { sessionId, table: t, key } = await table();
    const stream = await openSse(`${second!.base}/api/world-cafe/sessions/${sessionId}/stream`);
    const ready = await stream.waitFor((e) => e.event === 'ready');
    assert.ok(['poll', 'stream'].includes((JSON.parse(ready.data) as { mode: string }).mode));
    await request(app)
      .put(`/api/world-cafe/tables/${t.id}/notes/note-live-0001`)
      .set('Authorization', `Bearer ${key}`)
      .send({ text: 'Across processes <script>x</script>' })
      .expect(201);
    const event = await stream.waitFor((e) => e.event === 'note');
    const change = JSON.parse(event.data) as {
      tableId: string;
      data: { note: { clientId: string; text: string } };
    };
    assert.equal(change.tableId, t.id);
    assert.equal(change.data.note.clientId, 'note-live-0001');
    assert.equal(change.data.note.text, 'Across processes <script>x</script>');
    // A repeat of the same call is not a new note on the wall.
    await request(app)
      .put(`/api/world-cafe/tables/${t.id}/notes/note-live-0001`)
      .set('Authorization', `Bearer ${key}`)
      .send({ text: 'Across processes <script>x</script>' })
      .expect(200);
    await request(app)
      .put(`/api/world-cafe/tables/${t.id}/outcomes`)
      .set('Authorization', `Bearer ${key}`)
      .send({ baseVersion: 0, items: [{ text: 'Live outcome' }] })
      .expect(200);
    await stream.waitFor((e) => e.event === 'outcomes');
    assert.equal(stream.events.filter((e) => e.event === 'note').length, 1);
    await stream.close();
  });

  it('when a wall reconnects with Last-Event-ID, then it gets what it missed; unconsented quotes never reach it', async () => {
    const { app } = testApp.built;
    const { sessionId, table: t, key } = await table();
    const auth = { Authorization: `Bearer ${key}` };
    const first = await openSse(`${second!.base}/api/world-cafe/sessions/${sessionId}/stream`);
    await first.waitFor((e) => e.event === 'ready');
    await request(app)
      .put(`/api/world-cafe/tables/${t.id}/notes/note-miss-0001`)
      .set(auth)
      .send({ text: 'Before the drop' })
      .expect(201);
    const seen = await first.waitFor((e) => e.event === 'note');
    await first.close();
    await request(app)
      .put(`/api/world-cafe/tables/${t.id}/notes/note-miss-0002`)
      .set(auth)
      .send({ text: 'While away' })
      .expect(201);
    await request(app)
      .put(`/api/world-cafe/tables/${t.id}/quotes/quote-miss-0001`)
      .set(auth)
      .send({ text: 'Off the record', consent: false })
      .expect(201);
    await request(app)
      .put(`/api/world-cafe/tables/${t.id}/quotes/quote-miss-0002`)
      .set(auth)
      .send({ text: 'On the record', consent: true })
      .expect(201);
    const again = await openSse(`${second!.base}/api/world-cafe/sessions/${sessionId}/stream`, {
      'Last-Event-ID': seen.id!,
    });
    const missed = await again.waitFor((e) => e.event === 'note');
    assert.match(missed.data, /While away/);
    await again.waitFor((e) => e.event === 'quote');
    assert.ok(!again.events.some((e) => e.data.includes('Before the drop')));
    assert.ok(!again.events.some((e) => e.data.includes('Off the record')));
    await again.close();
  });
});
