import assert from 'node:assert/strict';
import { listCafeDutiesOf } from '../../../src/components/world-cafe';
import type { Express } from 'express';
import request from 'supertest';
import { addScreening, addFilm, createShift } from '../../../src/components/exhibitions';
import { signInAs } from '../../helpers/auth';
import { buildTestApp, closeTestApp } from '../../helpers/app';
import { buildPerson } from '../../helpers/factories/events';
import { buildStand } from '../../helpers/factories/exhibitions';
import { clearDatabase } from '../../helpers/hooks';
import { contentLines, eventsOf } from '../calendars/ics-read';

describe('exhibitions: calendar feeds (read back with node-ical)', () => {
  let app: Express;
  const now = new Date('2025-05-01T09:00:00Z');

  before(async () => {
    app = (await buildTestApp({ clock: () => now })).app;
  });
  after(async () => {
    await closeTestApp(app);
  });
  beforeEach(async () => {
    await clearDatabase();
  });

  it('when the stand feed is fetched, then it holds the opening hours and screenings in the event’s zone', async () => {
    const { stand } = await buildStand({
      hours: [{ start: '2025-05-06T07:00:00Z', end: '2025-05-06T15:00:00Z' }],
    });
    const film = await addFilm(stand.id, { title: 'Rimini film', durationMinutes: 10 });
    await addScreening(stand.id, {
      mode: 'fixed',
      filmIds: [film.id],
      start: new Date('2025-05-06T09:00:00Z'),
    });
    const { authHeader } = await signInAs(app, 'facilitator');
    const res = await request(app)
      .get(`/api/stands/${stand.id}/calendar.ics`)
      .set(authHeader)
      .expect(200);
    const events = eventsOf(res.text).sort((a, b) => +a.start - +b.start);
    assert.deepEqual(
      events.map((e) => [e.summary, new Date(e.start).toISOString()]),
      [
        ['Cluster stand open', '2025-05-06T07:00:00.000Z'],
        ['Screening: Rimini film', '2025-05-06T09:00:00.000Z'],
      ],
    );
    assert.ok(
      contentLines(res.text).some((l) =>
        l.startsWith('DTSTART;TZID=Europe/Vilnius:20250506T100000'),
      ),
    );
    await request(app).get(`/api/stands/${stand.id}/calendar.ics`).expect(401);
  });

  it('when a person subscribes to their own calendar, then it holds exactly their stand shifts, in the zone and place', async () => {
    const { stand, people } = await buildStand({ team: ['booth', 'booth'] });
    const [mine, theirs] = people;
    const zoneId = stand.zones[0]!.id;
    const a = await createShift(
      stand.id,
      {
        start: new Date('2025-05-06T07:00:00Z'),
        end: new Date('2025-05-06T09:00:00Z'),
        zoneId,
        assignees: [mine!.id],
      },
      now,
      listCafeDutiesOf,
    );
    await createShift(
      stand.id,
      {
        start: new Date('2025-05-06T09:00:00Z'),
        end: new Date('2025-05-06T11:00:00Z'),
        assignees: [theirs!.id],
      },
      now,
      listCafeDutiesOf,
    );
    await buildPerson();
    const { authHeader } = await signInAs(app, 'comms', { email: mine!.email, name: mine!.name });
    const link = await request(app)
      .post('/api/calendar-subscriptions')
      .set(authHeader)
      .send({
        scope: 'person',
        resourceId: (await request(app).get('/api/auth/me').set(authHeader)).body.id,
      })
      .expect(201);
    const feed = await request(app)
      .get(new URL(link.body.https).pathname + '?from=2025-05-01&to=2025-05-31')
      .expect(200);
    const events = eventsOf(feed.text);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.summary, 'Stand shift (booth): Cluster stand');
    assert.equal(events[0]?.location, 'Film corner, Cluster stand');
    assert.equal(new Date(events[0]!.start).toISOString(), '2025-05-06T07:00:00.000Z');
    assert.ok(
      contentLines(feed.text).some((l) =>
        l.startsWith('DTSTART;TZID=Europe/Vilnius:20250506T100000'),
      ),
    );
    assert.ok(events[0]?.uid.includes(a.shift.id));
  });
});
