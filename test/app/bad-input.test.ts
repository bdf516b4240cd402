import assert from 'node:assert/strict';
import type { Express } from 'express';
import type { Server } from 'node:http';
import mongoose from 'mongoose';
import request from 'supertest';
import { createLogger } from '../../src/lib/logger';
import { seedDatabase } from '../../seeds';
import { buildTestApp, closeTestApp } from '../helpers/app';
import { signInAs } from '../helpers/auth';
import { clearDatabase } from '../helpers/hooks';

type Operation = { method: string; path: string };

/**
 * Every route in the API document, driven with hostile input as an admin (who passes
 * every role check, so the input reaches validation and the services): whatever the
 * route, the answer is a 4xx problem with a code — never a 500, never a hang.
 */
describe('bad input on every documented route', function () {
  this.timeout(120_000);
  let app: Express;
  /** One listening server for the thousands of requests (supertest would listen anew for each). */
  let server: Server;
  let authHeader: Record<string, string>;
  let operations: Operation[];
  let realIds: string[];

  before(async () => {
    await clearDatabase();
    await seedDatabase(createLogger('silent'));
    app = (await buildTestApp()).app;
    server = app.listen(0, '127.0.0.1');
    ({ authHeader } = await signInAs(app, 'admin'));
    const doc = (await request(app).get('/api/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method, path })),
    );
    const events = await mongoose.connection.db!.collection('events').find().limit(1).toArray();
    realIds = events.map((e) => String(e._id));
  });

  after(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await closeTestApp(app);
    await clearDatabase();
  });

  const hostileBodies: unknown[] = [
    { unexpected: { $gt: '' } },
    { name: { $ne: null }, email: ['a', 'b'], page: -1 },
    [1, 2, 3],
    { title: 'x'.repeat(100_000) },
  ];
  const hostileQueries = [
    'page=-1&limit=abc',
    'limit=100000',
    'sort=$where',
    'name[$ne]=x',
    'from=yesterday&to=2025-13-45',
    'q=%5C%28%2A',
  ];

  function pathsFor(template: string): string[] {
    const ids = ['zzz', '000000000000000000000000', ...realIds];
    return ids.map((id) => template.replace(/\{[^}]+\}/g, id));
  }

  async function send(method: string, url: string, body?: unknown) {
    const req = request(server)[method as 'get'](url).set(authHeader).timeout(10_000);
    return body === undefined ? req : req.send(body as object);
  }

  it('when routes get malformed ids, hostile queries and hostile bodies, then none answers 5xx', async () => {
    assert.ok(operations.length > 20, `only ${operations.length} operations documented`);
    const failures: string[] = [];
    let sent = 0;
    for (const { method, path } of operations) {
      for (const url of pathsFor(path)) {
        const attempts: [string, unknown][] = [[url, undefined]];
        for (const q of hostileQueries) attempts.push([`${url}?${q}`, undefined]);
        if (method !== 'get' && method !== 'delete') {
          for (const body of hostileBodies) attempts.push([url, body]);
        }
        for (const [target, body] of attempts) {
          const res = await send(method, target, body);
          sent += 1;
          if (res.status >= 500)
            failures.push(
              `${method.toUpperCase()} ${target} → ${res.status} ${res.text.slice(0, 200)}`,
            );
          else if (res.status >= 400 && !res.body?.code)
            failures.push(`${method.toUpperCase()} ${target} → ${res.status} without a code`);
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(sent > operations.length * 10, `${sent} requests sent`);
  });
});
