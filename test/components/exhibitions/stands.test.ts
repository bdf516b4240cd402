import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { signInAs } from '../../helpers/auth';
import { buildTestApp, closeTestApp } from '../../helpers/app';
import { buildEvent, buildPerson, buildProject } from '../../helpers/factories/events';
import { buildStand } from '../../helpers/factories/exhibitions';
import { clearDatabase } from '../../helpers/hooks';

describe('exhibitions API: stands, zones, team, opening hours', () => {
  let app: Express;
  let auth: Record<string, string>;

  before(async () => {
    app = (await buildTestApp()).app;
  });
  after(async () => {
    await closeTestApp(app);
  });
  beforeEach(async () => {
    await clearDatabase();
    auth = (await signInAs(app, 'admin')).authHeader;
  });

  it('when a stand is created with projects, contacts and zones, then GET returns them with team and opening hours', async () => {
    const event = await buildEvent();
    const [a, b] = [await buildProject(), await buildProject()];
    const contact = await buildPerson();
    const created = await request(app)
      .post(`/api/events/${event.id}/stands`)
      .set(auth)
      .send({
        name: 'Cluster stand',
        hall: 'Hall B',
        standNumber: '12',
        floorAreaM2: 24,
        projectIds: [a!.id, b!.id],
        contacts: [{ projectId: a!.id, personId: contact.id }],
        minStaff: 2,
        zones: [
          {
            kind: 'game-table',
            name: 'Game table',
            description: 'Dominoes',
            items: [{ kind: 'other', label: 'Kit box', ref: 'abc123' }],
          },
        ],
      })
      .expect(201);
    const { body } = await request(app).get(`/api/stands/${created.body.id}`).set(auth).expect(200);
    assert.equal(body.name, 'Cluster stand');
    assert.equal(body.minStaff, 2);
    assert.equal(body.maxHoursPer24h, 10);
    assert.equal(body.minRestHours, 11);
    assert.deepEqual(body.projects, [
      { projectId: a!.id, contactPersonId: contact.id },
      { projectId: b!.id },
    ]);
    assert.equal(body.zones[0].items[0].ref, 'abc123');
    assert.deepEqual(body.team, []);
    assert.deepEqual(body.openingHours, []);

    const cleared = await request(app)
      .patch(`/api/stands/${created.body.id}`)
      .set(auth)
      .send({ floorAreaM2: null })
      .expect(200);
    assert.equal(cleared.body.floorAreaM2, undefined);
    assert.equal(cleared.body.hall, 'Hall B');
  });

  it('when a stand names an unknown project or a contact outside its projects, then 400 with the field path and nothing is stored', async () => {
    const event = await buildEvent();
    const project = await buildProject();
    const unknown = await request(app)
      .post(`/api/events/${event.id}/stands`)
      .set(auth)
      .send({ name: 'S', projectIds: [project.id, '0123456789abcdef01234567'] })
      .expect(400);
    assert.equal(unknown.body.code, 'unknown_project');
    assert.equal(unknown.body.errors[0].path, 'projectIds.1');
    const stray = await request(app)
      .post(`/api/events/${event.id}/stands`)
      .set(auth)
      .send({
        name: 'S',
        projectIds: [project.id],
        contacts: [{ projectId: '0123456789abcdef01234567', personId: '0123456789abcdef01234567' }],
      })
      .expect(400);
    assert.equal(stray.body.errors[0].path, 'contacts.0.projectId');
    const typo = await request(app)
      .post(`/api/events/${event.id}/stands`)
      .set(auth)
      .send({ name: 'S', projectIds: [], minStaf: 2 })
      .expect(400);
    assert.equal(typo.body.errors[0].path, 'minStaf');
    const list = await request(app).get(`/api/events/${event.id}/stands`).set(auth).expect(200);
    assert.equal(list.body.items.length, 0);
    await request(app)
      .post(`/api/events/0123456789abcdef01234567/stands`)
      .set(auth)
      .send({ name: 'S', projectIds: [] })
      .expect(404);
  });

  it('when opening hours are put, then they are stored sorted; reversed, overlapping or out-of-event blocks are refused with the path', async () => {
    const { stand } = await buildStand();
    const ok = await request(app)
      .put(`/api/stands/${stand.id}/opening-hours`)
      .set(auth)
      .send({
        blocks: [
          { start: '2025-05-07T10:00:00+03:00', end: '2025-05-07T18:00:00+03:00' },
          { start: '2025-05-06T10:00:00+03:00', end: '2025-05-06T13:00:00+03:00' },
          { start: '2025-05-06T14:00:00+03:00', end: '2025-05-06T18:00:00+03:00' },
        ],
      })
      .expect(200);
    assert.deepEqual(
      ok.body.openingHours.map((b: { start: string }) => b.start),
      ['2025-05-06T07:00:00.000Z', '2025-05-06T11:00:00.000Z', '2025-05-07T07:00:00.000Z'],
    );
    const cases: [object, string, string][] = [
      [
        { start: '2025-05-06T12:00:00Z', end: '2025-05-06T11:00:00Z' },
        'invalid_time_range',
        'blocks.0.end',
      ],
      [
        { start: '2025-05-09T12:00:00Z', end: '2025-05-09T13:00:00Z' },
        'outside_event_dates',
        'blocks.0.start',
      ],
    ];
    for (const [block, code, path] of cases) {
      const res = await request(app)
        .put(`/api/stands/${stand.id}/opening-hours`)
        .set(auth)
        .send({ blocks: [block] })
        .expect(400);
      assert.equal(res.body.code, code);
      assert.equal(res.body.errors[0].path, path);
    }
    const overlap = await request(app)
      .put(`/api/stands/${stand.id}/opening-hours`)
      .set(auth)
      .send({
        blocks: [
          { start: '2025-05-06T08:00:00Z', end: '2025-05-06T12:00:00Z' },
          { start: '2025-05-06T11:00:00Z', end: '2025-05-06T13:00:00Z' },
        ],
      })
      .expect(400);
    assert.equal(overlap.body.code, 'opening_hours_overlap');
    assert.equal(overlap.body.errors[0].path, 'blocks.1.start');
    const after = await request(app).get(`/api/stands/${stand.id}`).set(auth).expect(200);
    assert.equal(after.body.openingHours.length, 3);
  });

  it('when a person is put on the team, then only stand projects are accepted, twice is 409, and leaving with shifts needs cascade', async () => {
    const { stand, project, people } = await buildStand({ team: [] });
    const person = await buildPerson();
    const other = await buildProject();
    const wrong = await request(app)
      .post(`/api/stands/${stand.id}/team`)
      .set(auth)
      .send({ personId: person.id, projectId: other.id, role: 'booth' })
      .expect(400);
    assert.equal(wrong.body.code, 'project_not_on_stand');
    assert.equal(wrong.body.errors[0].path, 'projectId');
    const nobody = await request(app)
      .post(`/api/stands/${stand.id}/team`)
      .set(auth)
      .send({ personId: '0123456789abcdef01234567', projectId: project.id, role: 'booth' })
      .expect(400);
    assert.equal(nobody.body.code, 'unknown_person');
    await request(app)
      .post(`/api/stands/${stand.id}/team`)
      .set(auth)
      .send({ personId: person.id, projectId: project.id, role: 'booth' })
      .expect(201);
    const twice = await request(app)
      .post(`/api/stands/${stand.id}/team`)
      .set(auth)
      .send({ personId: person.id, projectId: project.id, role: 'lead' })
      .expect(409);
    assert.equal(twice.body.code, 'already_on_team');
    assert.equal(people.length, 0);

    await request(app)
      .post(`/api/stands/${stand.id}/shifts`)
      .set(auth)
      .send({
        start: '2025-05-06T08:00:00Z',
        end: '2025-05-06T10:00:00Z',
        needs: [{ role: 'booth', count: 1 }],
        assignees: [person.id],
      })
      .expect(201);
    const refused = await request(app)
      .delete(`/api/stands/${stand.id}/team/${person.id}`)
      .set(auth)
      .expect(409);
    assert.equal(refused.body.code, 'has_shifts');
    const personDelete = await request(app)
      .delete(`/api/people/${person.id}`)
      .set(auth)
      .expect(409);
    assert.equal(personDelete.body.code, 'still_referenced');
    assert.equal(personDelete.body.references[0].kind, 'stand');
    const cascaded = await request(app)
      .delete(`/api/stands/${stand.id}/team/${person.id}?cascade=true`)
      .set(auth)
      .expect(200);
    assert.equal(cascaded.body.removedFromShifts, 1);
    const shifts = await request(app).get(`/api/stands/${stand.id}/shifts`).set(auth).expect(200);
    assert.deepEqual(shifts.body.items[0].assignees, []);
  });

  it('when a comms user who does not manage the event writes, then 403; a facilitator may read', async () => {
    const { stand } = await buildStand();
    const comms = await signInAs(app, 'comms');
    await request(app)
      .put(`/api/stands/${stand.id}/opening-hours`)
      .set(comms.authHeader)
      .send({ blocks: [] })
      .expect(403);
    const facilitator = await signInAs(app, 'facilitator');
    await request(app).get(`/api/stands/${stand.id}`).set(facilitator.authHeader).expect(200);
    await request(app).get(`/api/stands/${stand.id}`).expect(401);
    await request(app).get(`/api/stands/not-an-id`).set(auth).expect(404);
  });

  it('when zones are added, changed and removed, then the stand shows it; a zone with shifts cannot go', async () => {
    const { stand } = await buildStand();
    const zone = await request(app)
      .post(`/api/stands/${stand.id}/zones`)
      .set(auth)
      .send({ kind: 'postcard-wall', name: 'Postcard wall' })
      .expect(201);
    await request(app)
      .patch(`/api/stands/${stand.id}/zones/${zone.body.id}`)
      .set(auth)
      .send({ description: 'One card per city' })
      .expect(200);
    await request(app)
      .post(`/api/stands/${stand.id}/shifts`)
      .set(auth)
      .send({ start: '2025-05-06T08:00:00Z', end: '2025-05-06T10:00:00Z', zoneId: zone.body.id })
      .expect(201);
    const busy = await request(app)
      .delete(`/api/stands/${stand.id}/zones/${zone.body.id}`)
      .set(auth)
      .expect(409);
    assert.equal(busy.body.code, 'in_use');
    const got = await request(app).get(`/api/stands/${stand.id}`).set(auth).expect(200);
    assert.equal(
      got.body.zones.find((z: { id: string }) => z.id === zone.body.id).description,
      'One card per city',
    );
  });
});
