import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { updateProgrammeItem, type EventView } from '../../../src/components/events';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildEvent, buildProgrammeItem } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';
import { contentLines, eventByUid, eventsOf, parseIcs } from './ics-read';

const ZONE = 'Europe/Vilnius';
const HOST = 'forumkit.test';

describe('calendar feeds API', () => {
  let app: Express;
  let event: EventView;
  let organiser: Awaited<ReturnType<typeof signInAs>>;

  beforeEach(async () => {
    await clearDatabase();
    // The clock sits inside the demo programme so the default window covers it.
    ({ app } = await buildTestApp({ clock: () => new Date('2025-03-30T12:00:00Z') }));
    organiser = await signInAs(app, 'comms');
    event = await buildEvent({ startDate: '2025-03-29', endDate: '2025-03-31' });
  });

  const programme = (query = '') =>
    request(app).get(`/api/events/${event.id}/programme.ics${query}`).set(organiser.authHeader);

  describe('GET /api/events/:id/programme.ics', () => {
    it('when items straddle the DST change, then both read back at 10:00 Vilnius (08:00Z and 07:00Z)', async () => {
      const before = await buildProgrammeItem({
        eventId: event.id,
        start: new Date('2025-03-29T08:00:00Z'),
        end: new Date('2025-03-29T09:00:00Z'),
      });
      const after = await buildProgrammeItem({
        eventId: event.id,
        start: new Date('2025-03-31T07:00:00Z'),
        end: new Date('2025-03-31T08:00:00Z'),
      });

      const res = await programme().expect(200);

      assert.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
      const first = eventByUid(res.text, `${before.id}@${HOST}`);
      const second = eventByUid(res.text, `${after.id}@${HOST}`);
      assert.equal(first.start.toISOString(), '2025-03-29T08:00:00.000Z');
      assert.equal(second.start.toISOString(), '2025-03-31T07:00:00.000Z');
      assert.equal(first.start.tz, ZONE);
      const lines = contentLines(res.text);
      assert.ok(lines.includes(`DTSTART;TZID=${ZONE}:20250329T100000`));
      assert.ok(lines.includes(`DTSTART;TZID=${ZONE}:20250331T100000`));
      assert.ok(lines.includes(`TZID:${ZONE}`), 'VTIMEZONE for the zone');
      assert.ok(Object.values(parseIcs(res.text)).some((c) => c?.type === 'VTIMEZONE'));
      assert.ok(lines.includes(`X-WR-TIMEZONE:${ZONE}`));
      assert.ok(lines.some((line) => line.startsWith('X-WR-CALNAME:Test Conference')));
      assert.equal(
        (first.url as unknown as { val: string }).val,
        `https://${HOST}/events/${event.id}#programme-item-${before.id}`,
      );
      assert.ok(first.dtstamp instanceof Date && first.lastmodified instanceof Date);
    });

    it('when an item is cancelled, then it stays in the feed with STATUS:CANCELLED', async () => {
      const item = await buildProgrammeItem({
        eventId: event.id,
        start: new Date('2025-03-30T08:00:00Z'),
        end: new Date('2025-03-30T09:00:00Z'),
      });
      await updateProgrammeItem(event.id, item.id, { status: 'cancelled' });

      const res = await programme().expect(200);

      assert.equal(eventByUid(res.text, `${item.id}@${HOST}`).status, 'CANCELLED');
    });

    it('when an item is all-day, then it is written as VALUE=DATE', async () => {
      const item = await buildProgrammeItem({
        eventId: event.id,
        allDay: true,
        start: new Date('2025-03-29T22:00:00Z'),
        end: new Date('2025-03-30T21:00:00Z'),
      });

      const res = await programme().expect(200);

      assert.equal(eventByUid(res.text, `${item.id}@${HOST}`).datetype, 'date');
      assert.ok(contentLines(res.text).includes('DTSTART;VALUE=DATE:20250330'));
    });

    it('when an item’s time changes, then its UID stays and SEQUENCE goes up', async () => {
      const item = await buildProgrammeItem({
        eventId: event.id,
        start: new Date('2025-03-30T08:00:00Z'),
        end: new Date('2025-03-30T09:00:00Z'),
      });
      const uid = `${item.id}@${HOST}`;
      const before = eventByUid((await programme().expect(200)).text, uid);

      await updateProgrammeItem(event.id, item.id, {
        start: new Date('2025-03-30T09:00:00Z'),
        end: new Date('2025-03-30T10:00:00Z'),
      });
      const after = eventByUid((await programme().expect(200)).text, uid);

      assert.equal(Number(after.sequence), Number(before.sequence) + 1);
      assert.equal(after.start.toISOString(), '2025-03-30T09:00:00.000Z');
    });

    it('when nothing changed, then regenerating gives the same UIDs and If-None-Match gets 304', async () => {
      await buildProgrammeItem({
        eventId: event.id,
        start: new Date('2025-03-30T08:00:00Z'),
        end: new Date('2025-03-30T09:00:00Z'),
      });
      const first = await programme().expect(200);
      const second = await programme().expect(200);
      const etag = first.headers.etag as string;
      assert.match(etag, /^"[\w-]+"$/, 'strong ETag');
      assert.equal(second.headers.etag, etag);
      assert.deepEqual(
        eventsOf(first.text).map((e) => e.uid),
        eventsOf(second.text).map((e) => e.uid),
      );

      const cached = await programme().set('If-None-Match', etag).expect(304);
      assert.equal(cached.text ?? '', '');

      await buildProgrammeItem({
        eventId: event.id,
        start: new Date('2025-03-30T10:00:00Z'),
        end: new Date('2025-03-30T11:00:00Z'),
      });
      const changed = await programme().set('If-None-Match', etag).expect(200);
      assert.notEqual(changed.headers.etag, etag);
    });

    it('when a window is given, then only items overlapping it are in the feed', async () => {
      const inside = await buildProgrammeItem({
        eventId: event.id,
        start: new Date('2025-03-30T08:00:00Z'),
        end: new Date('2025-03-30T09:00:00Z'),
      });
      const outside = await buildProgrammeItem({
        eventId: event.id,
        start: new Date('2025-06-30T08:00:00Z'),
        end: new Date('2025-06-30T09:00:00Z'),
      });
      const farPast = await buildProgrammeItem({
        eventId: event.id,
        start: new Date('2024-06-30T08:00:00Z'),
        end: new Date('2024-06-30T09:00:00Z'),
      });

      const windowed = await programme('?from=2025-03-30&to=2025-03-30').expect(200);
      assert.deepEqual(
        eventsOf(windowed.text).map((e) => e.uid),
        [`${inside.id}@${HOST}`],
      );

      // Without a window, an event's own feed is its whole programme, however far back.
      const byDefault = await programme().expect(200);
      assert.deepEqual(
        eventsOf(byDefault.text)
          .map((e) => e.uid)
          .sort(),
        [inside, outside, farPast].map((item) => `${item.id}@${HOST}`).sort(),
      );
    });

    it('when the window is malformed, reversed, too wide or has unknown fields, then 400 validation_failed', async () => {
      for (const query of [
        '?from=yesterday',
        '?from=2025-02-30',
        '?from=2025-05-01&to=2025-04-01',
        '?from=2020-01-01&to=2025-01-01',
        '?colour=red',
      ]) {
        const res = await programme(query).expect(400);
        assert.equal(res.body.code, 'validation_failed', query);
      }
    });

    it('when not signed in, then 401; when the event is unknown, then 404', async () => {
      const anonymous = await request(app).get(`/api/events/${event.id}/programme.ics`).expect(401);
      assert.equal(anonymous.body.code, 'unauthenticated');
      await request(app)
        .get('/api/events/6650aa0000000000000000ff/programme.ics')
        .set(organiser.authHeader)
        .expect(404);
      await request(app)
        .get('/api/events/nope/programme.ics')
        .set(organiser.authHeader)
        .expect(404);
    });
  });

  describe('GET /api/events/:eventId/programme-items/:id.ics', () => {
    it('when downloaded, then it is one event as an attachment with a readable file name', async () => {
      const item = await buildProgrammeItem({
        eventId: event.id,
        title: 'World Café: Climate Impact',
      });

      const res = await request(app)
        .get(`/api/events/${event.id}/programme-items/${item.id}.ics`)
        .set(organiser.authHeader)
        .expect(200);

      assert.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
      assert.match(
        res.headers['content-disposition'] as string,
        /^attachment; filename="?world-cafe-climate-impact\.ics"?$/,
      );
      const events = eventsOf(res.text);
      assert.equal(events.length, 1);
      assert.equal(events[0]?.uid, `${item.id}@${HOST}`);
      assert.equal(parseIcs(res.text).vcalendar?.method, 'PUBLISH');
    });

    it('when the item belongs to another event, then 404', async () => {
      const other = await buildProgrammeItem();
      await request(app)
        .get(`/api/events/${event.id}/programme-items/${other.id}.ics`)
        .set(organiser.authHeader)
        .expect(404);
    });
  });

  describe('subscription links', () => {
    const subscribe = (auth: Record<string, string>, body: object) =>
      request(app).post('/api/calendar-subscriptions').set(auth).send(body);

    it('when created, used and revoked, then the feed works without sign-in and then answers 404', async () => {
      const item = await buildProgrammeItem({
        eventId: event.id,
        start: new Date('2025-03-30T08:00:00Z'),
        end: new Date('2025-03-30T09:00:00Z'),
      });

      const created = await subscribe(organiser.authHeader, {
        scope: 'event-programme',
        resourceId: event.id,
      }).expect(201);
      const { id, https, webcal } = created.body as { id: string; https: string; webcal: string };
      assert.match(https, /^https:\/\/forumkit\.test\/cal\/[\w-]{43}\.ics$/);
      assert.equal(webcal, https.replace(/^https:/, 'webcal:'));
      const path = new URL(https).pathname;

      const feed = await request(app).get(path).expect(200);
      assert.equal(feed.headers['content-type'], 'text/calendar; charset=utf-8');
      assert.ok(eventByUid(feed.text, `${item.id}@${HOST}`));
      await request(app)
        .get(path)
        .set('If-None-Match', feed.headers.etag as string)
        .expect(304);

      const listed = await request(app)
        .get('/api/calendar-subscriptions')
        .set(organiser.authHeader)
        .expect(200);
      assert.equal(listed.body.total, 1);
      const [link] = listed.body.items as Record<string, unknown>[];
      assert.equal(link?.id, id);
      assert.equal(link?.scope, 'event-programme');
      assert.ok(link?.lastUsedAt, 'use is recorded');
      assert.ok(!('tokenHash' in (link ?? {})), 'no token material in listings');

      await request(app)
        .delete(`/api/calendar-subscriptions/${id}`)
        .set(organiser.authHeader)
        .expect(204);
      const revoked = await request(app).get(path).expect(404);
      const unknown = await request(app)
        .get(`/cal/${'A'.repeat(43)}.ics`)
        .expect(404);
      assert.equal(revoked.body.code, unknown.body.code, 'revoked and unknown look the same');
      await request(app).get('/cal/short.ics').expect(404);
    });

    it('when someone else revokes a link, then 403; an admin may', async () => {
      const created = await subscribe(organiser.authHeader, {
        scope: 'event-programme',
        resourceId: event.id,
      }).expect(201);
      const other = await signInAs(app, 'facilitator');
      const admin = await signInAs(app, 'admin');

      const denied = await request(app)
        .delete(`/api/calendar-subscriptions/${created.body.id}`)
        .set(other.authHeader)
        .expect(403);
      assert.equal(denied.body.code, 'forbidden');
      await request(app)
        .delete(`/api/calendar-subscriptions/6650aa0000000000000000ff`)
        .set(other.authHeader)
        .expect(404);
      await request(app)
        .delete(`/api/calendar-subscriptions/${created.body.id}`)
        .set(admin.authHeader)
        .expect(204);
    });

    it('when listing, then people see their own links and admins see everyone’s or one person’s', async () => {
      const other = await signInAs(app, 'facilitator');
      const admin = await signInAs(app, 'admin');
      await subscribe(organiser.authHeader, {
        scope: 'event-programme',
        resourceId: event.id,
      }).expect(201);
      await subscribe(other.authHeader, { scope: 'person', resourceId: other.user.id }).expect(201);

      const own = await request(app)
        .get('/api/calendar-subscriptions')
        .set(other.authHeader)
        .expect(200);
      assert.deepEqual(
        own.body.items.map((l: { ownerUserId: string }) => l.ownerUserId),
        [other.user.id],
      );
      await request(app)
        .get(`/api/calendar-subscriptions?ownerUserId=${organiser.user.id}`)
        .set(other.authHeader)
        .expect(403);

      const all = await request(app)
        .get('/api/calendar-subscriptions')
        .set(admin.authHeader)
        .expect(200);
      assert.equal(all.body.total, 2);
      const one = await request(app)
        .get(`/api/calendar-subscriptions?ownerUserId=${organiser.user.id}`)
        .set(admin.authHeader)
        .expect(200);
      assert.equal(one.body.total, 1);
    });

    it('when the scope is person, then only one’s own calendar may be subscribed and it holds one’s events', async () => {
      const member = await signInAs(app, 'comms', { eventIds: [event.id] });
      const item = await buildProgrammeItem({
        eventId: event.id,
        start: new Date('2025-03-30T08:00:00Z'),
        end: new Date('2025-03-30T09:00:00Z'),
      });
      await buildProgrammeItem({
        start: new Date('2025-03-30T08:00:00Z'),
        end: new Date('2025-03-30T09:00:00Z'),
      });

      const denied = await subscribe(member.authHeader, {
        scope: 'person',
        resourceId: organiser.user.id,
      }).expect(403);
      assert.equal(denied.body.code, 'forbidden');
      const created = await subscribe(member.authHeader, {
        scope: 'person',
        resourceId: member.user.id,
      }).expect(201);

      const feed = await request(app).get(new URL(created.body.https).pathname).expect(200);
      assert.deepEqual(
        eventsOf(feed.text).map((e) => e.uid),
        [`${item.id}@${HOST}`],
      );
      assert.ok(contentLines(feed.text).includes(`DTSTART;TZID=${ZONE}:20250330T110000`));
    });

    it('when a personal feed is read, then it keeps the rolling window (90 days back, a year ahead) over its events', async () => {
      const member = await signInAs(app, 'comms', { eventIds: [event.id] });
      const recent = await buildProgrammeItem({
        eventId: event.id,
        start: new Date('2025-03-30T08:00:00Z'),
        end: new Date('2025-03-30T09:00:00Z'),
      });
      await buildProgrammeItem({
        eventId: event.id,
        start: new Date('2024-06-30T08:00:00Z'),
        end: new Date('2024-06-30T09:00:00Z'),
      });
      const created = await subscribe(member.authHeader, {
        scope: 'person',
        resourceId: member.user.id,
      }).expect(201);
      const feed = await request(app).get(new URL(created.body.https).pathname).expect(200);
      assert.deepEqual(
        eventsOf(feed.text).map((e) => e.uid),
        [`${recent.id}@${HOST}`],
      );
    });

    it('when the request is bad, then a clear 4xx', async () => {
      await request(app)
        .post('/api/calendar-subscriptions')
        .send({ scope: 'person', resourceId: organiser.user.id })
        .expect(401);
      for (const body of [
        { scope: 'shifts', resourceId: event.id },
        { scope: 'event-programme', resourceId: 'x' },
        { scope: 'event-programme', resourceId: event.id, extra: 1 },
      ]) {
        const res = await subscribe(organiser.authHeader, body).expect(400);
        assert.equal(res.body.code, 'validation_failed');
      }
      await subscribe(organiser.authHeader, {
        scope: 'event-programme',
        resourceId: '6650aa0000000000000000ff',
      }).expect(404);
    });
  });

  it('when the API document is built, then every calendar route is listed as text/calendar', async () => {
    const res = await request(app).get('/api/openapi.json').expect(200);
    const paths = res.body.paths as Record<
      string,
      Record<string, { responses: Record<string, { content?: object }> }>
    >;
    for (const path of [
      '/api/events/{id}/programme.ics',
      '/api/events/{eventId}/programme-items/{id}.ics',
      '/cal/{token}.ics',
    ]) {
      assert.ok(
        paths[path]?.get?.responses['200']?.content &&
          'text/calendar' in (paths[path].get.responses['200'].content ?? {}),
        path,
      );
    }
    assert.ok(paths['/api/calendar-subscriptions']?.post);
    assert.ok(paths['/api/calendar-subscriptions/{id}']?.delete);
  });
});
