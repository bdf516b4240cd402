import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { getProgrammeItem, listProgrammeItems } from '../../../src/components/events';
import { buildTestApp, closeTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildEvent, buildProgrammeItem } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';

const MISSING_ID = '0123456789abcdef01234567';

describe('programme API', () => {
  let app: Express;
  let admin: Record<string, string>;

  before(async () => {
    app = (await buildTestApp()).app;
  });
  after(async () => {
    await closeTestApp(app);
  });
  beforeEach(async () => {
    await clearDatabase();
    admin = (await signInAs(app, 'admin')).authHeader;
  });

  it('when an item is added with local offsets, then it is stored as instants with sequence 0', async () => {
    const event = await buildEvent();
    const res = await request(app)
      .post(`/api/events/${event.id}/programme`)
      .set(admin)
      .send({
        title: 'World Café: Urban Planning and Design for Climate Impact',
        start: '2025-05-07T14:00:00+03:00',
        end: '2025-05-07T15:30:00+03:00',
        location: 'Room A',
      })
      .expect(201);
    assert.equal(res.body.start, '2025-05-07T11:00:00.000Z');
    assert.equal(res.body.end, '2025-05-07T12:30:00.000Z');
    assert.equal(res.body.sequence, 0);
    assert.equal(res.body.status, 'confirmed');
    assert.equal(res.body.allDay, false);
    assert.equal(res.body.eventId, event.id);
  });

  it('when start is a floating local time or end is before start, then the answer is 400 naming the field', async () => {
    const event = await buildEvent();
    const floating = await request(app)
      .post(`/api/events/${event.id}/programme`)
      .set(admin)
      .send({ title: 'x', start: '2025-05-07T14:00', end: '2025-05-07T15:00:00Z' })
      .expect(400);
    assert.deepEqual(
      floating.body.errors.map((e: { path: string }) => e.path),
      ['start'],
    );
    const backwards = await request(app)
      .post(`/api/events/${event.id}/programme`)
      .set(admin)
      .send({ title: 'x', start: '2025-05-07T14:00:00Z', end: '2025-05-07T13:00:00Z' })
      .expect(400);
    assert.deepEqual(
      backwards.body.errors.map((e: { path: string }) => e.path),
      ['end'],
    );
  });

  it('when the time or place changes, then sequence goes up by one; wording changes leave it', async () => {
    const item = await buildProgrammeItem();
    const url = `/api/events/${item.eventId}/programme/${item.id}`;
    const retitled = await request(app)
      .patch(url)
      .set(admin)
      .send({ title: 'New title', description: 'More' })
      .expect(200);
    assert.equal(retitled.body.sequence, 0);
    const moved = await request(app)
      .patch(url)
      .set(admin)
      .send({ start: '2025-05-07T08:00:00Z', end: '2025-05-07T09:00:00Z' })
      .expect(200);
    assert.equal(moved.body.sequence, 1);
    const sameAgain = await request(app)
      .patch(url)
      .set(admin)
      .send({ start: '2025-05-07T08:00:00Z' })
      .expect(200);
    assert.equal(sameAgain.body.sequence, 1);
    const relocated = await request(app)
      .patch(url)
      .set(admin)
      .send({ location: 'Room 2' })
      .expect(200);
    assert.equal(relocated.body.sequence, 2);
    const cancelled = await request(app)
      .patch(url)
      .set(admin)
      .send({ status: 'cancelled' })
      .expect(200);
    assert.equal(cancelled.body.sequence, 3);
    assert.ok(Date.parse(cancelled.body.updatedAt) >= Date.parse(item.updatedAt.toISOString()));
  });

  it('when a patch makes end precede start, then the answer is 400 and sequence stays', async () => {
    const item = await buildProgrammeItem();
    const url = `/api/events/${item.eventId}/programme/${item.id}`;
    await request(app).patch(url).set(admin).send({ end: '2025-05-07T06:00:00Z' }).expect(400);
    assert.equal((await getProgrammeItem(item.eventId, item.id)).sequence, 0);
  });

  it('when listing, then items come by start, paged, filterable by window and status', async () => {
    const event = await buildEvent();
    const at = (h: number) => new Date(Date.UTC(2025, 4, 7, h));
    await buildProgrammeItem({ eventId: event.id, title: 'Late', start: at(15), end: at(16) });
    await buildProgrammeItem({ eventId: event.id, title: 'Early', start: at(7), end: at(8) });
    await buildProgrammeItem({
      eventId: event.id,
      title: 'Noon',
      start: at(12),
      end: at(13),
      status: 'cancelled',
    });
    await buildProgrammeItem({ title: 'Other event' });

    const all = await request(app).get(`/api/events/${event.id}/programme`).set(admin).expect(200);
    assert.deepEqual(
      all.body.items.map((i: { title: string }) => i.title),
      ['Early', 'Noon', 'Late'],
    );
    assert.equal(all.body.total, 3);
    const paged = await request(app)
      .get(`/api/events/${event.id}/programme?limit=1&page=2`)
      .set(admin)
      .expect(200);
    assert.deepEqual(
      paged.body.items.map((i: { title: string }) => i.title),
      ['Noon'],
    );
    const window = await request(app)
      .get(`/api/events/${event.id}/programme?from=2025-05-07T10:00:00Z&to=2025-05-07T14:00:00Z`)
      .set(admin)
      .expect(200);
    assert.deepEqual(
      window.body.items.map((i: { title: string }) => i.title),
      ['Noon'],
    );
    const confirmed = await request(app)
      .get(`/api/events/${event.id}/programme?status=confirmed&sort=-start`)
      .set(admin)
      .expect(200);
    assert.deepEqual(
      confirmed.body.items.map((i: { title: string }) => i.title),
      ['Late', 'Early'],
    );
    await request(app)
      .get(`/api/events/${event.id}/programme?sort=location`)
      .set(admin)
      .expect(400);
  });

  it('when another component asks through the service, then listProgrammeItems sorts by start and honours the window', async () => {
    const event = await buildEvent();
    const at = (h: number) => new Date(Date.UTC(2025, 4, 7, h));
    await buildProgrammeItem({ eventId: event.id, title: 'B', start: at(12), end: at(13) });
    await buildProgrammeItem({ eventId: event.id, title: 'A', start: at(9), end: at(10) });
    const items = await listProgrammeItems(event.id);
    assert.deepEqual(
      items.map((i) => i.title),
      ['A', 'B'],
    );
    assert.ok(items[0]?.start instanceof Date);
    const later = await listProgrammeItems(event.id, { from: at(11) });
    assert.deepEqual(
      later.map((i) => i.title),
      ['B'],
    );
    await assert.rejects(listProgrammeItems(MISSING_ID), { status: 404 });
  });

  it('when the event or item is unknown, malformed or the item belongs to another event, then the answer is 404', async () => {
    const item = await buildProgrammeItem();
    const otherEvent = await buildEvent();
    await request(app)
      .get(`/api/events/${otherEvent.id}/programme/${item.id}`)
      .set(admin)
      .expect(404);
    await request(app).get(`/api/events/${item.eventId}/programme/nope`).set(admin).expect(404);
    await request(app).get(`/api/events/${MISSING_ID}/programme`).set(admin).expect(404);
    await request(app)
      .post(`/api/events/${MISSING_ID}/programme`)
      .set(admin)
      .send({ title: 'x', start: '2025-05-07T14:00:00Z', end: '2025-05-07T15:00:00Z' })
      .expect(404);
    await request(app)
      .patch(`/api/events/${otherEvent.id}/programme/${item.id}`)
      .set(admin)
      .send({ title: 'x' })
      .expect(404);
  });

  it('when a comms user manages the event, then they may change its programme; others get 403 and strangers 401', async () => {
    const item = await buildProgrammeItem();
    const url = `/api/events/${item.eventId}/programme/${item.id}`;
    const manager = await signInAs(app, 'comms', { eventIds: [item.eventId] });
    const outsider = await signInAs(app, 'comms');
    const facilitator = await signInAs(app, 'facilitator');
    await request(app).patch(url).set(manager.authHeader).send({ location: 'Stand' }).expect(200);
    await request(app).patch(url).set(outsider.authHeader).send({ location: 'Stand' }).expect(403);
    await request(app).delete(url).set(facilitator.authHeader).expect(403);
    await request(app).get(url).set(facilitator.authHeader).expect(200);
    await request(app).get(url).expect(401);
    await request(app).get(`/api/events/${item.eventId}/programme`).expect(401);
  });

  it('when the body has an unknown field or wrong types, then the answer is 400 naming each path', async () => {
    const event = await buildEvent();
    const url = `/api/events/${event.id}/programme`;
    const valid = { title: 'Plenary', start: '2025-05-07T07:00:00Z', end: '2025-05-07T08:00:00Z' };
    const unknown = await request(app)
      .post(url)
      .set(admin)
      .send({ ...valid, sequence: 9 })
      .expect(400);
    assert.equal(unknown.body.code, 'validation_failed');
    assert.match(JSON.stringify(unknown.body.errors), /sequence/);
    const wrong = await request(app)
      .post(url)
      .set(admin)
      .send({ ...valid, title: 7, allDay: 'yes', status: 'maybe' })
      .expect(400);
    assert.deepEqual(wrong.body.errors.map((e: { path: string }) => e.path).sort(), [
      'allDay',
      'status',
      'title',
    ]);
  });

  it('when a query or body carries MongoDB operators, then 400 and nothing is filtered or stored by them', async () => {
    const item = await buildProgrammeItem();
    const list = `/api/events/${item.eventId}/programme`;
    for (const query of ['status[$ne]=x', 'q[$regex]=.*', 'from[$gt]=', 'sort=$natural']) {
      const res = await request(app).get(`${list}?${query}`).set(admin).expect(400);
      assert.equal(res.body.code, 'validation_failed', query);
    }
    const body = await request(app)
      .patch(`${list}/${item.id}`)
      .set(admin)
      .send({ title: { $set: 'x' }, start: { $gt: '' } })
      .expect(400);
    assert.deepEqual(body.body.errors.map((e: { path: string }) => e.path).sort(), [
      'start',
      'title',
    ]);
    const after = await request(app).get(`${list}/${item.id}`).set(admin).expect(200);
    assert.equal(after.body.title, item.title);
  });

  it('when the same title is posted again for the same start (a retried submission), then 409 duplicate; another time is fine', async () => {
    const event = await buildEvent();
    const url = `/api/events/${event.id}/programme`;
    const item = {
      title: 'Coffee break',
      start: '2025-05-07T07:00:00Z',
      end: '2025-05-07T07:30:00Z',
    };
    const first = await request(app).post(url).set(admin).send(item).expect(201);
    const again = await request(app).post(url).set(admin).send(item).expect(409);
    assert.equal(again.body.code, 'duplicate');
    const later = await request(app)
      .post(url)
      .set(admin)
      .send({ ...item, start: '2025-05-07T12:00:00Z', end: '2025-05-07T12:30:00Z' })
      .expect(201);
    await request(app)
      .patch(`${url}/${later.body.id}`)
      .set(admin)
      .send({ start: item.start, end: item.end })
      .expect(409);
    const otherEvent = await buildEvent();
    await request(app)
      .post(`/api/events/${otherEvent.id}/programme`)
      .set(admin)
      .send(item)
      .expect(201);
    const listed = await request(app).get(url).set(admin).expect(200);
    assert.deepEqual(
      listed.body.items.map((i: { id: string }) => i.id),
      [first.body.id, later.body.id],
    );
  });
});
