import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { signInAs } from '../../helpers/auth';
import { buildProject } from '../../helpers/factories/events';
import { buildTestApp } from '../../helpers/app';
import { buildEvent } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';

describe('kits: CSV import of paper hand-outs', function () {
  this.timeout(60_000);
  let app: Express;
  let auth: Record<string, string>;
  let typeId: string;
  before(async () => {
    ({ app } = await buildTestApp());
  });
  beforeEach(async () => {
    await clearDatabase();
    // Kit types are event-less things of their project: the comms user works for it.
    const projectId = (await buildProject()).id;
    ({ authHeader: auth } = await signInAs(app, 'comms', { projectIds: [projectId] }));
    typeId = (
      await request(app)
        .post('/api/kit-types')
        .set(auth)
        .send({ name: 'Dominoes', serialPrefix: 'DOM', projectId })
        .expect(201)
    ).body.id;
    await request(app)
      .post(`/api/kit-types/${typeId}/kits`)
      .set(auth)
      .send({ count: 4 })
      .expect(201);
  });

  const post = (csv: string, query = '') =>
    request(app).post(`/api/kit-types/${typeId}/hand-out-imports${query}`).set(auth).send({ csv });
  const counts = async () => ({
    handOuts: (await request(app).get('/api/hand-outs').set(auth).expect(200)).body.items.length,
    inStock: (
      await request(app).get(`/api/kits?kitTypeId=${typeId}&status=in-stock`).set(auth).expect(200)
    ).body.total,
  });

  const good = [
    'serial,handed_out_at,name,organisation,city,country,email,follow_up',
    'DOM-0001,2025-05-06,Ona,City of Kaunas,Kaunas,LT,ona@example.org,yes',
    ',2025-05-06T14:00:00+03:00,"Jonas, Jr.",Town,Riga,lv,,no',
    ',,,,,,,',
  ].join('\n');

  it('a dry run of good lines writes nothing; the import writes them all', async () => {
    const dry = await post(good).expect(200);
    assert.deepEqual(dry.body, {
      dryRun: true,
      rows: 3,
      handOuts: 3,
      tallies: 0,
      errors: [{ line: 4, field: 'handed_out_at', message: 'is required for a hand-out' }],
    });
    const csv = good.split('\n').slice(0, 3).join('\n') + '\n';
    assert.deepEqual((await post(csv).expect(200)).body.errors, []);
    assert.deepEqual(await counts(), { handOuts: 0, inStock: 4 });
    const done = await post(csv, '?dryRun=false').expect(201);
    assert.equal(done.body.handOuts, 2);
    assert.deepEqual(await counts(), { handOuts: 2, inStock: 2 });
    const list = (await request(app).get('/api/hand-outs').set(auth).expect(200)).body.items;
    assert.ok(list.every((h: { source: string }) => h.source === 'import'));
    assert.ok(
      list.some(
        (h: { serial: string; consents: { followUp: { given: boolean } } }) =>
          h.serial === 'DOM-0001' && h.consents.followUp.given,
      ),
    );
  });

  it('lists every bad line with its field, and writes nothing when any line is bad', async () => {
    const csv = [
      'serial,handed_out_at,name,city,country,email,follow_up,count,count_qualifier',
      'DOM-0001,2025-05-06,Ana,Kaunas,LT,ana@example.org,yes,,',
      'DOM-0001,2025-05-06,Dup,Kaunas,LT,,,,',
      'DOM-9999,2025-05-06,Unknown,Kaunas,LT,,,,',
      'DOM-0002,yesterday,Bad date,Kaunas,Lithuania,not-mail,maybe,,',
      ',2025-05-06,No mail,Vilnius,LT,,yes,,',
      ',2025-05-06,,,,,,250,more-than',
      ',2030-01-01,Future,Vilnius,LT,,,,',
    ].join('\n');
    const dry = await post(csv).expect(200);
    const lines = dry.body.errors.map(
      (e: { line: number; field: string }) => `${e.line}:${e.field}`,
    );
    assert.deepEqual(lines, [
      '3:serial',
      '4:serial',
      '5:handed_out_at',
      '5:country',
      '5:email',
      '5:follow_up',
      '6:email',
      '8:handed_out_at',
    ]);
    const real = await post(csv, '?dryRun=false').expect(400);
    assert.equal(real.body.code, 'import_invalid');
    assert.equal(real.body.errors.length, 8);
    assert.deepEqual(await counts(), { handOuts: 0, inStock: 4 });
  });

  it('imports a tally without people, and refuses unknown columns, broken CSV and too little stock', async () => {
    const event = await buildEvent();
    // A comms user records only at the events on their account; an admin anywhere.
    await post('count\n3\n', `?dryRun=false&eventId=${event.id}`).expect(403);
    ({ authHeader: auth } = await signInAs(app, 'admin'));
    const tally = 'count,count_qualifier,note\n40,at-least,paper tally day 2\n';
    await post(tally, `?dryRun=false&eventId=${event.id}`).expect(201);
    const report = (
      await request(app).get(`/api/kit-reports?eventId=${event.id}`).set(auth).expect(200)
    ).body;
    assert.equal(report.handedOut.total.label, 'at least 40');
    assert.equal(
      (await post('serial,password\nDOM-0001,x\n').expect(200)).body.errors[0].message,
      'unknown columns: password',
    );
    assert.match(
      (await post('serial,name\n"DOM-0001,x\n').expect(200)).body.errors[0].message,
      /not a readable CSV/,
    );
    const many = [
      'handed_out_at,name',
      ...Array.from({ length: 5 }, (_, i) => `2025-05-06,P${i}`),
    ].join('\n');
    assert.match(
      (await post(many).expect(200)).body.errors[0].message,
      /5 lines without serial, but only 4 kits in stock/,
    );
    await post('').expect(400);
  });

  describe('files of several thousand lines', function () {
    this.timeout(180_000);
    const header = 'serial,handed_out_at,name,organisation,city,country,count,note';
    /** 1,000 named hand-outs from stock and 2,000 tallies: about 300 kB, beyond the app's 100 kB form limit. */
    const bigCsv = (bad: Map<number, string> = new Map()) => {
      const lines = [header];
      for (let i = 1; i <= 3000; i++) {
        const line = i + 1;
        const note = `paper sheet ${Math.ceil(i / 40)} written down at the stand by the team`;
        lines.push(
          bad.get(line) ??
            (i % 3 === 1
              ? `,2025-05-06,Person ${i},Organisation ${i},Kaunas,LT,,${note}`
              : `,2025-05-07,,,Riga,LV,1,${note}`),
        );
      }
      return `${lines.join('\n')}\n`;
    };
    const upload = (csv: string, action: 'check' | 'import') =>
      request(app)
        .post(`/kits/types/${typeId}/import`)
        .set(auth)
        .field('action', action)
        .attach('file', Buffer.from(csv), { filename: 'hand-outs.csv', contentType: 'text/csv' });

    it('when a 3,000-line file with bad lines is uploaded, then the check lists them by line and the import writes nothing; the fixed file is imported whole', async () => {
      await request(app)
        .post(`/api/kit-types/${typeId}/kits`)
        .set(auth)
        .send({ count: 996 })
        .expect(201);
      const bad = new Map([
        [1501, ',2025-05-06,Bad country,Org,Kaunas,Lithuania,,'],
        [2800, ',2025-05-07,,,Riga,LV,many,'],
        [3001, ',2030-01-01,,,Riga,LV,1,'],
      ]);
      const csv = bigCsv(bad);
      assert.ok(Buffer.byteLength(csv) > 200_000);
      const check = await upload(csv, 'check').expect(400);
      for (const line of ['Line 1501, country', 'Line 2800, count', 'Line 3001, handed_out_at'])
        assert.ok(check.text.includes(line), line);
      assert.match(check.text, /3 problems; nothing was imported/);
      await upload(csv, 'import').expect(400);
      const api = await request(app)
        .post(`/api/kit-types/${typeId}/hand-out-imports?dryRun=false`)
        .set(auth)
        .set('Content-Type', 'text/csv')
        .send(csv)
        .expect(400);
      assert.equal(api.body.code, 'import_invalid');
      assert.deepEqual(
        api.body.errors.map((e: { line: number }) => e.line),
        [1501, 2800, 3001],
      );
      assert.deepEqual(await counts(), { handOuts: 0, inStock: 1000 });

      const done = await upload(bigCsv(), 'import').expect(200);
      assert.match(done.text, /Imported 1000 hand-outs and 2000 tallies/);
      const report = (await request(app).get('/api/kit-reports').set(auth).expect(200)).body;
      assert.equal(report.handedOut.named, 1000);
      assert.equal(report.handedOut.aggregate.count, 2000);
      assert.equal(report.byStatus['in-stock'], 0);
    });

    it('when the CSV is larger than 5 MB, then every way of sending it is refused with 413 import_too_large and nothing is written', async () => {
      const huge = `${header}\n${`,2025-05-06,${'x'.repeat(190)},,Kaunas,LT,,\n`.repeat(28_000)}`;
      assert.ok(Buffer.byteLength(huge) > 5 * 1024 * 1024);
      const asFile = await upload(huge, 'check').set('Accept', 'application/json').expect(413);
      assert.equal(asFile.body.code, 'import_too_large');
      const asText = await request(app)
        .post(`/api/kit-types/${typeId}/hand-out-imports`)
        .set(auth)
        .set('Content-Type', 'text/csv')
        .send(huge)
        .expect(413);
      assert.equal(asText.body.code, 'import_too_large');
      assert.equal(asText.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal((await post(huge).expect(413)).body.code, 'import_too_large');
      const pasted = await request(app)
        .post(`/kits/types/${typeId}/import`)
        .set(auth)
        .type('form')
        .send({ action: 'check', csv: huge })
        .expect(413);
      assert.equal(pasted.body.code, 'import_too_large');
      assert.deepEqual(await counts(), { handOuts: 0, inStock: 4 });
    });

    it('when 200 kB are pasted into the form, then they are checked (beyond the general 100 kB form limit)', async () => {
      const res = await request(app)
        .post(`/kits/types/${typeId}/import`)
        .set(auth)
        .type('form')
        .send({ action: 'check', csv: bigCsv() })
        .expect(400);
      // 1,000 lines need a kit from stock and there are 4.
      assert.match(res.text, /1000 lines without serial, but only 4 kits in stock/);
    });
  });
});
