import assert from 'node:assert/strict';
import type { Express } from 'express';
import mongoose from 'mongoose';
import request from 'supertest';
import { EJSON } from 'bson';
import { signInAs } from '../../helpers/auth';
import { buildTestApp } from '../../helpers/app';
import { buildEvent } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';

/** Every document of every collection, as text: where a value could hide. */
async function wholeDatabase(): Promise<string> {
  const db = mongoose.connection.db!;
  const parts: string[] = [];
  for (const collection of await db.collections()) {
    const docs = await collection.find({}).toArray();
    parts.push(EJSON.stringify(docs));
  }
  return parts.join('\n').toLowerCase();
}

describe('kits: personal data (export, anonymise, automatic anonymisation)', function () {
  this.timeout(60_000);
  let app: Express;
  let admin: Record<string, string>;
  let typeId: string;
  let kits: { id: string; serial: string }[];
  let now: Date;

  beforeEach(async () => {
    await clearDatabase();
    now = new Date();
    ({ app } = await buildTestApp({ clock: () => now }));
    ({ authHeader: admin } = await signInAs(app, 'admin'));
    typeId = (
      await request(app)
        .post('/api/kit-types')
        .set(admin)
        .send({ name: 'Dominoes', serialPrefix: 'DOM', anonymiseAfterDays: 30 })
        .expect(201)
    ).body.id;
    kits = (
      await request(app)
        .post(`/api/kit-types/${typeId}/kits`)
        .set(admin)
        .send({ count: 3 })
        .expect(201)
    ).body.items;
  });

  const person = {
    name: 'Gintarė Unikalė',
    organisation: 'Savivaldybė Zzyzx',
    city: 'Kaunas',
    country: 'LT',
    email: 'gintare.unikale@example.org',
  };

  it('exports everything about a recipient, then anonymises them: nothing of theirs is left anywhere, the counts stay', async () => {
    const handOut = (
      await request(app)
        .post(`/api/kits/${kits[0]!.id}/hand-out`)
        .set(admin)
        .send({ recipient: person, consents: { followUp: true, newsletter: true } })
        .expect(201)
    ).body;
    await request(app)
      .post(`/api/kits/${kits[1]!.id}/hand-out`)
      .set(admin)
      .send({ recipient: { name: 'Other Person', email: 'other@example.org' } })
      .expect(201);
    await request(app)
      .post(`/k/${kits[0]!.serial}/claim`)
      .type('form')
      .send({ email: 'x@example.org' })
      .expect(200);
    await request(app)
      .post('/api/kit-follow-ups/send-now')
      .set(admin)
      .send({ handOutIds: [handOut.id] })
      .expect(200);
    assert.ok((await wholeDatabase()).includes('unikal'), 'the data is there before');
    const before = (await request(app).get('/api/kit-reports').set(admin).expect(200)).body;

    const exported = await request(app)
      .get(`/api/recipients/${handOut.recipientId}/export`)
      .set(admin)
      .expect(200);
    assert.equal(exported.body.recipient.name, person.name);
    assert.equal(exported.body.recipient.email, person.email);
    assert.equal(exported.body.handOuts.length, 1);
    assert.equal(exported.body.handOuts[0].serial, kits[0]!.serial);
    assert.equal(exported.body.handOuts[0].consents.followUp.textVersion, '2025-05-v1');
    assert.ok(exported.body.emails.length >= 2, 'receipt, claim and follow-up e-mails are listed');

    await request(app).delete(`/api/recipients/${handOut.recipientId}`).set(admin).expect(200);
    const everything = await wholeDatabase();
    for (const value of [person.name, person.organisation, person.email, 'unikal', 'zzyzx'])
      assert.ok(!everything.includes(value.toLowerCase()), `${value} is still in the database`);
    assert.ok(everything.includes('other@example.org'), 'other recipients stay');
    const after = (await request(app).get('/api/kit-reports').set(admin).expect(200)).body;
    assert.deepEqual(after, before);
    const again = await request(app)
      .get(`/api/recipients/${handOut.recipientId}/export`)
      .set(admin)
      .expect(200);
    assert.equal(again.body.recipient.name, undefined);
    assert.ok(again.body.recipient.anonymisedAt);
  });

  it('anonymises automatically the configured days after the event, not before', async () => {
    const end = new Date(now.getTime() - 10 * 86_400_000).toISOString().slice(0, 10);
    const event = await buildEvent({ startDate: end, endDate: end });
    const handOut = (
      await request(app)
        .post(`/api/kits/${kits[0]!.id}/hand-out`)
        .set(admin)
        .send({ recipient: person, eventId: event.id })
        .expect(201)
    ).body;
    // At no event: the days count from the hand-out (ten days ago here).
    const atNoEvent = (
      await request(app)
        .post(`/api/kits/${kits[1]!.id}/hand-out`)
        .set(admin)
        .send({
          recipient: { name: 'Without Event', email: 'without.event@example.org' },
          handedOutAt: new Date(now.getTime() - 10 * 86_400_000).toISOString(),
        })
        .expect(201)
    ).body;
    assert.equal(
      (await request(app).post('/api/recipients/anonymise-after-events').set(admin).expect(200))
        .body.anonymised,
      0,
    );
    now = new Date(now.getTime() + 25 * 86_400_000);
    ({ authHeader: admin } = await signInAs(app, 'admin'));
    assert.equal(
      (await request(app).post('/api/recipients/anonymise-after-events').set(admin).expect(200))
        .body.anonymised,
      2,
    );
    const other = await request(app)
      .get(`/api/recipients/${atNoEvent.recipientId}/export`)
      .set(admin)
      .expect(200);
    assert.equal(other.body.recipient.name, undefined);
    const exported = await request(app)
      .get(`/api/recipients/${handOut.recipientId}/export`)
      .set(admin)
      .expect(200);
    assert.equal(exported.body.recipient.email, undefined);
  });

  it('only admins see or erase recipients; unknown ids are 404', async () => {
    const handOut = (
      await request(app)
        .post(`/api/kits/${kits[0]!.id}/hand-out`)
        .set(admin)
        .send({ recipient: person })
        .expect(201)
    ).body;
    const { authHeader: comms } = await signInAs(app, 'comms');
    await request(app).get(`/api/recipients/${handOut.recipientId}/export`).set(comms).expect(403);
    await request(app).delete(`/api/recipients/${handOut.recipientId}`).set(comms).expect(403);
    await request(app).delete('/api/recipients/000000000000000000000000').set(admin).expect(404);
    await request(app).get('/api/recipients/nonsense/export').set(admin).expect(404);
  });
});
