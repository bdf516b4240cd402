import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { signInAs } from '../../helpers/auth';
import { buildTestApp } from '../../helpers/app';
import { buildEvent, buildProject } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';

describe('CSV import of resources and postcards', () => {
  let app: Express;
  let auth: Record<string, string>;
  /** The event the importing comms user manages (lines may place things in it). */
  let event: { id: string; slug: string };
  before(async () => {
    ({ app } = await buildTestApp());
  });
  beforeEach(async () => {
    await clearDatabase();
    const project = await buildProject({ acronym: 'UP2030', name: 'UP2030' });
    event = await buildEvent();
    ({ authHeader: auth } = await signInAs(app, 'comms', {
      eventIds: [event.id],
      projectIds: [project.id],
    }));
  });
  const post = (kind: string, csv: string, dryRun = false) =>
    request(app)
      .post(`/api/${kind}/import?dryRun=${dryRun}`)
      .set(auth)
      .set('Content-Type', 'text/csv')
      .send(csv);
  const count = async (kind: string) =>
    (await request(app).get(`/api/${kind}`).set(auth).expect(200)).body.total as number;

  it('when postcards are imported, then the dry run writes nothing and the real run creates each with its code', async () => {
    const csv = `\uFEFFcity,country,project,story,event\nThessaloniki,GR,UP2030,"A city by the sea, with ""quotes""",${event.slug}\nKlaipėda,LT,up2030,,\n`;
    const dry = await post('postcards', csv, true).expect(200);
    assert.deepEqual(dry.body, { dryRun: true, rows: 2, created: 2, updated: 0, errors: [] });
    assert.equal(await count('postcards'), 0);
    const real = await post('postcards', csv).expect(200);
    assert.equal(real.body.created, 2);
    const list = await request(app).get('/api/postcards').set(auth).expect(200);
    const thess = list.body.items.find((p: { city: string }) => p.city === 'Thessaloniki');
    assert.equal(thess.story, 'A city by the sea, with "quotes"');
    assert.deepEqual(thess.eventIds, [event.id]);
    assert.match(thess.qrCodeId, /^[0-9a-f]{24}$/);
    const again = await post('postcards', csv, true).expect(200);
    assert.equal(again.body.updated, 2);
  });

  it('when a line places a thing in another event or project, then it is a problem of that line and nothing is imported', async () => {
    const elsewhere = await buildEvent();
    await buildProject({ acronym: 'OTHER', name: 'Other project' });
    const csv = [
      'project,title,type,event',
      `UP2030,Ours,booklet,${event.slug}`,
      `UP2030,In another event,booklet,${elsewhere.slug}`,
      'OTHER,Of another project,booklet,',
    ].join('\n');
    const dry = await post('resources', csv, true).expect(200);
    assert.deepEqual(
      dry.body.errors.map((e: { line: number; column: string; message: string }) =>
        [e.line, e.column, e.message].join(':'),
      ),
      ['3:event:You do not manage this event', '4:project:You do not manage this event'],
    );
    assert.equal((await post('resources', csv).expect(400)).body.code, 'import_invalid');
    assert.equal(await count('resources'), 0);
  });

  it('when rows are wrong, then the dry run lists each problem by line and column, and the real run imports nothing', async () => {
    const csv = [
      'project,title,type,publishedOn,externalUrl,event',
      'UP2030,Good one,booklet,2025-05,,',
      'NOPE,Bad project,deliverable,,,',
      'UP2030,,deliverable,2025-13,http://insecure.example,',
      'UP2030,Good one,film,,,no-such-event',
    ].join('\n');
    const dry = await post('resources', csv, true).expect(200);
    assert.deepEqual(
      dry.body.errors.map((e: { line: number; column: string }) => `${e.line}:${e.column}`),
      ['3:project', '4:title', '4:publishedOn', '4:externalUrl', '5:event', '5:title'],
    );
    const twice = await post(
      'resources',
      'project,deliverableCode,title,type\nUP2030,D2.1,One title,booklet\nUP2030,D2.2,One title,booklet\n',
      true,
    ).expect(200);
    assert.deepEqual(twice.body.errors, [
      { line: 3, column: 'title', message: 'the same title as line 2' },
    ]);
    const real = await post('resources', csv).expect(400);
    assert.equal(real.body.code, 'import_invalid');
    assert.equal(await count('resources'), 0);
  });

  it('when a write fails part-way (a new line takes the title of a stored resource), then the lines before it are undone', async () => {
    const existing = await post(
      'resources',
      'project,deliverableCode,title,type,description\nUP2030,D1.1,Old title,deliverable,As before\nUP2030,D1.3,Taken title,deliverable,\n',
    ).expect(200);
    assert.equal(existing.body.created, 2);
    const codesBefore = (await request(app).get('/api/qr-codes').set(auth).expect(200)).body.total;
    const csv =
      'project,deliverableCode,title,type,description\nUP2030,D1.1,New title,deliverable,Changed\nUP2030,D1.2,Taken title,booklet,\n';
    assert.deepEqual((await post('resources', csv, true).expect(200)).body.errors, []);
    const failed = await post('resources', csv);
    assert.ok(failed.status >= 400 && failed.status < 500, String(failed.status));
    const list = (await request(app).get('/api/resources').set(auth).expect(200)).body;
    assert.equal(list.total, 2);
    const d11 = list.items.find((r: { deliverableCode: string }) => r.deliverableCode === 'D1.1');
    assert.equal(d11.title, 'Old title');
    assert.equal(d11.description, 'As before');
    const codesAfter = (await request(app).get('/api/qr-codes').set(auth).expect(200)).body.total;
    assert.equal(codesAfter, codesBefore);
  });

  it('when the header is wrong or the CSV is broken, then line 1 problems and nothing stored', async () => {
    const wrong = await post('resources', 'project,name,type\nUP2030,x,game\n', true).expect(200);
    assert.deepEqual(
      wrong.body.errors.map((e: { column: string }) => e.column),
      ['title', 'name'],
    );
    const broken = await post(
      'postcards',
      'city,country,project\n"unterminated,LT,UP2030\n',
      true,
    ).expect(200);
    assert.equal(broken.body.errors.length, 1);
    const formula = await post('postcards', 'city,country,project\n=cmd|calc,LT,UP2030\n').expect(
      200,
    );
    assert.equal(formula.body.created, 1);
  });
});
