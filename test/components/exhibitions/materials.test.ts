import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { signInAs } from '../../helpers/auth';
import { buildTestApp, closeTestApp } from '../../helpers/app';
import { buildProject } from '../../helpers/factories/events';
import { buildStand } from '../../helpers/factories/exhibitions';
import { clearDatabase } from '../../helpers/hooks';

describe('exhibitions API: materials, films, screenings', () => {
  let app: Express;
  let auth: Record<string, string>;
  // 3 May 2025, 01:30 in Vilnius (still 2 May in UTC): lateness follows the event's day.
  const now = new Date('2025-05-02T22:30:00Z');

  before(async () => {
    app = (await buildTestApp({ clock: () => now })).app;
  });
  after(async () => {
    await closeTestApp(app);
  });
  beforeEach(async () => {
    await clearDatabase();
    auth = (await signInAs(app, 'admin')).authHeader;
  });

  it('when an item is past its due date in the event’s zone and not on site, then it is late on the stand and across stands', async () => {
    const { stand, project } = await buildStand();
    const add = (body: object) =>
      request(app)
        .post(`/api/stands/${stand.id}/materials`)
        .set(auth)
        .send({ ownerProjectId: project.id, ...body });
    await add({
      name: 'Booklets',
      kind: 'booklet',
      quantityNeeded: 300,
      status: 'shipped',
      dueDate: '2025-05-02',
    }).expect(201);
    await add({
      name: 'Roll-up',
      kind: 'roll-up',
      quantityNeeded: 1,
      status: 'on-site',
      dueDate: '2025-05-01',
    }).expect(201);
    await add({
      name: 'Game kits',
      kind: 'game-kit',
      quantityNeeded: 250,
      status: 'ordered',
      dueDate: '2025-05-03',
    }).expect(201);
    const list = await request(app).get(`/api/stands/${stand.id}/materials`).set(auth).expect(200);
    assert.deepEqual(
      list.body.items.map((m: { name: string; late: boolean }) => [m.name, m.late]),
      [
        ['Booklets', true],
        ['Game kits', false],
        ['Roll-up', false],
      ],
    );
    const other = await buildProject();
    const wrong = await add({ name: 'Cables', ownerProjectId: other.id }).expect(400);
    assert.equal(wrong.body.code, 'project_not_on_stand');
    const badStatus = await add({ name: 'Cables', status: 'lost' }).expect(400);
    assert.equal(badStatus.body.errors[0].path, 'status');
    const booklets = list.body.items[0];
    const arrived = await request(app)
      .patch(`/api/stands/${stand.id}/materials/${booklets.id}`)
      .set(auth)
      .send({ status: 'on-site', quantityOnSite: 300 })
      .expect(200);
    assert.equal(arrived.body.late, false);
  });

  it('when screenings overlap on the same screen, then screening_overlap names the stretch; loops need an end', async () => {
    const { stand } = await buildStand();
    const film = await request(app)
      .post(`/api/stands/${stand.id}/films`)
      .set(auth)
      .send({ title: 'Bruges film', city: 'Bruges', durationMinutes: 12 })
      .expect(201);
    const noLength = await request(app)
      .post(`/api/stands/${stand.id}/films`)
      .set(auth)
      .send({ title: 'Rijeka film', city: 'Rijeka' })
      .expect(201);
    const first = await request(app)
      .post(`/api/stands/${stand.id}/screenings`)
      .set(auth)
      .send({ mode: 'fixed', filmIds: [film.body.id], start: '2025-05-06T08:00:00Z' })
      .expect(201);
    assert.equal(first.body.screening.end, '2025-05-06T08:12:00.000Z');
    const needsEnd = await request(app)
      .post(`/api/stands/${stand.id}/screenings`)
      .set(auth)
      .send({ mode: 'fixed', filmIds: [noLength.body.id], start: '2025-05-06T09:00:00Z' })
      .expect(400);
    assert.equal(needsEnd.body.code, 'end_required');
    assert.equal(needsEnd.body.errors[0].path, 'end');
    const loop = await request(app)
      .post(`/api/stands/${stand.id}/screenings`)
      .set(auth)
      .send({
        mode: 'loop',
        filmIds: [film.body.id, noLength.body.id],
        start: '2025-05-06T08:10:00Z',
        end: '2025-05-06T10:00:00Z',
      })
      .expect(201);
    assert.deepEqual(
      loop.body.checks.map((c: { type: string; start: string; end: string }) => [
        c.type,
        c.start,
        c.end,
      ]),
      [['screening_overlap', '2025-05-06T08:10:00.000Z', '2025-05-06T08:12:00.000Z']],
    );
    await request(app)
      .post(`/api/stands/${stand.id}/screenings`)
      .set(auth)
      .send({ mode: 'fixed', filmIds: [film.body.id], start: '2025-05-06T10:00:00Z' })
      .expect(201);
    const all = await request(app).get(`/api/stands/${stand.id}/screenings`).set(auth).expect(200);
    assert.equal(all.body.items.length, 3);
    assert.equal(all.body.checks.length, 1);
    const unknown = await request(app)
      .post(`/api/stands/${stand.id}/screenings`)
      .set(auth)
      .send({
        mode: 'loop',
        filmIds: ['0123456789abcdef01234567'],
        start: '2025-05-06T08:00:00Z',
        end: '2025-05-06T09:00:00Z',
      })
      .expect(400);
    assert.equal(unknown.body.errors[0].path, 'filmIds.0');
    assert.equal(
      (
        await request(app)
          .delete(`/api/stands/${stand.id}/films/${film.body.id}`)
          .set(auth)
          .expect(409)
      ).body.code,
      'in_use',
    );
  });

  it('when a screening is changed, then the same checks apply, a moved fixed showing ends with its film and a loop keeps its length', async () => {
    const { stand } = await buildStand();
    const film = await request(app)
      .post(`/api/stands/${stand.id}/films`)
      .set(auth)
      .send({ title: 'Burgas film', durationMinutes: 15 })
      .expect(201);
    const other = await request(app)
      .post(`/api/stands/${stand.id}/films`)
      .set(auth)
      .send({ title: 'Rimini film', city: 'Rimini', language: 'Italian' })
      .expect(201);
    const fixed = await request(app)
      .post(`/api/stands/${stand.id}/screenings`)
      .set(auth)
      .send({ mode: 'fixed', filmIds: [film.body.id], start: '2025-05-06T08:00:00Z' })
      .expect(201);
    const loop = await request(app)
      .post(`/api/stands/${stand.id}/screenings`)
      .set(auth)
      .send({
        mode: 'loop',
        filmIds: [other.body.id],
        start: '2025-05-06T09:00:00Z',
        end: '2025-05-06T10:00:00Z',
      })
      .expect(201);
    const patch = (id: string, body: object) =>
      request(app).patch(`/api/stands/${stand.id}/screenings/${id}`).set(auth).send(body);

    const moved = await patch(fixed.body.screening.id, { start: '2025-05-06T09:30:00Z' }).expect(
      200,
    );
    assert.deepEqual(
      [moved.body.screening.start, moved.body.screening.end],
      ['2025-05-06T09:30:00.000Z', '2025-05-06T09:45:00.000Z'],
    );
    assert.deepEqual(
      moved.body.checks.map((c: { type: string }) => c.type),
      ['screening_overlap'],
    );
    const later = await patch(loop.body.screening.id, { start: '2025-05-06T11:00:00Z' }).expect(
      200,
    );
    assert.equal(later.body.screening.end, '2025-05-06T12:00:00.000Z');
    assert.deepEqual(later.body.checks, []);

    const unknown = await patch(loop.body.screening.id, {
      filmIds: ['0123456789abcdef01234567'],
    }).expect(400);
    assert.equal(unknown.body.errors[0].path, 'filmIds.0');
    const reversed = await patch(loop.body.screening.id, { end: '2025-05-06T10:00:00Z' }).expect(
      400,
    );
    assert.ok(reversed.body.errors.some((e: { path: string }) => e.path === 'end'));
    await patch('0123456789abcdef01234567', { start: '2025-05-06T11:00:00Z' }).expect(404);
    const stored = await request(app)
      .get(`/api/stands/${stand.id}/screenings`)
      .set(auth)
      .expect(200);
    assert.deepEqual(
      stored.body.items.map((s: { start: string; end: string }) => [s.start, s.end]),
      [
        ['2025-05-06T09:30:00.000Z', '2025-05-06T09:45:00.000Z'],
        ['2025-05-06T11:00:00.000Z', '2025-05-06T12:00:00.000Z'],
      ],
    );

    // Film changes: a title taken is 409, and the screening can go, then the film.
    const taken = await request(app)
      .patch(`/api/stands/${stand.id}/films/${other.body.id}`)
      .set(auth)
      .send({ title: 'Burgas film' })
      .expect(409);
    assert.equal(taken.body.code, 'duplicate');
    await request(app)
      .delete(`/api/stands/${stand.id}/screenings/${loop.body.screening.id}`)
      .set(auth)
      .expect(204);
    await request(app)
      .delete(`/api/stands/${stand.id}/films/${other.body.id}`)
      .set(auth)
      .expect(204);
    const films = await request(app).get(`/api/stands/${stand.id}/films`).set(auth).expect(200);
    assert.deepEqual(
      films.body.items.map((f: { title: string }) => f.title),
      ['Burgas film'],
    );
  });
});
