import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { buildTestApp } from '../helpers/app';
import { clearDatabase } from '../helpers/hooks';
import { ACCOUNT_CASES, EVENT_CASES } from './authorization-matrix/cases-core';
import { KIT_CASES, REGISTRY_CASES } from './authorization-matrix/cases-registry';
import { STAND_CASES } from './authorization-matrix/cases-stands';
import { WORLD_CAFE_CASES } from './authorization-matrix/cases-world-cafe';
import {
  IDENTITIES,
  type Case,
  type Expected,
  type Identity,
  type RequestSpec,
} from './authorization-matrix/rules';
import { buildWorld, sendPhoto, type World } from './authorization-matrix/world';

/**
 * The authorisation matrix: every operation of the OpenAPI document × every kind of
 * actor, each request with a valid body, each cell's status stated in the cases
 * (authorization-matrix/cases-*.ts). A new operation fails the first test until its
 * case is added.
 */
const CASES: Record<string, Case> = {
  ...ACCOUNT_CASES,
  ...EVENT_CASES,
  ...STAND_CASES,
  ...REGISTRY_CASES,
  ...KIT_CASES,
  ...WORLD_CAFE_CASES,
};

type Operation = { key: string; method: string; path: string };

function operationsOf(document: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({
      key: `${method.toUpperCase()} ${path}`,
      method,
      path,
    })),
  );
}

const matches = (expected: Expected, status: number, code: unknown) =>
  expected === '2xx'
    ? status >= 200 && status < 300
    : typeof expected === 'number'
      ? status === expected
      : status === expected.status && code === expected.code;

const describeExpected = (expected: Expected) =>
  typeof expected === 'object' ? `${expected.status} ${expected.code}` : String(expected);

describe('authorisation matrix (every operation × every actor)', function () {
  this.timeout(600_000);
  let world: World;
  let server: Server;
  let operations: Operation[];

  before(async function () {
    this.timeout(120_000);
    await clearDatabase();
    const { app } = await buildTestApp();
    server = app.listen(0);
    world = await buildWorld(app);
    const document = await request(app).get('/api/openapi.json').expect(200);
    operations = operationsOf(document.body);
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('has a case (valid request and expected cells) for every operation of the document', () => {
    const missing = operations.filter((op) => !CASES[op.key]).map((op) => op.key);
    assert.deepEqual(missing, [], 'operations without a case in authorization-matrix/cases-*.ts');
    const stale = Object.keys(CASES).filter((key) => !operations.some((op) => op.key === key));
    assert.deepEqual(stale, [], 'cases for operations the document no longer has');
  });

  async function send(op: Operation, spec: RequestSpec, who: Identity) {
    const headers = spec.headers ?? world.headers[who];
    if (spec.as === 'stream') return openStream(spec.path, headers);
    if (spec.as === 'photo') return sendPhoto(world.app, spec.path, headers);
    const req = request(server)[op.method as 'get'](spec.path).set(headers);
    if (spec.as === 'bytes') req.set('Content-Type', 'application/octet-stream');
    if (spec.as === 'csv') req.set('Content-Type', 'text/csv');
    return spec.body === undefined ? req : req.send(spec.body as object);
  }

  /** An event stream never ends: its answer is its status line. */
  async function openStream(path: string, headers: Record<string, string>) {
    const { port } = server.address() as AddressInfo;
    const abort = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers, signal: abort.signal });
    const body = res.headers.get('content-type')?.includes('json') ? await res.json() : {};
    abort.abort();
    return { status: res.status, body: body as { code?: string } };
  }

  /** Runs one operation's row; answers the cells that did not get their expected status. */
  async function row(op: Operation): Promise<string[]> {
    const rule = CASES[op.key]!;
    const wrong: string[] = [];
    for (const who of IDENTITIES) {
      const expected = rule.cells[who];
      const spec = await rule.request(world, who);
      const res = await send(op, spec, who);
      const code = (res.body as { code?: unknown } | undefined)?.code;
      if (!matches(expected, res.status, code)) {
        wrong.push(
          `${who}: expected ${describeExpected(expected)}, got ${res.status} ${String(code ?? '')}`,
        );
      }
    }
    return wrong;
  }

  // One test per component area keeps the output readable; each lists every wrong cell.
  const areas: [string, Record<string, Case>][] = [
    ['accounts, tokens, outbox and calendars', ACCOUNT_CASES],
    ['events, programmes, directory, printouts and invitations', EVENT_CASES],
    ['stands and their rota', STAND_CASES],
    ['the QR registry', REGISTRY_CASES],
    ['kits, hand-outs and recipients', KIT_CASES],
    ['the World Café', WORLD_CAFE_CASES],
  ];
  for (const [area, cases] of areas) {
    it(`answers every cell as stated: ${area}`, async () => {
      const failures: string[] = [];
      for (const op of operations.filter((o) => cases[o.key])) {
        for (const cell of await row(op)) failures.push(`${op.key} — ${cell}`);
      }
      assert.deepEqual(failures, []);
    });
  }
});
