import assert from 'node:assert/strict';
import type { Express } from 'express';
import { Types } from 'mongoose';
import request from 'supertest';
import { saveFeedbackOnCode, writeScans, type IncomingScan } from '../../../src/components/qr';
import { signInAs } from '../../helpers/auth';
import { buildTestApp } from '../../helpers/app';
import { buildEvent } from '../../helpers/factories/events';
import { buildStand } from '../../helpers/factories/exhibitions';
import { buildQrCode, buildResource } from '../../helpers/factories/qr';
import { clearDatabase } from '../../helpers/hooks';

const scan = (qrCodeId: string, at: string, extra: Partial<IncomingScan> = {}): IncomingScan => ({
  qrCodeId: new Types.ObjectId(qrCodeId),
  at: new Date(at),
  device: 'mobile',
  viaQr: true,
  bot: false,
  ip: '10.0.0.1',
  userAgent: 'phone',
  ...extra,
});

describe('QR analytics', () => {
  let app: Express;
  let auth: Record<string, string>;
  before(async () => {
    ({ app } = await buildTestApp());
  });
  beforeEach(async () => {
    await clearDatabase();
    ({ authHeader: auth } = await signInAs(app, 'admin'));
  });

  it('when scans span midnight, then days and hours are the event zone’s, bots apart, and from/to cut by local day', async () => {
    const event = await buildEvent({ timeZone: 'Europe/Vilnius' });
    const code = await buildQrCode({ eventId: event.id });
    await writeScans([
      // 23:30 UTC on 6 May is 02:30 on 7 May in Vilnius (UTC+3 in summer).
      scan(code.id, '2025-05-06T23:30:00Z'),
      scan(code.id, '2025-05-06T10:00:00Z', { ip: '10.0.0.2', viaQr: false }),
      scan(code.id, '2025-05-06T10:05:00Z'),
      scan(code.id, '2025-05-06T10:06:00Z', { bot: true, device: 'other' }),
    ]);
    const res = await request(app).get(`/api/qr-codes/${code.id}/stats`).set(auth).expect(200);
    assert.equal(res.body.scans, 3);
    assert.equal(res.body.qrScans, 2);
    assert.equal(res.body.linkScans, 1);
    assert.equal(res.body.botScans, 1);
    // The visitor key's salt (and so "unique") is per UTC day: the night scan is the
    // same visitor as the morning one, though it falls on the next local day.
    assert.deepEqual(res.body.byDay, [
      { day: '2025-05-06', scans: 2, uniqueVisitors: 2 },
      { day: '2025-05-07', scans: 1, uniqueVisitors: 0 },
    ]);
    assert.equal(res.body.uniqueVisitors, 2);
    assert.equal(res.body.byHour[13].scans, 2);
    assert.equal(res.body.byHour[2].scans, 1);
    const cut = await request(app)
      .get(`/api/qr-codes/${code.id}/stats?from=2025-05-07&to=2025-05-07`)
      .set(auth)
      .expect(200);
    assert.equal(cut.body.scans, 1);
    await request(app).get(`/api/qr-codes/${code.id}/stats?from=7-5-2025`).set(auth).expect(400);
  });

  it('when the analytics page of an event is opened, then charts, top codes and feedback are on it', async () => {
    const event = await buildEvent();
    const resource = await buildResource();
    const poster = await buildQrCode({
      kind: 'stand-poster',
      label: 'Poster A',
      eventId: event.id,
    });
    const cover = await buildQrCode({
      kind: 'resource',
      label: 'Cover B',
      eventId: event.id,
      target: { resourceId: resource.id },
    });
    await writeScans([
      scan(poster.id, '2025-05-07T08:00:00Z'),
      scan(cover.id, '2025-05-07T08:00:00Z'),
      scan(cover.id, '2025-05-07T09:00:00Z'),
    ]);
    await saveFeedbackOnCode(cover, 4, 'Great <b>summary</b>');
    const page = await request(app)
      .get(`/qr/analytics?scope=event&id=${event.id}`)
      .set(auth)
      .expect(200);
    assert.match(page.text, /<svg class="chart" role="img"/);
    assert.ok(page.text.indexOf('Cover B') < page.text.indexOf('Poster A'), 'top code first');
    assert.match(page.text, /Great &lt;b&gt;summary&lt;\/b&gt;/);
    assert.match(page.text, /average rating 4 of 5/);
    const byResource = await request(app)
      .get(`/qr/analytics?scope=resource&id=${resource.id}`)
      .set(auth)
      .expect(200);
    assert.match(byResource.text, /<td>2<\/td>/);
  });

  it('when codes are placed in a stand zone, then the zone has its own page and CSV, named by the exhibitions’ zone or by its id', async () => {
    const event = await buildEvent({ name: 'Zone Test Forum' });
    const zoneId = new Types.ObjectId().toString();
    const inZone = await buildQrCode({ label: 'Zone poster', eventId: event.id, zoneId });
    const elsewhere = await buildQrCode({ label: 'Elsewhere', eventId: event.id });
    await writeScans([
      scan(inZone.id, '2025-05-07T08:00:00Z'),
      scan(inZone.id, '2025-05-07T08:10:00Z', { ip: '10.0.0.9' }),
      scan(elsewhere.id, '2025-05-07T08:00:00Z'),
    ]);
    const index = await request(app).get('/qr').set(auth).expect(200);
    assert.ok(index.text.includes(`/qr/analytics?scope=zone&amp;id=${zoneId}`));
    const page = await request(app)
      .get(`/qr/analytics?scope=zone&id=${zoneId}`)
      .set(auth)
      .expect(200);
    assert.ok(page.text.includes(`Stand zone …${zoneId.slice(-6)} at Zone Test Forum`));
    assert.ok(page.text.includes('Zone poster'));
    assert.ok(!page.text.includes('Elsewhere'));
    assert.match(page.text, /<th scope="row">Scans<\/th><td>2<\/td>/);
    const csv = await request(app)
      .get(`/api/qr-analytics.csv?scope=zone&id=${zoneId}`)
      .set(auth)
      .expect(200);
    assert.match(csv.text, new RegExp(`"total","${inZone.code}","Zone poster","other","2","2"`));
    assert.ok(!csv.text.includes(elsewhere.code));
    // A zone the exhibitions component knows is named by it (the wiring app.ts makes).
    const { stand, event: standEvent } = await buildStand({ event: { name: 'Stand Forum' } });
    const filmCorner = stand.zones[0]!.id;
    const named = await buildQrCode({
      label: 'Corner poster',
      eventId: standEvent.id,
      zoneId: filmCorner,
    });
    await writeScans([scan(named.id, '2025-05-07T08:00:00Z')]);
    const byName = await request(app)
      .get(`/qr/analytics?scope=zone&id=${filmCorner}`)
      .set(auth)
      .expect(200);
    assert.ok(byName.text.includes('Zone Film corner (Stand Forum)'));
    const indexNamed = await request(app).get('/qr').set(auth).expect(200);
    assert.ok(indexNamed.text.includes('Film corner'));
  });

  it('when feedback is exported as CSV, then formulas are neutralised and quotes escaped', async () => {
    const event = await buildEvent();
    const code = await buildQrCode({ eventId: event.id });
    await saveFeedbackOnCode(code, 2, '=HYPERLINK("https://evil.example","click")');
    await saveFeedbackOnCode(code, 3, '+SUM(A1)');
    await writeScans([scan(code.id, '2025-05-07T08:00:00Z')]);
    const res = await request(app)
      .get(`/api/qr-analytics.csv?scope=event&id=${event.id}&data=feedback`)
      .set(auth)
      .expect(200);
    assert.match(res.headers['content-type'] ?? '', /^text\/csv/);
    assert.ok(res.text.includes(`"'=HYPERLINK(""https://evil.example"",""click"")"`), res.text);
    assert.ok(res.text.includes(`"'+SUM(A1)"`));
    const scans = await request(app)
      .get(`/api/qr-analytics.csv?scope=event&id=${event.id}`)
      .set(auth)
      .expect(200);
    assert.match(scans.text, /"2025-05-07","[a-z0-9]{7}"/);
  });

  it('when a comms user opens an event that is not theirs, then 403; signed out, the page sends to sign-in', async () => {
    const event = await buildEvent();
    const { authHeader } = await signInAs(app, 'comms');
    await request(app).get(`/qr/analytics?scope=event&id=${event.id}`).set(authHeader).expect(403);
    await request(app)
      .get(`/api/qr-analytics.csv?scope=event&id=${event.id}`)
      .set(authHeader)
      .expect(403);
    const out = await request(app).get(`/qr/analytics?scope=event&id=${event.id}`).expect(303);
    assert.match(out.headers.location ?? '', /^\/sign-in/);
  });
});
