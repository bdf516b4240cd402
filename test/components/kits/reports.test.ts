import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { parse } from 'csv-parse/sync';
import { signInAs } from '../../helpers/auth';
import { buildTestApp } from '../../helpers/app';
import { buildEvent, buildProject } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';

describe('kits: reports, CSV exports and the evidence page', function () {
  this.timeout(60_000);
  let app: Express;
  let auth: Record<string, string>;
  let typeId: string;
  let eventId: string;
  let kits: { id: string; serial: string }[];

  before(async () => {
    ({ app } = await buildTestApp());
    await clearDatabase();
    ({ authHeader: auth } = await signInAs(app, 'admin'));
    const project = await buildProject();
    eventId = (await buildEvent()).id;
    typeId = (
      await request(app)
        .post('/api/kit-types')
        .set(auth)
        .send({ name: 'Dominoes', serialPrefix: 'DOM', projectId: project.id })
        .expect(201)
    ).body.id;
    kits = (
      await request(app)
        .post(`/api/kit-types/${typeId}/kits`)
        .set(auth)
        .send({ count: 6 })
        .expect(201)
    ).body.items;
    await request(app)
      .post(`/api/kit-types/${typeId}/aggregate-hand-outs`)
      .set(auth)
      .send({ count: 250, countQualifier: 'more-than', eventId })
      .expect(201);
    const people = [
      {
        name: '=HYPERLINK("http://evil.example","x")',
        organisation: '+Org',
        city: 'Rimini',
        country: 'IT',
      },
      { name: 'Ana', organisation: 'City', city: 'Rimini', country: 'IT' },
      { name: 'Bo', organisation: '@Town', city: 'Bruges', country: 'BE' },
      { name: 'Cy', organisation: '-Region', city: 'Rijeka', country: 'HR' },
    ];
    for (const [i, recipient] of people.entries()) {
      await request(app)
        .post(`/api/kits/${kits[i]!.id}/hand-out`)
        .set(auth)
        .send({ recipient, eventId })
        .expect(201);
    }
    const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    for (const [serial, city, country, players, text] of [
      [kits[0]!.serial, 'Rimini', 'IT', '12', '=1+1 <b>bold</b>'],
      [kits[0]!.serial, 'Rimini', 'IT', '8', 'again'],
      [kits[2]!.serial, 'Bruges', 'BE', '20', 'school'],
    ] as const) {
      await request(app)
        .post(`/k/${serial}/plays`)
        .field('playedOn', day)
        .field('city', city)
        .field('country', country)
        .field('players', players)
        .field('setting', 'school')
        .field('text', text)
        .expect(200);
    }
  });

  it('adds named hand-outs and the tally honestly, by status, country, city, project and event; reach is players reported', async () => {
    const res = await request(app).get('/api/kit-reports').set(auth).expect(200);
    const report = res.body;
    assert.deepEqual(report.byStatus, { 'in-stock': 2, 'handed-out': 2, registered: 0, played: 2 });
    assert.equal(report.handedOut.named, 4);
    assert.deepEqual(report.handedOut.aggregate, {
      count: 250,
      qualifier: 'more-than',
      label: 'more than 250',
    });
    assert.deepEqual(report.handedOut.total, {
      count: 254,
      qualifier: 'more-than',
      label: 'more than 254',
    });
    assert.deepEqual(report.reach, { plays: 3, players: 40 });
    const italy = report.byCountry.find((r: { key: string }) => r.key === 'IT');
    assert.deepEqual(
      { n: italy.handedOut.count, plays: italy.plays, players: italy.players },
      { n: 2, plays: 2, players: 20 },
    );
    assert.equal(report.byCity.find((r: { key: string }) => r.key === 'Bruges, BE').players, 20);
    // The tally has no place: it is counted apart, not spread over countries.
    assert.equal(
      report.byCountry.find((r: { key: string }) => r.key === '').handedOut.label,
      'more than 250',
    );
    assert.equal(report.byEvent.length, 1);
    assert.equal(report.byEvent[0].handedOut.label, 'more than 254');
    assert.equal(report.byProject[0].handedOut.count, 254);
    const byEvent = await request(app)
      .get(`/api/kit-reports?eventId=${eventId}`)
      .set(auth)
      .expect(200);
    assert.equal(byEvent.body.handedOut.total.label, 'more than 254');
    await request(app).get('/api/kit-reports?eventId=x').set(auth).expect(400);
    const { authHeader: facilitator } = await signInAs(app, 'facilitator');
    await request(app).get('/api/kit-reports').set(facilitator).expect(403);

    // The same tables as CSV, read back with csv-parse.
    const csv = await request(app).get('/api/kit-exports/report.csv').set(auth).expect(200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    const row = (table: string, key: string) =>
      rows.find((r) => r.table === table && r.key === key);
    assert.deepEqual(row('total', 'all'), {
      table: 'total',
      key: 'all',
      handed_out: '254',
      handed_out_qualifier: 'more-than',
      plays: '3',
      players: '40',
    });
    assert.equal(row('status', 'played')?.handed_out, '2');
    assert.deepEqual(
      [
        row('country', 'IT')?.handed_out,
        row('country', 'IT')?.plays,
        row('country', 'IT')?.players,
      ],
      ['2', '2', '20'],
    );
    assert.equal(row('city', 'Bruges, BE')?.players, '20');
    assert.equal(row('country', 'not recorded')?.handed_out_qualifier, 'more-than');
    assert.equal(rows.filter((r) => r.table === 'event').length, 1);
    assert.equal(rows.filter((r) => r.table === 'project')[0]?.handed_out, '254');
    await request(app).get('/api/kit-exports/report.csv').set(facilitator).expect(403);
  });

  it('exports kits, hand-outs and play reports as CSV with formulas neutralised', async () => {
    const handOuts = await request(app).get('/api/kit-exports/hand-outs.csv').set(auth).expect(200);
    assert.match(String(handOuts.headers['content-type']), /^text\/csv/);
    const rows = parse(handOuts.text, { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 5);
    const evil = rows.find((r) => r.name?.includes('HYPERLINK'))!;
    assert.equal(evil.name, `'=HYPERLINK("http://evil.example","x")`);
    assert.equal(evil.organisation, "'+Org");
    assert.ok(
      rows.some((r) => r.organisation === "'@Town") &&
        rows.some((r) => r.organisation === "'-Region"),
    );
    assert.equal(rows.find((r) => r.kind === 'aggregate')?.count_qualifier, 'more-than');
    const plays = parse(
      (await request(app).get('/api/kit-exports/play-reports.csv').set(auth).expect(200)).text,
      { columns: true },
    ) as Record<string, string>[];
    assert.equal(plays.length, 3);
    assert.ok(plays.some((p) => p.text === "'=1+1 <b>bold</b>"));
    const kitsCsv = parse(
      (
        await request(app)
          .get(`/api/kit-exports/kits.csv?kitTypeId=${typeId}`)
          .set(auth)
          .expect(200)
      ).text,
      { columns: true },
    ) as unknown[];
    assert.equal(kitsCsv.length, 6);
    await request(app).get('/api/kit-exports/kits.csv').expect(401);
  });

  it('shows the play reports on the evidence page, escaped, without recipients', async () => {
    const page = await request(app).get(`/kits/types/${typeId}/evidence`).set(auth).expect(200);
    assert.match(page.text, /3 reported plays with 40 players in 2 places/);
    assert.match(page.text, /&lt;b&gt;bold&lt;\/b&gt;/);
    assert.doesNotMatch(page.text, /<b>bold<\/b>/);
    assert.doesNotMatch(page.text, /HYPERLINK|Ana|@Town/);
  });
});
