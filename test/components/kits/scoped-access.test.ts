import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { buildTestApp } from '../../helpers/app';
import { signInAs, signInWithSession } from '../../helpers/auth';
import { buildEvent, buildProject } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';

/** Recipients are personal data: lists and exports hold only the actor's events' hand-outs. */
describe('kits: recipients only for the events one manages', function () {
  this.timeout(60_000);
  let app: Express;
  let admin: Record<string, string>;
  let eventA: { id: string };
  let eventB: { id: string };
  before(async () => {
    ({ app } = await buildTestApp());
  });
  beforeEach(async () => {
    await clearDatabase();
    ({ authHeader: admin } = await signInAs(app, 'admin'));
    [eventA, eventB] = [await buildEvent(), await buildEvent()];
    const kitType = await request(app)
      .post('/api/kit-types')
      .set(admin)
      .send({ name: 'Dominoes', serialPrefix: 'DOM', projectId: (await buildProject()).id })
      .expect(201);
    await request(app)
      .post(`/api/kit-types/${kitType.body.id}/kits`)
      .set(admin)
      .send({ count: 2 })
      .expect(201);
    for (const [event, email] of [
      [eventA, 'ana@city-a.example'],
      [eventB, 'bo@city-b.example'],
    ] as const) {
      await request(app)
        .post(`/api/kit-types/${kitType.body.id}/hand-out`)
        .set(admin)
        .send({ recipient: { name: email.split('@')[0], email }, eventId: event.id })
        .expect(201);
    }
  });

  it('the hand-outs CSV holds only the actor’s events (admins: all; no events: none)', async () => {
    const { authHeader: commsA } = await signInAs(app, 'comms', { eventIds: [eventA.id] });
    const { authHeader: nobody } = await signInAs(app, 'comms');
    const csvOf = async (auth: Record<string, string>) =>
      (await request(app).get('/api/kit-exports/hand-outs.csv').set(auth).expect(200)).text;
    const own = await csvOf(commsA);
    assert.match(own, /ana@city-a\.example/);
    assert.doesNotMatch(own, /bo@city-b\.example/);
    assert.equal(own.trim().split('\n').length, 2, 'header and the one hand-out of event A');
    const all = await csvOf(admin);
    assert.match(all, /ana@city-a\.example/);
    assert.match(all, /bo@city-b\.example/);
    assert.equal((await csvOf(nobody)).trim().split('\n').length, 1, 'the header only');
  });

  it('the hand-outs API lists the actor’s events and refuses another event by name', async () => {
    const { authHeader: commsA } = await signInAs(app, 'comms', { eventIds: [eventA.id] });
    const listed = await request(app).get('/api/hand-outs').set(commsA).expect(200);
    assert.deepEqual(
      listed.body.items.map((h: { eventId: string }) => h.eventId),
      [eventA.id],
    );
    await request(app).get(`/api/hand-outs?eventId=${eventB.id}`).set(commsA).expect(403);
    const both = await request(app).get('/api/hand-outs').set(admin).expect(200);
    assert.equal(both.body.items.length, 2);
  });

  it('the hand-outs page shows the recipients of the actor’s events only', async () => {
    const { jar } = await signInWithSession(app, 'comms', { eventIds: [eventA.id] });
    const page = await request(app).get('/kits/hand-outs').set('Cookie', jar.header()).expect(200);
    assert.match(page.text, />\s*ana\b/);
    assert.doesNotMatch(page.text, /\bbo\b/);
  });
});
