import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { signInAs } from '../../helpers/auth';
import { buildTestApp } from '../../helpers/app';
import { buildEvent, buildProject } from '../../helpers/factories/events';
import { buildPostcard, buildResource } from '../../helpers/factories/qr';
import { clearDatabase } from '../../helpers/hooks';

describe('QR registry API', () => {
  let app: Express;
  let auth: Record<string, string>;
  before(async () => {
    ({ app } = await buildTestApp());
  });
  beforeEach(async () => {
    await clearDatabase();
    ({ authHeader: auth } = await signInAs(app, 'admin'));
  });

  it('when a code is registered, then it gets an opaque 7-character code, its short address and a target', async () => {
    const resource = await buildResource();
    const res = await request(app)
      .post('/api/qr-codes')
      .set(auth)
      .send({ kind: 'resource', label: 'Cover', target: { resourceId: resource.id } })
      .expect(201);
    assert.match(res.body.code, /^[2-9a-hjkmnp-z]{7}$/);
    assert.equal(res.body.url, `https://forumkit.test/q/${res.body.code}`);
    assert.deepEqual(res.body.target, { type: 'resource', id: resource.id });
    assert.equal(res.body.enabled, true);
    const got = await request(app).get(`/api/qr-codes/${res.body.id}`).set(auth).expect(200);
    assert.equal(got.body.code, res.body.code);
  });

  it('when many codes are drawn, then they are all different and not in sequence', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const res = await request(app)
        .post('/api/qr-codes')
        .set(auth)
        .send({ kind: 'other', label: `c${i}`, target: { url: 'https://example.org/' } })
        .expect(201);
      codes.add(res.body.code);
    }
    assert.equal(codes.size, 30);
  });

  for (const url of [
    'http://example.org/',
    'javascript:alert(1)',
    'data:text/html,hi',
    'https://user:pw@example.org/',
    '//example.org/',
    'https://exa mple.org/',
  ]) {
    it(`when an outside target is ${url}, then 400 validation_failed and nothing is stored`, async () => {
      const res = await request(app)
        .post('/api/qr-codes')
        .set(auth)
        .send({ kind: 'other', label: 'x', target: { url } })
        .expect(400);
      assert.equal(res.body.code, 'validation_failed');
      const list = await request(app).get('/api/qr-codes').set(auth).expect(200);
      assert.equal(list.body.total, 0);
    });
  }

  it('when a target names an unknown resource, then 404 resource_not_found', async () => {
    const res = await request(app)
      .post('/api/qr-codes')
      .set(auth)
      .send({ kind: 'resource', label: 'x', target: { resourceId: '0123456789abcdef01234567' } })
      .expect(404);
    assert.equal(res.body.code, 'resource_not_found');
  });

  it('when a code leads to a kit, then a scan reaches the kit page; an unknown kit is 404 kit_not_found', async () => {
    const type = await request(app)
      .post('/api/kit-types')
      .set(auth)
      .send({ name: 'Dominoes', serialPrefix: 'DOM' })
      .expect(201);
    const made = await request(app)
      .post(`/api/kit-types/${type.body.id}/kits`)
      .set(auth)
      .send({ count: 1 })
      .expect(201);
    const kit = made.body.items[0];
    const res = await request(app)
      .post('/api/qr-codes')
      .set(auth)
      .send({ kind: 'stand-poster', label: 'Poster: take a kit', target: { kitId: kit.id } })
      .expect(201);
    assert.deepEqual(res.body.target, { type: 'kit', id: kit.id });
    const scan = await request(app).get(`/q/${res.body.code}`).expect(302);
    assert.equal(scan.headers.location, `/k/${kit.serial}?c=${res.body.code}`);

    const unknown = await request(app)
      .post('/api/qr-codes')
      .set(auth)
      .send({ kind: 'kit', label: 'Lost', target: { kitId: '0123456789abcdef01234567' } })
      .expect(404);
    assert.equal(unknown.body.code, 'kit_not_found');
  });

  it('when a code is retargeted and disabled, then the code stays and the list filters by kind and event', async () => {
    const event = await buildEvent();
    const created = await request(app)
      .post('/api/qr-codes')
      .set(auth)
      .send({ kind: 'stand-poster', label: 'Poster', target: { none: true }, eventId: event.id })
      .expect(201);
    const patched = await request(app)
      .patch(`/api/qr-codes/${created.body.id}`)
      .set(auth)
      .send({ target: { eventId: event.id }, label: 'Poster B', enabled: false })
      .expect(200);
    assert.equal(patched.body.code, created.body.code);
    assert.deepEqual(patched.body.target, { type: 'event', id: event.id });
    assert.equal(patched.body.enabled, false);
    const byKind = await request(app).get('/api/qr-codes?kind=stand-poster').set(auth).expect(200);
    assert.equal(byKind.body.total, 1);
    const byEvent = await request(app)
      .get(`/api/qr-codes?eventId=${event.id}`)
      .set(auth)
      .expect(200);
    assert.equal(byEvent.body.items[0].label, 'Poster B');
    const none = await request(app).get('/api/qr-codes?kind=kit').set(auth).expect(200);
    assert.equal(none.body.total, 0);
  });

  it('when a resource and a postcard are created, then each has the qrCodeId of its own code', async () => {
    const project = await buildProject();
    const res = await request(app)
      .post('/api/resources')
      .set(auth)
      .send({
        projectId: project.id,
        deliverableCode: 'D9.9',
        title: 'A report',
        type: 'deliverable',
        publishedOn: '2026-12',
      })
      .expect(201);
    assert.match(res.body.qrCodeId, /^[0-9a-f]{24}$/);
    const code = await request(app).get(`/api/qr-codes/${res.body.qrCodeId}`).set(auth).expect(200);
    assert.deepEqual(code.body.target, { type: 'resource', id: res.body.id });
    const card = await request(app)
      .post('/api/postcards')
      .set(auth)
      .send({ projectId: project.id, city: 'Písek', country: 'cz' })
      .expect(201);
    assert.equal(card.body.country, 'CZ');
    assert.match(card.body.qrCodeId, /^[0-9a-f]{24}$/);
    const list = await request(app).get('/api/postcards').set(auth).expect(200);
    assert.equal(list.body.items[0].qrCodeId, card.body.qrCodeId);
    const dup = await request(app)
      .post('/api/resources')
      .set(auth)
      .send({
        projectId: project.id,
        deliverableCode: 'D9.9',
        title: 'Another',
        type: 'deliverable',
      })
      .expect(409);
    assert.equal(dup.body.code, 'duplicate');
  });

  it('when a resource or postcard is patched with one field, then the others keep their values (no defaults filled in)', async () => {
    const event = await buildEvent();
    const resource = await buildResource({ language: 'lt', dateKind: 'due', eventIds: [event.id] });
    const patched = await request(app)
      .patch(`/api/resources/${resource.id}`)
      .set(auth)
      .send({ title: 'Renamed' })
      .expect(200);
    assert.equal(patched.body.title, 'Renamed');
    assert.equal(patched.body.language, 'lt');
    assert.equal(patched.body.dateKind, 'due');
    assert.deepEqual(patched.body.eventIds, [event.id]);
    const card = await buildPostcard({ language: 'de', eventIds: [event.id] });
    const story = await request(app)
      .patch(`/api/postcards/${card.id}`)
      .set(auth)
      .send({ story: 'New story' })
      .expect(200);
    assert.equal(story.body.language, 'de');
    assert.deepEqual(story.body.eventIds, [event.id]);
  });

  it('when a resource is deleted, then its printed code leads to a placeholder instead', async () => {
    const resource = await buildResource();
    await request(app).delete(`/api/resources/${resource.id}`).set(auth).expect(204);
    const code = await request(app).get(`/api/qr-codes/${resource.qrCodeId}`).set(auth).expect(200);
    assert.deepEqual(code.body.target, { type: 'none' });
  });

  it('when a facilitator tries to register a code, then 403; without sign-in, 401', async () => {
    const { authHeader } = await signInAs(app, 'facilitator');
    await request(app)
      .post('/api/qr-codes')
      .set(authHeader)
      .send({ kind: 'other', label: 'x' })
      .expect(403);
    await request(app).get('/api/qr-codes').expect(401);
  });

  it('when bad fields are sent, then 400 with their paths and nothing stored', async () => {
    const res = await request(app)
      .post('/api/qr-codes')
      .set(auth)
      .send({ kind: 'rocket', label: '', target: { resourceId: { $ne: null } }, extra: 1 })
      .expect(400);
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path);
    assert.ok(
      paths.includes('kind') && paths.includes('label') && paths.includes('extra'),
      JSON.stringify(paths),
    );
    await buildPostcard();
  });

  it('when the API document is read, then every registry route is in it', async () => {
    const doc = await request(app).get('/api/openapi.json').expect(200);
    for (const path of [
      '/api/qr-codes',
      '/api/qr-codes/{id}',
      '/api/qr-codes/{id}/stats',
      '/api/resources',
      '/api/resources/{id}',
      '/api/postcards',
      '/api/postcards/{id}',
    ]) {
      assert.ok(doc.body.paths[path], path);
    }
  });
});
