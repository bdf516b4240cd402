import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import mongoose from 'mongoose';
import request from 'supertest';
import { buildTestApp } from '../../helpers/app';
import { buildEvent, buildProgrammeItem, buildProject } from '../../helpers/factories/events';
import { buildPostcard, buildQrCode, buildResource } from '../../helpers/factories/qr';
import { clearDatabase } from '../../helpers/hooks';

const CSS = ['app.css', 'qr.css'].map((f) =>
  readFileSync(path.resolve(__dirname, '../../../public/css', f)),
);
const feedbackRows = () => mongoose.connection.db!.collection('qrFeedback').find().toArray();

describe('public landing pages and feedback', () => {
  let app: Express;
  before(async () => {
    ({ app } = await buildTestApp());
  });
  beforeEach(clearDatabase);

  it('when a resource without a file is opened, then a small script-free page says the document is coming, with Open Graph tags', async () => {
    const project = await buildProject({ acronym: 'Re-Value-T', name: 'Re-Value T' });
    const resource = await buildResource({
      projectId: project.id,
      deliverableCode: 'D7.11',
      title: 'Impact dialogues 3',
      publishedOn: '2026-12',
      dateKind: 'due',
    });
    const res = await request(app).get(`/r/${resource.id}?c=abcdefg`).expect(200);
    assert.match(res.text, /The document is coming/);
    assert.match(res.text, /Due December 2026/);
    assert.match(res.text, /<meta property="og:title" content="D7.11: Impact dialogues 3">/);
    assert.match(res.text, new RegExp(`og:url" content="https://forumkit.test/r/${resource.id}"`));
    assert.ok(!/<script/i.test(res.text), 'no script');
    assert.ok(
      !/(src|href)="https?:\/\//.test(res.text.replace(/<meta[^>]+>/g, '')),
      'nothing loaded from elsewhere',
    );
    const bytes = Buffer.byteLength(res.text) + CSS.reduce((n, c) => n + c.length, 0);
    assert.ok(bytes < 30 * 1024, `${bytes} bytes`);
    assert.match(res.text, /name="c" value="abcdefg"/);
  });

  it('when a resource has an outside address, then the page links it', async () => {
    const resource = await buildResource({ externalUrl: 'https://example.org/d77.pdf' });
    const res = await request(app).get(`/r/${resource.id}`).expect(200);
    assert.match(res.text, /href="https:\/\/example.org\/d77.pdf"/);
    assert.ok(!res.text.includes('name="c"'), 'no code without ?c=');
  });

  it('when a postcard, an event and a placeholder code are opened, then each has its public page', async () => {
    const postcard = await buildPostcard({ city: 'Constanța', country: 'RO' });
    const card = await request(app).get(`/p/${postcard.id}`).expect(200);
    assert.match(card.text, /Constanța, Romania/);
    assert.match(card.text, /story of Constanța is coming/);
    const event = await buildEvent({ name: 'Open Day <b>' });
    await buildProgrammeItem({ eventId: event.id, title: 'Opening & welcome' });
    const page = await request(app).get(`/e/${event.slug}`).expect(200);
    assert.match(page.text, /Open Day &lt;b&gt;/);
    assert.match(page.text, /Opening &amp; welcome/);
    assert.match(page.text, /10:00–11:30/);
    const kit = await buildQrCode({ kind: 'kit', label: 'Kit box 7', target: { none: true } });
    const placeholder = await request(app).get(`/l/${kit.code}`).expect(200);
    assert.match(placeholder.text, /Game kit/);
    await request(app).get('/r/0123456789abcdef01234567').expect(404);
    await request(app).get('/e/no-such-event').expect(404);
  });

  it('when feedback is sent, then it is stored with its code, the e-mail only with consent, and the visitor sees thanks', async () => {
    const resource = await buildResource();
    const code = await buildQrCode({ target: { resourceId: resource.id } });
    const res = await request(app)
      .post('/feedback')
      .type('form')
      .send({
        subject: 'resource',
        subjectId: resource.id,
        c: code.code,
        rating: '4',
        comment: '=HYPERLINK("x") <i>',
        email: 'a@example.org',
      })
      .expect(303);
    assert.equal(res.headers.location, `/feedback/thanks?subject=resource&id=${resource.id}`);
    const thanks = await request(app).get(res.headers.location!).expect(200);
    assert.match(thanks.text, new RegExp(`href="/r/${resource.id}"`));
    await request(app)
      .post('/feedback')
      .type('form')
      .send({
        subject: 'resource',
        subjectId: resource.id,
        rating: '5',
        email: 'b@example.org',
        consent: 'yes',
      })
      .expect(303);
    const rows = await feedbackRows();
    assert.equal(rows.length, 2);
    const first = rows.find((r) => r.rating === 4)!;
    assert.equal(String(first.qrCodeId), code.id);
    assert.equal(first.email, undefined, 'no address without consent');
    assert.equal(rows.find((r) => r.rating === 5)!.email, 'b@example.org');
  });

  it('when the honeypot is filled, then thanks but nothing stored; when the rating is missing, then 400 with the reason', async () => {
    const resource = await buildResource();
    await request(app)
      .post('/feedback')
      .type('form')
      .send({ subject: 'resource', subjectId: resource.id, rating: '5', website: 'http://spam' })
      .expect(303);
    assert.equal((await feedbackRows()).length, 0);
    const bad = await request(app)
      .post('/feedback')
      .type('form')
      .send({ subject: 'resource', subjectId: resource.id, rating: '9', email: 'not-an-address' })
      .expect(400);
    assert.match(bad.text, /Choose a rating from 1 to 5/);
    assert.match(bad.text, /name@example.org/);
    const unknown = await request(app)
      .post('/feedback')
      .type('form')
      .send({ subject: 'resource', subjectId: '0123456789abcdef01234567', rating: '3' })
      .expect(404);
    assert.match(unknown.text, /no longer exists/);
    assert.equal((await feedbackRows()).length, 0);
  });

  it('when one visitor sends too much feedback, then 429 after five, counted in the database for every process', async () => {
    const second = (await buildTestApp()).app;
    const resource = await buildResource();
    const send = (target: Express) =>
      request(target)
        .post('/feedback')
        .type('form')
        .send({ subject: 'resource', subjectId: resource.id, rating: '3' });
    for (let i = 0; i < 5; i++) await send(i % 2 ? app : second).expect(303);
    const limited = await send(second).expect(429);
    assert.match(limited.text, /already have your feedback/);
    assert.equal((await feedbackRows()).length, 5);
  });
});
