import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { listAllQrCodes } from '../../../src/components/qr';
import { KitTypeModel } from '../../../src/components/kits/kit-type.model';
import { signInAs } from '../../helpers/auth';
import { buildTestApp } from '../../helpers/app';
import { buildProject } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';

describe('kits API: kit types, batches and kits', function () {
  this.timeout(60_000);
  let app: Express;
  let auth: Record<string, string>;
  // Kit types are event-less things of their project: the comms user works for it.
  let projectId: string;
  before(async () => {
    ({ app } = await buildTestApp());
  });
  beforeEach(async () => {
    await clearDatabase();
    projectId = (await buildProject()).id;
    ({ authHeader: auth } = await signInAs(app, 'comms', { projectIds: [projectId] }));
  });

  async function kitType(prefix = 'DOM') {
    const res = await request(app)
      .post('/api/kit-types')
      .set(auth)
      .send({
        name: 'Dominoes',
        projectId,
        serialPrefix: prefix,
        instructionsUrl: 'https://example.org/how',
      })
      .expect(201);
    return res.body as { id: string; serialPrefix: string };
  }

  it('when 300 kits are made, then there are 300 serials and 300 kit QR codes leading to the kit pages', async () => {
    const type = await kitType();
    const res = await request(app)
      .post(`/api/kit-types/${type.id}/kits`)
      .set(auth)
      .send({ count: 300 })
      .expect(201);
    assert.equal(res.body.count, 300);
    assert.equal(new Set(res.body.serials).size, 300);
    assert.equal(res.body.serials[0], 'DOM-0001');
    assert.equal(res.body.serials[299], 'DOM-0300');
    const codes = await listAllQrCodes({}, 'https://forumkit.test');
    assert.equal(codes.filter((c) => c.kind === 'kit').length, 300);
    const kit = res.body.items[41];
    const code = codes.find((c) => c.id === kit.qrCodeId);
    assert.equal(code?.code, kit.qrCode);
    assert.deepEqual(code?.target, { type: 'kit', id: kit.id });
    const scan = await request(app).get(`/q/${kit.qrCode}?s=qr`).expect(302);
    assert.equal(scan.headers.location, `/k/${kit.serial}?c=${kit.qrCode}`);

    const more = await request(app)
      .post(`/api/kit-types/${type.id}/kits`)
      .set(auth)
      .send({ count: 2 })
      .expect(201);
    assert.deepEqual(more.body.serials, ['DOM-0301', 'DOM-0302']);
    const listed = await request(app)
      .get(`/api/kits?kitTypeId=${type.id}&status=in-stock&limit=5`)
      .set(auth)
      .expect(200);
    assert.equal(listed.body.total, 302);
    assert.deepEqual(
      Object.keys(listed.body.items[0])
        .sort()
        .filter((k) => ['id', 'serial', 'status', 'qrCodeId'].includes(k)),
      ['id', 'qrCodeId', 'serial', 'status'],
    );
  });

  it('when a bulk creation fails half-way, then no kit and no QR code of it is left', async () => {
    const type = await kitType();
    await request(app)
      .post(`/api/kit-types/${type.id}/kits`)
      .set(auth)
      .send({ count: 10 })
      .expect(201);
    // The counter set back: the next run draws DOM-0006… which exist, so the run fails at the end.
    await KitTypeModel.updateOne({ _id: type.id }, { $set: { lastSerial: 5 } });
    const before = (await listAllQrCodes({}, 'https://forumkit.test')).length;
    const res = await request(app)
      .post(`/api/kit-types/${type.id}/kits`)
      .set(auth)
      .send({ count: 20 });
    assert.ok(res.status >= 400, `status ${res.status}`);
    assert.equal((await listAllQrCodes({}, 'https://forumkit.test')).length, before);
    const listed = await request(app).get(`/api/kits?kitTypeId=${type.id}`).set(auth).expect(200);
    assert.equal(listed.body.total, 10);
    assert.equal((await KitTypeModel.findById(type.id).lean())?.lastSerial, 5);
  });

  it('rejects bad input with a clear 4xx and stores nothing', async () => {
    await request(app)
      .post('/api/kit-types')
      .set(auth)
      .send({ name: 'x', serialPrefix: '1' })
      .expect(400);
    await request(app)
      .post('/api/kit-types')
      .set(auth)
      .send({ name: 'x', serialPrefix: 'AB', instructionsUrl: 'javascript:alert(1)' })
      .expect(400);
    const type = await kitType('ABC');
    await request(app)
      .post('/api/kit-types')
      .set(auth)
      .send({ name: 'y', serialPrefix: 'ABC', projectId })
      .expect(409);
    for (const count of [0, -1, 2001, '5', 1.5]) {
      const res = await request(app)
        .post(`/api/kit-types/${type.id}/kits`)
        .set(auth)
        .send({ count })
        .expect(400);
      assert.equal(res.body.code, 'validation_failed');
    }
    await request(app)
      .post('/api/kit-types/000000000000000000000000/kits')
      .set(auth)
      .send({ count: 1 })
      .expect(404);
    await request(app).get('/api/kits?status=lost').set(auth).expect(400);
    assert.equal((await listAllQrCodes({}, 'https://forumkit.test')).length, 0);
  });

  it('keeps batches and their moves with dates; facilitators cannot create kit types', async () => {
    const type = await kitType();
    const batch = await request(app)
      .post('/api/kit-batches')
      .set(auth)
      .send({
        kitTypeId: type.id,
        label: 'Print run 1',
        quantity: 300,
        at: '2025-04-01T09:00:00+03:00',
      })
      .expect(201);
    assert.equal(batch.body.location, 'warehouse');
    const moved = await request(app)
      .post(`/api/kit-batches/${batch.body.id}/moves`)
      .set(auth)
      .send({ location: 'shipped', at: '2025-05-02T09:00:00+03:00', note: 'to Vilnius' })
      .expect(200);
    assert.deepEqual(
      moved.body.moves.map((m: { location: string }) => m.location),
      ['warehouse', 'shipped'],
    );
    const kits = await request(app)
      .post(`/api/kit-types/${type.id}/kits`)
      .set(auth)
      .send({ count: 3, batchId: batch.body.id })
      .expect(201);
    assert.equal(kits.body.items[0].batchId, batch.body.id);
    const { authHeader: facilitator } = await signInAs(app, 'facilitator');
    await request(app)
      .post('/api/kit-types')
      .set(facilitator)
      .send({ name: 'z', serialPrefix: 'ZZ' })
      .expect(403);
    await request(app).get('/api/kit-types').expect(401);
  });

  it('changes follow-up weeks and automatic anonymisation of a kit type, never its printed serial prefix', async () => {
    const type = await kitType();
    const patch = (body: object, headers = auth) =>
      request(app).patch(`/api/kit-types/${type.id}`).set(headers).send(body);
    const changed = await patch({ followUpWeeks: [12, 4, 4, 26], anonymiseAfterDays: 90 }).expect(
      200,
    );
    assert.deepEqual(changed.body.followUpWeeks, [4, 12, 26]);
    assert.equal(changed.body.anonymiseAfterDays, 90);
    const off = await patch({ anonymiseAfterDays: null, description: 'New text' }).expect(200);
    assert.equal(off.body.anonymiseAfterDays, undefined);
    assert.equal(off.body.description, 'New text');
    assert.deepEqual(
      (await request(app).get(`/api/kit-types/${type.id}`).set(auth).expect(200)).body
        .followUpWeeks,
      [4, 12, 26],
    );
    assert.equal((await patch({ serialPrefix: 'NEW' }).expect(400)).body.code, 'validation_failed');
    await patch({}).expect(400);
    await patch({ followUpWeeks: [0] }).expect(400);
    await patch({ instructionsUrl: 'javascript:alert(1)' }).expect(400);
    await request(app)
      .patch('/api/kit-types/0123456789abcdef01234567')
      .set(auth)
      .send({ name: 'x' })
      .expect(404);
    const { authHeader: facilitator } = await signInAs(app, 'facilitator');
    await patch({ name: 'x' }, facilitator).expect(403);
    await request(app).patch(`/api/kit-types/${type.id}`).send({ name: 'x' }).expect(401);
  });
});
