import assert from 'node:assert/strict';
import type { Express } from 'express';
import sharp from 'sharp';
import request from 'supertest';
import { getQrCode, getResource, listPostcards, listResources } from '../../../src/components/qr';
import { buildTestApp } from '../../helpers/app';
import { csrfTokenFrom, signInWithSession, type CookieJar } from '../../helpers/auth';
import { buildEvent, buildProject } from '../../helpers/factories/events';
import { buildQrCode, buildResource } from '../../helpers/factories/qr';
import { clearDatabase } from '../../helpers/hooks';

/** The registry's organiser pages over HTTP, as a browser posts them (multipart, CSRF field, cookies). */
describe('QR organiser pages', function () {
  this.timeout(60_000);
  let app: Express;
  let jar: CookieJar;
  let csrfToken: string;
  before(async () => {
    ({ app } = await buildTestApp());
  });
  beforeEach(async () => {
    await clearDatabase();
    ({ jar, csrfToken } = await signInWithSession(app, 'admin'));
  });
  const png = () =>
    sharp({ create: { width: 40, height: 30, channels: 3, background: '#1d5c63' } })
      .png()
      .toBuffer();
  const post = (path: string) => request(app).post(path).set('Cookie', jar.header());

  it('when the resource form is posted with a cover and a PDF, then both are stored with the resource and its code', async () => {
    const project = await buildProject({ acronym: 'RV-T' });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const res = await post('/qr/resources')
      .field('_csrf', csrfToken)
      .field('projectId', project.id)
      .field('deliverableCode', 'D9.9')
      .field('title', 'Test deliverable')
      .field('type', 'deliverable')
      .field('language', 'en')
      .field('dateKind', 'due')
      .field('publishedOn', '2026-12')
      .attach('cover', await png(), 'cover.png')
      .attach('document', pdf, 'd99.pdf')
      .expect(303);
    assert.equal(res.headers.location, '/qr/resources?done=created');
    const [resource] = (await listResources({ page: 1, limit: 5 })).items;
    assert.equal(resource?.title, 'Test deliverable');
    assert.equal(resource.dateKind, 'due');
    assert.ok(
      resource?.coverUrl && resource.documentUrl && resource.qrCodeId,
      JSON.stringify(resource),
    );
    const list = await request(app)
      .get(res.headers.location!)
      .set('Cookie', jar.header())
      .expect(200);
    assert.ok(list.text.includes('D9.9 Test deliverable'));
    assert.ok(list.text.includes('The resource was created.'));
  });

  it('when the form has problems, then each is shown at its field and nothing is stored; an SVG cover is refused', async () => {
    const project = await buildProject();
    const bad = await post('/qr/resources')
      .field('_csrf', csrfToken)
      .field('projectId', project.id)
      .field('title', '')
      .field('type', 'deliverable')
      .field('language', 'en')
      .field('dateKind', 'published')
      .field('publishedOn', 'May 2025')
      .field('externalUrl', 'javascript:alert(1)')
      .expect(400);
    assert.match(bad.text, /id='field-title-error' class='field-error'>Enter this/);
    assert.match(bad.text, /id='field-publishedOn-error' class='field-error'>Must be YYYY-MM/);
    assert.match(bad.text, /id='field-externalUrl-error'/);
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    );
    const refused = await post('/qr/resources')
      .field('_csrf', csrfToken)
      .field('projectId', project.id)
      .field('title', 'With an SVG cover')
      .field('type', 'booklet')
      .field('language', 'en')
      .field('dateKind', 'published')
      .attach('cover', svg, 'cover.png')
      .expect(415);
    assert.match(
      refused.text,
      /id='field-cover-error' class='field-error'>SVG images are not accepted/,
    );
    assert.equal((await listResources({ page: 1, limit: 5 })).total, 0);
  });

  it('when a multipart form comes without its CSRF field, then 403 and nothing is stored', async () => {
    const project = await buildProject();
    await post('/qr/postcards')
      .field('city', 'Forged')
      .field('country', 'LT')
      .field('projectId', project.id)
      .field('language', 'en')
      .attach('front', await png(), 'front.png')
      .expect(403);
    assert.equal((await listPostcards({ page: 1, limit: 5 })).total, 0);
  });

  it('when someone not signed in posts a multipart form, then it is refused and nothing is stored', async () => {
    const project = await buildProject();
    const res = await request(app)
      .post('/qr/resources')
      .field('projectId', project.id)
      .field('title', 'Anonymous')
      .field('type', 'other')
      .attach('cover', await png(), 'cover.png');
    assert.ok([401, 403].includes(res.status), String(res.status));
    assert.equal((await listResources({ page: 1, limit: 5 })).total, 0);
  });

  it('when a resource is edited to a link and then deleted after confirming, then the link replaces nothing else and its code stays', async () => {
    const resource = await buildResource({ title: 'Editable' });
    const form = await request(app)
      .get(`/qr/resources/${resource.id}/edit`)
      .set('Cookie', jar.header())
      .expect(200);
    assert.ok(form.text.includes("value='Editable'"));
    await post(`/qr/resources/${resource.id}/edit`)
      .field('_csrf', csrfTokenFrom(form.text))
      .field('projectId', resource.projectId)
      .field('title', 'Edited')
      .field('type', resource.type)
      .field('language', 'lt')
      .field('dateKind', 'due')
      .field('externalUrl', 'https://example.org/edited.pdf')
      .expect(303);
    const edited = await getResource(resource.id);
    assert.equal(edited.title, 'Edited');
    assert.equal(edited.externalUrl, 'https://example.org/edited.pdf');
    const confirm = await request(app)
      .get(`/qr/resources/${resource.id}/delete`)
      .set('Cookie', jar.header())
      .expect(200);
    assert.match(confirm.text, /Delete resource “Edited”\?/);
    await post(`/qr/resources/${resource.id}/delete`)
      .type('form')
      .send({ _csrf: csrfToken })
      .expect(303);
    await assert.rejects(() => getResource(resource.id));
    const code = await getQrCode(edited.qrCodeId!, 'https://forumkit.test');
    assert.equal(code.target.type, 'none');
  });

  it('when a code is retargeted to an https address, relabelled and disabled on its form, then the registry says so', async () => {
    const event = await buildEvent();
    const code = await buildQrCode({ label: 'Old label', eventId: event.id });
    await post(`/qr/codes/${code.id}/edit`)
      .type('form')
      .send({
        _csrf: csrfToken,
        label: 'New label',
        leadsTo: 'url',
        url: 'http://insecure.example',
      })
      .expect(400)
      .expect(/id='field-url-error'/);
    await post(`/qr/codes/${code.id}/edit`)
      .type('form')
      .send({
        _csrf: csrfToken,
        label: 'New label',
        leadsTo: 'url',
        url: 'https://example.org/new',
        eventId: event.id,
      })
      .expect(303);
    const saved = await getQrCode(code.id, 'https://forumkit.test');
    assert.equal(saved.label, 'New label');
    assert.deepEqual(saved.target, { type: 'url', url: 'https://example.org/new' });
    assert.equal(saved.enabled, false);
    await request(app).get(`/q/${code.code}`).expect(410);
  });

  it('when a CSV with problems is checked, then every problem is listed by line and column; a good one is imported only on confirming', async () => {
    await buildProject({ acronym: 'CSVP' });
    const bad = 'project,city,country\nCSVP,Vilnius,Lithuania\nNOPE,Tartu,EE\n';
    const checked = await post('/qr/import/postcards')
      .field('_csrf', csrfToken)
      .field('action', 'check')
      .attach('file', Buffer.from(bad), 'cities.csv')
      .expect(400);
    assert.match(checked.text, /<td>2<\/td><td>country<\/td>/);
    assert.match(checked.text, /<td>3<\/td><td>project<\/td>/);
    const good = 'project,city,country\nCSVP,Vilnius,LT\nCSVP,Tartu,EE\n';
    const dry = await post('/qr/import/postcards')
      .field('_csrf', csrfToken)
      .field('action', 'check')
      .attach('file', Buffer.from(good), 'cities.csv')
      .expect(200);
    assert.match(dry.text, /All 2 lines are fine: 2 new/);
    assert.equal((await listPostcards({ page: 1, limit: 5 })).total, 0);
    const done = await post('/qr/import/postcards')
      .field('_csrf', csrfToken)
      .field('action', 'import')
      .field('csv', good)
      .expect(200);
    assert.match(done.text, /Imported 2 lines: 2 new, 0 updated/);
    assert.equal((await listPostcards({ page: 1, limit: 5 })).total, 2);
  });

  it('when the lists are empty, then they say so and offer the form; a facilitator may read but not add', async () => {
    for (const path of ['/qr/resources', '/qr/postcards', '/qr/codes']) {
      const res = await request(app).get(path).set('Cookie', jar.header()).expect(200);
      assert.match(res.text, /class='empty'/, path);
      assert.match(
        res.text,
        /class='primary-action' href='\/qr\/(resources|postcards|codes)\/new'/,
      );
    }
    const facilitator = await signInWithSession(app, 'facilitator');
    const read = await request(app)
      .get('/qr/resources')
      .set('Cookie', facilitator.jar.header())
      .expect(200);
    assert.doesNotMatch(read.text, /href='\/qr\/resources\/new'/);
    await request(app).get('/qr/resources/new').set('Cookie', facilitator.jar.header()).expect(403);
  });
});
