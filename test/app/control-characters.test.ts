import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { lineText, longText } from '../../src/lib/http/validate';
import { buildTestApp } from '../helpers/app';
import { signInAs, signInWithSession } from '../helpers/auth';
import { buildEvent } from '../helpers/factories/events';
import { clearDatabase } from '../helpers/hooks';

const validEvent = {
  name: 'Demo Expo (fictional demo event)',
  city: 'Vilnius',
  country: 'LT',
  startDate: '2026-05-06',
  endDate: '2026-05-08',
  timeZone: 'Europe/Vilnius',
};

const CONTROLS = [
  '\u000b',
  '\u0000',
  '\u0007',
  '\t',
  '\n',
  '\r',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u2028',
];

describe('text fields refuse control characters', () => {
  describe('the shared helpers', () => {
    for (const ch of CONTROLS) {
      it(`when a one-line text holds ${JSON.stringify(ch)}, then it is refused`, () => {
        assert.equal(lineText(200).safeParse(`Opening${ch}session`).success, false);
      });
    }

    it('when a long text has line breaks, then they are kept (CRLF as LF); other controls are refused', () => {
      assert.equal(
        longText(1000).parse('First line\r\nsecond\rthird\n'),
        'First line\nsecond\nthird',
      );
      for (const ch of CONTROLS.filter((c) => c !== '\n' && c !== '\r')) {
        assert.equal(longText(1000).safeParse(`a${ch}b`).success, false, JSON.stringify(ch));
      }
    });

    it('when a text is ordinary Unicode, then it passes unchanged', () => {
      assert.equal(lineText(200).parse('  Rūta Žemaitė – Café № 1  '), 'Rūta Žemaitė – Café № 1');
    });
  });

  describe('over the API', () => {
    let app: Express;
    let admin: Record<string, string>;
    beforeEach(async () => {
      await clearDatabase();
      ({ app } = await buildTestApp());
      ({ authHeader: admin } = await signInAs(app, 'admin'));
    });

    it('when an event name has a vertical tab, then 400 names the field and nothing is stored', async () => {
      const res = await request(app)
        .post('/api/events')
        .set(admin)
        .send({ ...validEvent, name: 'Demo\u000bExpo' })
        .expect(400);
      assert.equal(res.body.code, 'validation_failed');
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        ['name'],
      );
      const list = await request(app).get('/api/events').set(admin).expect(200);
      assert.equal(list.body.total, 0);
    });

    it('when an event description has line breaks, then it is stored; with a NUL, then 400', async () => {
      const ok = await request(app)
        .post('/api/events')
        .set(admin)
        .send({ ...validEvent, description: 'Three days.\r\nBring a badge.' })
        .expect(201);
      assert.equal(ok.body.description, 'Three days.\nBring a badge.');
      const bad = await request(app)
        .post('/api/events')
        .set(admin)
        .send({ ...validEvent, slug: 'other-expo', description: 'x\u0000y' })
        .expect(400);
      assert.equal(bad.body.errors[0].path, 'description');
    });

    it('when a programme item title has a newline or an escape, then 400', async () => {
      const event = await buildEvent();
      for (const title of ['World Café\nround 2', 'World Café \u001b[2J']) {
        const res = await request(app)
          .post(`/api/events/${event.id}/programme`)
          .set(admin)
          .send({ title, start: '2026-05-07T14:00:00+03:00', end: '2026-05-07T15:00:00+03:00' })
          .expect(400);
        assert.equal(res.body.errors[0].path, 'title');
      }
    });

    it('when a user name has a tab, then 400', async () => {
      const res = await request(app)
        .post('/api/users')
        .set(admin)
        .send({ email: 'maria@example.org', name: 'Maria\tFictional', role: 'comms', invite: true })
        .expect(400);
      assert.equal(res.body.errors[0].path, 'name');
    });
  });

  describe('lookups by a code from the address', () => {
    for (const code of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      it(`when /admin/outbox?error=${code} is opened, then the page shows the general message, not an object`, async () => {
        await clearDatabase();
        const { app } = await buildTestApp();
        const { jar } = await signInWithSession(app, 'admin');
        const res = await request(app)
          .get(`/admin/outbox?error=${code}&done=${code}`)
          .set('Cookie', jar.header())
          .expect(200);
        assert.ok(!res.text.includes('[object Object]'));
        assert.ok(!res.text.includes('function'), 'no function source on the page');
        assert.match(res.text, /The action could not be done\./);
      });
    }
  });
});
