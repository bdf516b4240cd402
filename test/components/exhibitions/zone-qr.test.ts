import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { getQrCode, updateQrCode } from '../../../src/components/qr';
import { signInAs } from '../../helpers/auth';
import { buildTestApp, testConfig } from '../../helpers/app';
import { buildEvent } from '../../helpers/factories/events';
import { buildStand } from '../../helpers/factories/exhibitions';
import { buildQrCode } from '../../helpers/factories/qr';
import { clearDatabase } from '../../helpers/hooks';

type ZoneQr = { id: string; code: string; label: string; url: string };
type Zone = { id: string; name: string; qrCodes: ZoneQr[] };

/** Zones hold the QR registry's codes: the code's zone placement is the one record of where it hangs. */
describe('exhibitions API: QR codes in zones', () => {
  let app: Express;
  let base: string;
  let auth: Record<string, string>;

  beforeEach(async () => {
    await clearDatabase();
    const config = testConfig();
    app = (await buildTestApp({ config })).app;
    base = config.publicBaseUrl;
    auth = (await signInAs(app, 'admin')).authHeader;
  });

  const zones = async (standId: string): Promise<Zone[]> =>
    (await request(app).get(`/api/stands/${standId}`).set(auth).expect(200)).body.zones;

  it('when registered codes of the event are placed in a zone, then the stand shows their label and short address and the registry knows the zone', async () => {
    const { stand, event } = await buildStand();
    const zoneId = stand.zones[0]!.id;
    const poster = await buildQrCode({ eventId: event.id, label: 'Stand poster' });
    const booklet = await buildQrCode({ eventId: event.id, label: 'Booklet' });
    await request(app)
      .patch(`/api/stands/${stand.id}/zones/${zoneId}`)
      .set(auth)
      .send({ qrCodeIds: [poster.id, booklet.id] })
      .expect(200);
    const [zone] = await zones(stand.id);
    assert.deepEqual(zone!.qrCodes.map((c) => [c.label, c.url]).sort(), [
      ['Booklet', `${base}/q/${booklet.code}`],
      ['Stand poster', `${base}/q/${poster.code}`],
    ]);
    assert.equal((await getQrCode(poster.id, base)).zoneId, zoneId);

    // The registry stays the truth: a relabelled code shows its new label.
    await updateQrCode(poster.id, { label: 'Stand poster (A1)' }, base);
    assert.ok((await zones(stand.id))[0]!.qrCodes.some((c) => c.label === 'Stand poster (A1)'));

    // Leaving a code out takes it off the zone.
    await request(app)
      .patch(`/api/stands/${stand.id}/zones/${zoneId}`)
      .set(auth)
      .send({ qrCodeIds: [booklet.id] })
      .expect(200);
    assert.deepEqual(
      (await zones(stand.id))[0]!.qrCodes.map((c) => c.id),
      [booklet.id],
    );
    assert.equal((await getQrCode(poster.id, base)).zoneId, undefined);
  });

  it('when a code id is unknown or of another event, then 400 unknown_qr_code with the entry’s path and nothing changes', async () => {
    const { stand, event } = await buildStand();
    const zoneId = stand.zones[0]!.id;
    const placed = await buildQrCode({ eventId: event.id });
    const foreign = await buildQrCode({ eventId: (await buildEvent()).id });
    await request(app)
      .patch(`/api/stands/${stand.id}/zones/${zoneId}`)
      .set(auth)
      .send({ qrCodeIds: [placed.id] })
      .expect(200);
    const unknown = await request(app)
      .patch(`/api/stands/${stand.id}/zones/${zoneId}`)
      .set(auth)
      .send({ name: 'Renamed', qrCodeIds: [placed.id, '0123456789abcdef01234567'] })
      .expect(400);
    assert.equal(unknown.body.code, 'unknown_qr_code');
    assert.deepEqual(
      unknown.body.errors.map((e: { path: string }) => e.path),
      ['qrCodeIds.1'],
    );
    const other = await request(app)
      .post(`/api/stands/${stand.id}/zones`)
      .set(auth)
      .send({ kind: 'resource-corner', name: 'Resource corner', qrCodeIds: [foreign.id] })
      .expect(400);
    assert.equal(other.body.code, 'unknown_qr_code');
    const after = await zones(stand.id);
    assert.deepEqual(
      after.map((z) => [z.name, z.qrCodes.map((c) => c.id)]),
      [['Film corner', [placed.id]]],
    );
    assert.equal((await getQrCode(foreign.id, base)).zoneId, undefined);

    const plain = await request(app)
      .post(`/api/stands/${stand.id}/zones`)
      .set(auth)
      .send({ kind: 'other', name: 'Wall', items: [{ kind: 'qr-code', label: 'x', ref: 'abc' }] })
      .expect(400);
    assert.equal(plain.body.errors[0].path, 'items.0.kind');
  });

  it('when a zone is removed, then its codes no longer name it', async () => {
    const { stand, event } = await buildStand();
    const code = await buildQrCode({ eventId: event.id });
    const added = await request(app)
      .post(`/api/stands/${stand.id}/zones`)
      .set(auth)
      .send({ kind: 'postcard-wall', name: 'Postcard wall', qrCodeIds: [code.id] })
      .expect(201);
    assert.equal((await getQrCode(code.id, base)).zoneId, added.body.id);
    assert.deepEqual(
      added.body.qrCodes.map((c: ZoneQr) => c.code),
      [code.code],
    );
    await request(app)
      .delete(`/api/stands/${stand.id}/zones/${added.body.id}`)
      .set(auth)
      .expect(204);
    assert.equal((await getQrCode(code.id, base)).zoneId, undefined);
  });
});
