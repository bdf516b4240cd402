import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { buildTestApp, closeTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildCluster, buildEvent, buildProgrammeItem } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';

const MISSING_ID = '0123456789abcdef01234567';

const validEvent = {
  name: '2025 Cities Mission Conference',
  city: 'Vilnius',
  country: 'LT',
  startDate: '2025-05-06',
  endDate: '2025-05-08',
  timeZone: 'Europe/Vilnius',
  organiser: 'NetZeroCities',
  accessNote: 'Invitation-only',
};

describe('events API', () => {
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

  describe('create and read', () => {
    it('when an admin creates an event, then it is stored with a slug and read back with id, not _id', async () => {
      const created = await request(app)
        .post('/api/events')
        .set(admin)
        .send(validEvent)
        .expect(201);
      assert.equal(created.body.slug, '2025-cities-mission-conference');
      assert.equal(created.body._id, undefined);
      assert.match(created.body.id, /^[0-9a-f]{24}$/);
      assert.equal(created.body.datePrecision, 'day');
      assert.equal(created.body.kind, 'conference');

      const read = await request(app).get(`/api/events/${created.body.id}`).set(admin).expect(200);
      assert.equal(read.body.name, validEvent.name);
      assert.equal(read.body.startDate, '2025-05-06');
      assert.equal(read.body.endDate, '2025-05-08');
      assert.equal(read.body.timeZone, 'Europe/Vilnius');
      assert.ok(!Number.isNaN(Date.parse(read.body.updatedAt)));
      assert.equal(read.body.__v, undefined);
    });

    it('when the slug is already taken, then the answer is 409 duplicate', async () => {
      await request(app).post('/api/events').set(admin).send(validEvent).expect(201);
      const res = await request(app).post('/api/events').set(admin).send(validEvent).expect(409);
      assert.equal(res.body.code, 'duplicate');
    });

    it('when fields have the wrong type or are unknown, then the answer is 400 naming each field', async () => {
      const res = await request(app)
        .post('/api/events')
        .set(admin)
        .send({
          ...validEvent,
          startDate: 20250506,
          country: 'Lithuania',
          timeZone: '+03:00',
          colour: 'red',
        })
        .expect(400);
      assert.equal(res.body.code, 'validation_failed');
      const paths = (res.body.errors as { path: string }[]).map((e) => e.path).sort();
      assert.deepEqual(paths, ['colour', 'country', 'startDate', 'timeZone'].sort());
    });

    it('when the end date is before the start date, then the answer is 400 on endDate', async () => {
      const res = await request(app)
        .post('/api/events')
        .set(admin)
        .send({ ...validEvent, endDate: '2025-05-01' })
        .expect(400);
      assert.deepEqual(
        (res.body.errors as { path: string }[]).map((e) => e.path),
        ['endDate'],
      );
    });

    it('when a patch moves the end before the start, then the answer is 400 and nothing changes', async () => {
      const event = await buildEvent();
      const res = await request(app)
        .patch(`/api/events/${event.id}`)
        .set(admin)
        .send({ endDate: '2025-05-01' })
        .expect(400);
      assert.equal(res.body.code, 'validation_failed');
      assert.ok((res.body.errors as { path: string }[]).some((e) => e.path === 'endDate'));
      const read = await request(app).get(`/api/events/${event.id}`).set(admin).expect(200);
      assert.equal(read.body.endDate, '2025-05-08');
    });

    it('when only the month is known, then the dates must span whole months', async () => {
      const month = {
        ...validEvent,
        datePrecision: 'month',
        startDate: '2026-10-01',
        endDate: '2026-10-31',
      };
      const ok = await request(app).post('/api/events').set(admin).send(month).expect(201);
      assert.equal(ok.body.datePrecision, 'month');
      const res = await request(app)
        .post('/api/events')
        .set(admin)
        .send({ ...month, slug: 'made-up-day', startDate: '2026-10-14', endDate: '2026-10-30' })
        .expect(400);
      assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path).sort(), [
        'endDate',
        'startDate',
      ]);
    });

    it('when an event names an unknown cluster, then the answer is 404 cluster_not_found', async () => {
      const res = await request(app)
        .post('/api/events')
        .set(admin)
        .send({ ...validEvent, clusterIds: [MISSING_ID] })
        .expect(404);
      assert.equal(res.body.code, 'cluster_not_found');
    });

    it('when the id is malformed or unknown, then the answer is 404', async () => {
      for (const id of ['not-an-id', MISSING_ID, '{"$ne":null}']) {
        const res = await request(app)
          .get(`/api/events/${encodeURIComponent(id)}`)
          .set(admin)
          .expect(404);
        assert.equal(res.body.code, 'not_found');
      }
      await request(app)
        .patch(`/api/events/${MISSING_ID}`)
        .set(admin)
        .send({ name: 'x' })
        .expect(404);
      await request(app).delete(`/api/events/${MISSING_ID}`).set(admin).expect(404);
    });
  });

  describe('list', () => {
    beforeEach(async () => {
      const cluster = await buildCluster();
      await buildEvent({
        name: 'Vilnius conference',
        country: 'LT',
        startDate: '2025-05-06',
        endDate: '2025-05-08',
        clusterIds: [cluster.id],
      });
      await buildEvent({
        name: 'Barcelona final conference',
        city: 'Barcelona',
        country: 'ES',
        startDate: '2025-11-03',
        endDate: '2025-11-03',
        timeZone: 'Europe/Madrid',
      });
      await buildEvent({
        name: 'Bruges final conference',
        city: 'Bruges',
        country: 'BE',
        startDate: '2026-10-01',
        endDate: '2026-10-31',
        datePrecision: 'month',
        timeZone: 'Europe/Brussels',
      });
    });

    it('when listing, then events come by start date with page, limit and total', async () => {
      const res = await request(app).get('/api/events').set(admin).expect(200);
      assert.equal(res.body.total, 3);
      assert.equal(res.body.page, 1);
      assert.equal(res.body.limit, 50);
      assert.deepEqual(
        (res.body.items as { city: string }[]).map((e) => e.city),
        ['Vilnius', 'Barcelona', 'Bruges'],
      );
    });

    it('when paging, then pages do not overlap and the total stays', async () => {
      const first = await request(app).get('/api/events?limit=2&page=1').set(admin).expect(200);
      const second = await request(app).get('/api/events?limit=2&page=2').set(admin).expect(200);
      assert.equal(first.body.items.length, 2);
      assert.equal(second.body.items.length, 1);
      assert.equal(second.body.total, 3);
      assert.equal(second.body.items[0].city, 'Bruges');
    });

    it('when filtering by country, text, kind, cluster or date window, then only matching events come', async () => {
      const byCountry = await request(app).get('/api/events?country=LT').set(admin).expect(200);
      assert.deepEqual(
        byCountry.body.items.map((e: { city: string }) => e.city),
        ['Vilnius'],
      );
      const byText = await request(app).get('/api/events?q=FINAL').set(admin).expect(200);
      assert.equal(byText.body.total, 2);
      const clusterId = byCountry.body.items[0].clusterIds[0];
      const byCluster = await request(app)
        .get(`/api/events?clusterId=${clusterId}`)
        .set(admin)
        .expect(200);
      assert.equal(byCluster.body.total, 1);
      const inWindow = await request(app)
        .get('/api/events?from=2025-06-01&to=2026-10-15')
        .set(admin)
        .expect(200);
      assert.deepEqual(
        inWindow.body.items.map((e: { city: string }) => e.city),
        ['Barcelona', 'Bruges'],
      );
    });

    it('when search text holds regex characters, then it matches literally', async () => {
      const res = await request(app).get('/api/events?q=.*').set(admin).expect(200);
      assert.equal(res.body.total, 0);
    });

    it('when sorting descending by start date or by name, then the order follows', async () => {
      const desc = await request(app).get('/api/events?sort=-startDate').set(admin).expect(200);
      assert.deepEqual(
        desc.body.items.map((e: { city: string }) => e.city),
        ['Bruges', 'Barcelona', 'Vilnius'],
      );
      const byName = await request(app).get('/api/events?sort=name').set(admin).expect(200);
      assert.deepEqual(
        byName.body.items.map((e: { city: string }) => e.city),
        ['Barcelona', 'Bruges', 'Vilnius'],
      );
    });

    it('when the sort key, page or filter is not allowed, then the answer is 400 naming the parameter', async () => {
      for (const [query, path] of [
        ['sort=venue', 'sort'],
        ['page=0', 'page'],
        ['limit=1000', 'limit'],
        ['country=XX', 'country'],
        ['venue=x', 'venue'],
      ] as const) {
        const res = await request(app).get(`/api/events?${query}`).set(admin).expect(400);
        assert.equal(res.body.code, 'validation_failed', query);
        assert.ok(
          (res.body.errors as { path: string }[]).some((e) => e.path === path),
          query,
        );
      }
    });

    it('when a query tries MongoDB operators, then the answer is 400, never a filter', async () => {
      for (const query of [
        'name[$ne]=x',
        'country[$ne]=LT',
        'q[$regex]=.*',
        'country=LT&country=BE',
        '$where=1',
      ]) {
        const res = await request(app).get(`/api/events?${query}`).set(admin).expect(400);
        assert.equal(res.body.code, 'validation_failed', query);
      }
    });

    it('when a body tries MongoDB operators, then the answer is 400', async () => {
      const res = await request(app)
        .post('/api/events')
        .set(admin)
        .send({ ...validEvent, name: { $ne: null } })
        .expect(400);
      assert.ok((res.body.errors as { path: string }[]).some((e) => e.path === 'name'));
    });
  });

  describe('update and delete', () => {
    it('when an admin patches an event, then only the given fields change', async () => {
      const event = await buildEvent({ organiser: 'NetZeroCities' });
      const res = await request(app)
        .patch(`/api/events/${event.id}`)
        .set(admin)
        .send({ venue: 'Main hall', datePrecision: 'day' })
        .expect(200);
      assert.equal(res.body.venue, 'Main hall');
      assert.equal(res.body.organiser, 'NetZeroCities');
      assert.equal(res.body.name, event.name);
    });

    it('when an event still has programme items, then deleting it is 409 still_referenced naming them; without, 204', async () => {
      const item = await buildProgrammeItem();
      const refused = await request(app)
        .delete(`/api/events/${item.eventId}`)
        .set(admin)
        .expect(409);
      assert.equal(refused.body.code, 'still_referenced');
      assert.deepEqual(refused.body.references, [
        {
          kind: 'programme-item',
          label: 'Programme items',
          count: 1,
          href: `/events/${item.eventId}/programme`,
        },
      ]);
      await request(app)
        .delete(`/api/events/${item.eventId}/programme/${item.id}`)
        .set(admin)
        .expect(204);
      await request(app).delete(`/api/events/${item.eventId}`).set(admin).expect(204);
      await request(app).get(`/api/events/${item.eventId}`).set(admin).expect(404);
    });
  });

  describe('API document', () => {
    it('when the OpenAPI document is built, then every events and directory route appears with its schemas', async () => {
      const res = await request(app).get('/api/openapi.json').expect(200);
      const paths = res.body.paths as Record<
        string,
        Record<
          string,
          {
            requestBody?: unknown;
            responses: Record<
              string,
              { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }
            >;
          }
        >
      >;
      for (const base of [
        '/api/events',
        '/api/clusters',
        '/api/projects',
        '/api/organisations',
        '/api/cities',
        '/api/people',
      ]) {
        assert.ok(paths[base]?.get && paths[base]?.post, base);
        assert.ok(
          paths[`${base}/{id}`]?.get &&
            paths[`${base}/{id}`]?.patch &&
            paths[`${base}/{id}`]?.delete,
          base,
        );
        assert.ok(paths[base]?.post?.requestBody, base);
        const listed =
          paths[base]?.get?.responses['200']?.content?.['application/json']?.schema.properties;
        assert.deepEqual(
          Object.keys(listed ?? {}).sort(),
          ['items', 'limit', 'page', 'total'],
          base,
        );
      }
      const item =
        paths['/api/events/{id}/programme/{itemId}']?.get?.responses['200']?.content?.[
          'application/json'
        ]?.schema.properties;
      assert.ok(item?.sequence, 'programme item documents sequence');
    });
  });

  describe('access', () => {
    it('when nobody is signed in, then every route is 401', async () => {
      const event = await buildEvent();
      await request(app).get('/api/events').expect(401);
      await request(app).get(`/api/events/${event.id}`).expect(401);
      await request(app).post('/api/events').send(validEvent).expect(401);
      await request(app).patch(`/api/events/${event.id}`).send({ name: 'x' }).expect(401);
      await request(app).delete(`/api/events/${event.id}`).expect(401);
    });

    it('when a facilitator asks, then reading is allowed and writing is 403', async () => {
      const event = await buildEvent();
      const { authHeader } = await signInAs(app, 'facilitator');
      await request(app).get('/api/events').set(authHeader).expect(200);
      await request(app).get(`/api/events/${event.id}`).set(authHeader).expect(200);
      const res = await request(app)
        .post('/api/events')
        .set(authHeader)
        .send(validEvent)
        .expect(403);
      assert.equal(res.body.code, 'forbidden');
      await request(app)
        .patch(`/api/events/${event.id}`)
        .set(authHeader)
        .send({ name: 'x' })
        .expect(403);
    });

    it('when a comms user manages an event, then they may edit it but not others, and not create events', async () => {
      const mine = await buildEvent();
      const other = await buildEvent();
      const { authHeader } = await signInAs(app, 'comms', { eventIds: [mine.id] });
      await request(app)
        .patch(`/api/events/${mine.id}`)
        .set(authHeader)
        .send({ venue: 'Hall B' })
        .expect(200);
      await request(app)
        .patch(`/api/events/${other.id}`)
        .set(authHeader)
        .send({ venue: 'Hall B' })
        .expect(403);
      await request(app).delete(`/api/events/${other.id}`).set(authHeader).expect(403);
      await request(app).post('/api/events').set(authHeader).send(validEvent).expect(403);
    });
  });
});
