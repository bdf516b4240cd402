import assert from 'node:assert/strict';
import type { Express } from 'express';
import mongoose from 'mongoose';
import sharp from 'sharp';
import request from 'supertest';
import { revokeCapabilityLink, listCapabilityLinks } from '../../../src/components/auth';
import type { SessionView, TableView } from '../../../src/components/world-cafe';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildEvent } from '../../helpers/factories/events';
import { buildWorldCafeSession, buildWorldCafeTable } from '../../helpers/factories/world-cafe';
import { clearDatabase } from '../../helpers/hooks';

type Header = Record<string, string>;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Two events; session A (event A) is facilitated by `facilitatorOwn`, session B (event
 * B) by `facilitatorOther`. Comms users manage one event each.
 */
async function world(app: Express) {
  const [eventA, eventB] = [await buildEvent(), await buildEvent()];
  const admin = await signInAs(app, 'admin');
  const facilitatorOwn = await signInAs(app, 'facilitator');
  const facilitatorOther = await signInAs(app, 'facilitator');
  const commsOwn = await signInAs(app, 'comms', { eventIds: [eventA.id] });
  const commsOther = await signInAs(app, 'comms', { eventIds: [eventB.id] });
  const sessionA = await buildWorldCafeSession({
    eventId: eventA.id,
    facilitatorIds: [facilitatorOwn.user.id],
  });
  const sessionB = await buildWorldCafeSession({
    eventId: eventB.id,
    facilitatorIds: [facilitatorOther.user.id],
  });
  const table = await buildWorldCafeTable({ sessionId: sessionA.id, number: 1 });
  const otherTable = await buildWorldCafeTable({ sessionId: sessionA.id, number: 2 });
  return {
    eventA,
    eventB,
    sessionA,
    sessionB,
    table,
    otherTable,
    admin: admin.authHeader,
    facilitatorOwn: facilitatorOwn.authHeader,
    facilitatorOther: facilitatorOther.authHeader,
    facilitatorOwnId: facilitatorOwn.user.id,
    commsOwn: commsOwn.authHeader,
    commsOther: commsOther.authHeader,
  };
}

async function captureLink(app: Express, admin: Header, tableId: string, expiresInDays = 7) {
  const res = await request(app)
    .post(`/api/world-cafe/tables/${tableId}/capture-links`)
    .set(admin)
    .send({ expiresInDays })
    .expect(201);
  return { Authorization: `Bearer ${(res.body as { key: string }).key}` };
}

const tableDoc = (id: string) =>
  mongoose.connection.db!.collection('worldcafetables').findOne({
    _id: new mongoose.Types.ObjectId(id),
  });
const count = (collection: string, filter: Record<string, unknown> = {}) =>
  mongoose.connection.db!.collection(collection).countDocuments(filter);

