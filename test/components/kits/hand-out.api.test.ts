import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { signInAs } from '../../helpers/auth';
import { buildProject } from '../../helpers/factories/events';
import { buildTestApp } from '../../helpers/app';
import { buildEvent } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';

describe('kits API: hand-outs', function () {
  this.timeout(60_000);
  let app: Express;
  let comms: Record<string, string>;
  let staff: Record<string, string>;
  /** The event the booth staff record hand-outs at. */
  let event: { id: string };
  let typeId: string;
  let kits: { id: string; serial: string; qrCode: string }[];
  before(async () => {
    ({ app } = await buildTestApp());
  });
  beforeEach(async () => {
    await clearDatabase();
    ({ authHeader: comms } = await signInAs(app, 'admin'));
    // Booth staff record hand-outs as comms users of the kit type's project (facilitators
    // have no organiser rights outside the World Café).
    const projectId = (await buildProject()).id;
    event = await buildEvent();
    ({ authHeader: staff } = await signInAs(app, 'comms', {
      projectIds: [projectId],
      eventIds: [event.id],
    }));
    const type = await request(app)
      .post('/api/kit-types')
      .set(comms)
      .send({ name: 'Dominoes', serialPrefix: 'DOM', projectId })
      .expect(201);
    typeId = type.body.id;
    kits = (
      await request(app)
        .post(`/api/kit-types/${typeId}/kits`)
        .set(comms)
        .send({ count: 3 })
        .expect(201)
    ).body.items;
  });

  const recipient = {
    name: 'Ona Test',
    organisation: 'City of Testville',
    city: 'Testville',
    country: 'lt',
    email: 'ona@example.org',
  };

  it('when a kit is handed out, then the hand-out has a recipientId and consents with version and time', async () => {
    const res = await request(app)
      .post(`/api/kits/${kits[0]!.id}/hand-out`)
      .set(staff)
      .send({ recipient, consents: { followUp: true, newsletter: false }, eventId: event.id })
      .expect(201);
    assert.match(res.body.recipientId, /^[0-9a-f]{24}$/);
    assert.equal(res.body.serial, 'DOM-0001');
    assert.equal(res.body.country, 'LT');
    assert.equal(res.body.consents.followUp.given, true);
    assert.equal(res.body.consents.newsletter.given, false);
    assert.equal(res.body.consents.followUp.textVersion, '2025-05-v1');
    assert.ok(!Number.isNaN(Date.parse(res.body.consents.followUp.at)));
    const kit = await request(app).get(`/api/kits/${kits[0]!.id}`).set(staff).expect(200);
    assert.equal(kit.body.status, 'handed-out');
  });

  it('when a kit is handed out twice, then 409 names the current holder', async () => {
    await request(app)
      .post(`/api/kits/${kits[0]!.id}/hand-out`)
      .set(staff)
      .send({ recipient })
      .expect(201);
    const res = await request(app)
      .post(`/api/kits/${kits[0]!.id}/hand-out`)
      .set(staff)
      .send({ recipient: { name: 'Someone Else' } })
      .expect(409);
    assert.equal(res.body.code, 'kit_already_handed_out');
    assert.equal(res.body.holder.name, 'Ona Test');
    assert.equal(res.body.holder.organisation, 'City of Testville');
    await request(app).post(`/api/kits/${kits[0]!.id}/hand-out`).send({ recipient }).expect(401);
  });

  it('when the same entry arrives twice (same clientId), then it is stored once and answered with the first', async () => {
    const body = { code: kits[1]!.serial, recipient, clientId: 'entry-0001-abcdef' };
    const first = await request(app).post('/api/hand-outs').set(staff).send(body).expect(201);
    const again = await Promise.all(
      [1, 2, 3].map(() => request(app).post('/api/hand-outs').set(staff).send(body)),
    );
    for (const res of again) {
      assert.equal(res.status, 200);
      assert.equal(res.body.id, first.body.id);
    }
    const list = await request(app).get('/api/hand-outs').set(comms).expect(200);
    assert.equal(list.body.items.length, 1);
  });

  it('finds the kit by serial, short code or the scanned address; without a code it takes one from stock', async () => {
    const byCode = await request(app)
      .post('/api/hand-outs')
      .set(staff)
      .send({ code: kits[0]!.qrCode })
      .expect(201);
    assert.equal(byCode.body.serial, kits[0]!.serial);
    assert.equal(byCode.body.recipientId, undefined);
    const scanned = `https://forumkit.test/q/${kits[1]!.qrCode}?s=qr`;
    assert.equal(
      (await request(app).post('/api/hand-outs').set(staff).send({ code: scanned }).expect(201))
        .body.serial,
      kits[1]!.serial,
    );
    const stock = await request(app)
      .post(`/api/kit-types/${typeId}/hand-out`)
      .set(staff)
      .send({ recipient })
      .expect(201);
    assert.equal(stock.body.serial, kits[2]!.serial);
    const empty = await request(app)
      .post(`/api/kit-types/${typeId}/hand-out`)
      .set(staff)
      .send({})
      .expect(409);
    assert.equal(empty.body.code, 'out_of_stock');
    const unknown = await request(app)
      .post('/api/hand-outs')
      .set(staff)
      .send({ code: 'DOM-9999' })
      .expect(404);
    assert.equal(unknown.body.code, 'kit_not_found');
  });

  it('rejects bad input with a clear 4xx and stores nothing', async () => {
    const bad = [
      { code: kits[0]!.serial, recipient: { email: 'not-an-e-mail' } },
      { code: kits[0]!.serial, recipient: { country: 'Lithuania' } },
      { code: kits[0]!.serial, consents: { followUp: 'yes' } },
      { code: kits[0]!.serial, consents: { textVersion: 'unknown' } },
      { code: kits[0]!.serial, clientId: 'x' },
      { code: kits[0]!.serial, recipient: { name: { $gt: '' } } },
      {},
    ];
    for (const body of bad) {
      const res = await request(app).post('/api/hand-outs').set(staff).send(body);
      assert.ok(res.status === 400, `${JSON.stringify(body)} → ${res.status}`);
    }
    const list = await request(app)
      .get(`/api/kits?kitTypeId=${typeId}&status=in-stock`)
      .set(staff)
      .expect(200);
    assert.equal(list.body.total, 3);
  });

  it('records a tally without recipients; consent is never assumed without an e-mail', async () => {
    const tally = await request(app)
      .post(`/api/kit-types/${typeId}/aggregate-hand-outs`)
      .set(comms)
      .send({ count: 250, countQualifier: 'more-than', eventId: event.id })
      .expect(201);
    assert.equal(tally.body.kind, 'aggregate');
    assert.equal(tally.body.count, 250);
    await request(app)
      .post(`/api/kit-types/${typeId}/aggregate-hand-outs`)
      .set(comms)
      .send({ count: 5 })
      .expect(400);
    const noMail = await request(app)
      .post('/api/hand-outs')
      .set(staff)
      .send({ code: kits[0]!.serial, recipient: { name: 'No Mail' }, consents: { followUp: true } })
      .expect(201);
    assert.equal(noMail.body.consents.followUp.given, false);
  });
});