describe('world café: access by scope', function () {
  this.timeout(60_000);
  let app: Express;
  let now = new Date();
  before(async () => {
    ({ app } = await buildTestApp({ clock: () => now }));
  });
  beforeEach(async () => {
    now = new Date();
    await clearDatabase();
  });

  it('when key outcomes are replaced, then a facilitator of another session and a comms user of another event get 403, anonymous 401; own facilitator, own comms and admin 200', async () => {
    const w = await world(app);
    const put = (who: Header | undefined, baseVersion: number, text: string) => {
      const call = request(app).put(`/api/world-cafe/tables/${w.table.id}/outcomes`);
      return (who ? call.set(who) : call).send({ baseVersion, items: [{ text }] });
    };
    await put(undefined, 0, 'anonymous').expect(401);
    for (const refused of [w.facilitatorOther, w.commsOther]) {
      const res = await put(refused, 0, 'not theirs').expect(403);
      assert.equal(res.body.code, 'forbidden');
    }
    assert.equal((await tableDoc(w.table.id))!.outcomes.version, 0);
    await put(w.facilitatorOwn, 0, 'by the facilitator').expect(200);
    await put(w.commsOwn, 1, 'by the comms user').expect(200);
    const last = await put(w.admin, 2, 'by the admin').expect(200);
    assert.deepEqual(
      (last.body as { items: { text: string }[]; version: number }).items.map((o) => o.text),
      ['by the admin'],
    );
    assert.equal((await tableDoc(w.table.id))!.outcomes.version, 3);
  });

  it('when a facilitator of another session captures notes, quotes, dots, counts, drafts and photos, then each is 403 and nothing is stored; the own facilitator stores each', async () => {
    const w = await world(app);
    const base = `/api/world-cafe/tables/${w.table.id}`;
    const photo = await sharp({
      create: { width: 40, height: 30, channels: 3, background: '#abcdef' },
    })
      .jpeg()
      .toBuffer();
    const writes = (who: Header) => [
      () => request(app).put(`${base}/notes/note-policy-01`).set(who).send({ text: 'A note' }),
      () =>
        request(app)
          .put(`${base}/quotes/quote-policy-01`)
          .set(who)
          .send({ text: 'A quote', consent: true }),
      () =>
        request(app)
          .put(`${base}/dots/dot-policy-0001`)
          .set(who)
          .send({ noteId: 'note-policy-01' }),
      () => request(app).put(`${base}/participant-counts/1`).set(who).send({ count: 6 }),
      () => request(app).put(`${base}/summary`).set(who).send({ text: 'Draft text' }),
      () =>
        request(app)
          .put(`${base}/photos/photo-policy-01`)
          .set(who)
          .set('Content-Type', 'image/jpeg')
          .send(photo),
      () => request(app).get(`${base}/notes`).set(who),
    ];
    for (const [i, write] of writes(w.facilitatorOther).entries()) {
      const res = await write();
      const label = `write #${i}`;
      assert.equal(res.status, 403, `${label}: ${res.text}`);
    }
    const table = await tableDoc(w.table.id);
    assert.deepEqual(
      await Promise.all([
        count('worldcafenotes'),
        count('worldcafequotes'),
        count('worldcafevotes'),
        count('worldcafephotos'),
        count('worldcafechanges'),
      ]),
      [0, 0, 0, 0, 0],
    );
    assert.deepEqual(table!.participantCounts, []);
    assert.equal(table!.summary.text, '');

    const statuses = [];
    for (const write of writes(w.facilitatorOwn)) statuses.push((await write()).status);
    assert.deepEqual(statuses, [201, 201, 201, 200, 200, 201, 200]);
    assert.equal((await tableDoc(w.table.id))!.summary.text, 'Draft text');
  });

  it("when a table's key is used, then it opens its own table only: another table's key 403 capability_invalid, expired capability_expired, revoked capability_revoked", async () => {
    const w = await world(app);
    const own = await captureLink(app, w.admin, w.table.id, 1);
    const other = await captureLink(app, w.admin, w.otherTable.id);
    const note = (key: Header, clientId: string) =>
      request(app)
        .put(`/api/world-cafe/tables/${w.table.id}/notes/${clientId}`)
        .set(key)
        .send({ text: 'By key' });
    await note(own, 'note-key-000001').expect(201);
    assert.equal(
      (await note(other, 'note-key-000002').expect(403)).body.code,
      'capability_invalid',
    );

    now = new Date(Date.now() + 2 * DAY_MS);
    assert.equal((await note(own, 'note-key-000003').expect(403)).body.code, 'capability_expired');
    now = new Date();

    const [link] = (await listCapabilityLinks({ resourceId: w.otherTable.id })).items;
    await revokeCapabilityLink(link!.id);
    const revoked = await request(app)
      .put(`/api/world-cafe/tables/${w.otherTable.id}/notes/note-key-000004`)
      .set(other)
      .send({ text: 'By a revoked key' })
      .expect(403);
    assert.equal(revoked.body.code, 'capability_revoked');
    assert.equal(await count('worldcafenotes'), 1);
  });

  it('when sessions are read, then a facilitator lists and opens only the sessions they facilitate; comms users of another event get 403', async () => {
    const w = await world(app);
    const sessionA2 = await buildWorldCafeSession({ eventId: w.eventA.id });
    const list = await request(app)
      .get(`/api/world-cafe/sessions?eventId=${w.eventA.id}`)
      .set(w.facilitatorOwn)
      .expect(200);
    assert.deepEqual(
      (list.body as { items: SessionView[] }).items.map((s) => s.id),
      [w.sessionA.id],
    );
    const all = await request(app)
      .get(`/api/world-cafe/sessions?eventId=${w.eventA.id}`)
      .set(w.commsOwn)
      .expect(200);
    assert.equal((all.body as { items: SessionView[] }).items.length, 2);
    await request(app)
      .get(`/api/world-cafe/sessions?eventId=${w.eventA.id}`)
      .set(w.commsOther)
      .expect(403);
    await request(app)
      .get(`/api/world-cafe/sessions/${w.sessionA.id}`)
      .set(w.facilitatorOwn)
      .expect(200);
    await request(app)
      .get(`/api/world-cafe/sessions/${sessionA2.id}`)
      .set(w.facilitatorOwn)
      .expect(403);
    await request(app)
      .get(`/api/world-cafe/sessions/${w.sessionA.id}`)
      .set(w.facilitatorOther)
      .expect(403);
    await request(app)
      .get(`/api/world-cafe/sessions/${w.sessionA.id}`)
      .set(w.commsOther)
      .expect(403);
    await request(app).get(`/world-cafe/table/${w.table.id}`).set(w.facilitatorOther).expect(403);
    await request(app).get(`/world-cafe/table/${w.table.id}`).set(w.facilitatorOwn).expect(200);
  });

  it('when organisers assign facilitators, then the event’s managers may (and only facilitator accounts are accepted), facilitators and other comms users may not', async () => {
    const w = await world(app);
    const patch = (who: Header, facilitatorIds: string[]) =>
      request(app)
        .patch(`/api/world-cafe/sessions/${w.sessionB.id}`)
        .set(who)
        .send({ facilitatorIds });
    await patch(w.facilitatorOther, [w.facilitatorOwnId]).expect(403);
    await patch(w.commsOwn, [w.facilitatorOwnId]).expect(403);
    const comms = await signInAs(app, 'comms', { eventIds: [w.eventB.id] });
    const bad = await patch(comms.authHeader, [comms.user.id, '0123456789abcdef01234567']).expect(
      400,
    );
    assert.deepEqual(
      (bad.body.errors as { path: string }[]).map((e) => e.path),
      ['facilitatorIds.0', 'facilitatorIds.1'],
    );
    const done = await patch(comms.authHeader, [w.facilitatorOwnId]).expect(200);
    assert.deepEqual((done.body as SessionView).facilitatorIds, [w.facilitatorOwnId]);
    // Now the former facilitator of session B no longer reaches it, the new one does.
    const tableB: TableView = await buildWorldCafeTable({ sessionId: w.sessionB.id });
    await request(app)
      .get(`/api/world-cafe/tables/${tableB.id}`)
      .set(w.facilitatorOther)
      .expect(403);
    await request(app).get(`/api/world-cafe/tables/${tableB.id}`).set(w.facilitatorOwn).expect(200);
  });

  it('when an organiser ticks facilitator accounts on the set-up form, then they are stored and shown ticked, and unticking all removes them', async () => {
    const w = await world(app);
    const page = `/world-cafe/sessions/${w.sessionA.id}/setup`;
    const form = await request(app).get(page).set(w.commsOwn).expect(200);
    assert.match(
      form.text,
      new RegExp(`name="facilitatorIds" value="${w.facilitatorOwnId}" checked`),
    );
    const another = await signInAs(app, 'facilitator');
    const fields = {
      tableId: 'session',
      title: w.sessionA.title,
      start: '2025-05-07T14:00',
      end: '2025-05-07T15:30',
    };
    await request(app)
      .post(page)
      .set(w.commsOwn)
      .type('form')
      .send({ ...fields, facilitatorIds: [w.facilitatorOwnId, another.user.id] })
      .expect(303);
    const stored = await request(app).get(`/api/world-cafe/sessions/${w.sessionA.id}`).set(w.admin);
    assert.deepEqual(
      [...(stored.body as SessionView).facilitatorIds].sort(),
      [w.facilitatorOwnId, another.user.id].sort(),
    );
    await request(app)
      .get(`/api/world-cafe/tables/${w.table.id}`)
      .set(another.authHeader)
      .expect(200);
    await request(app).post(page).set(w.commsOwn).type('form').send(fields).expect(303);
    const cleared = await request(app)
      .get(`/api/world-cafe/sessions/${w.sessionA.id}`)
      .set(w.admin);
    assert.deepEqual((cleared.body as SessionView).facilitatorIds, []);
    await request(app)
      .get(`/api/world-cafe/tables/${w.table.id}`)
      .set(w.facilitatorOwn)
      .expect(403);
    await request(app).post(page).set(w.facilitatorOwn).type('form').send(fields).expect(403);
  });

  it('when a wall is link-protected, then its facilitators and managers see it, a facilitator of another session and other comms users get 403', async () => {
    const w = await world(app);
    await request(app)
      .patch(`/api/world-cafe/sessions/${w.sessionA.id}`)
      .set(w.admin)
      .send({ wallAccess: 'link' })
      .expect(200);
    const wall = `/world-cafe/sessions/${w.sessionA.id}/wall`;
    await request(app).get(wall).expect(401);
    await request(app).get(wall).set(w.facilitatorOther).expect(403);
    await request(app).get(wall).set(w.commsOther).expect(403);
    await request(app).get(wall).set(w.facilitatorOwn).expect(200);
    await request(app).get(wall).set(w.commsOwn).expect(200);
  });

  it('when a facilitator or a comms user of another event tries organiser steps (review, links, tents), then 403', async () => {
    const w = await world(app);
    const steps = (who: Header) => [
      request(app)
        .post(`/api/world-cafe/tables/${w.table.id}/summary/review`)
        .set(who)
        .send({ decision: 'publish' }),
      request(app).post(`/api/world-cafe/tables/${w.table.id}/capture-links`).set(who).send({}),
      request(app).post(`/api/world-cafe/sessions/${w.sessionA.id}/wall-links`).set(who).send({}),
      request(app).get(`/api/world-cafe/sessions/${w.sessionA.id}/table-tents.pdf`).set(who),
      request(app)
        .post(`/api/world-cafe/sessions/${w.sessionA.id}/tables`)
        .set(who)
        .send({ number: 9 }),
    ];
    for (const who of [w.facilitatorOwn, w.commsOther]) {
      for (const [label, res] of (await Promise.all(steps(who))).entries()) {
        assert.equal(res.status, 403, `${label}: ${res.text}`);
      }
    }
    assert.equal(await count('capabilitylinks'), 0);
    assert.equal(await count('worldcafetables'), 2);
  });
});
