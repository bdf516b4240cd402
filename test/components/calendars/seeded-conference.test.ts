import assert from 'node:assert/strict';
import request from 'supertest';
import { getEventBySlug, listProgrammeItems } from '../../../src/components/events';
import { createLogger } from '../../../src/lib/logger';
import { seedDatabase } from '../../../seeds';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { clearDatabase } from '../../helpers/hooks';
import { eventsOf, parseIcs } from './ics-read';

/**
 * The seeded 2025 conference lies far outside the rolling window of personal feeds
 * (90 days back, a year ahead) once 2025 is over: its own calendar must still hold it.
 */
describe('calendars: the seeded 2025 conference, read long after it', () => {
  const NOW = new Date('2026-12-01T09:00:00Z');

  beforeEach(async () => {
    await clearDatabase();
    await seedDatabase(createLogger('silent'), NOW);
  });

  it('when its programme .ics is downloaded or subscribed to, then every item and the Vilnius VTIMEZONE are in it', async () => {
    const { app } = await buildTestApp({ clock: () => NOW });
    const organiser = await signInAs(app, 'comms');
    const event = await getEventBySlug('2025-cities-mission-conference');
    assert.ok(event);
    const expected = (await listProgrammeItems(event.id)).map((item) => item.title).sort();
    assert.ok(expected.length >= 4, 'the seeded programme has items');

    const readBack = (body: string) => {
      const components = Object.values(parseIcs(body));
      assert.ok(
        components.some((c) => c?.type === 'VTIMEZONE' && c.tzid === 'Europe/Vilnius'),
        'VTIMEZONE for Europe/Vilnius',
      );
      return eventsOf(body)
        .map((e) => String(e.summary))
        .sort();
    };

    const download = await request(app)
      .get(`/api/events/${event.id}/programme.ics`)
      .set(organiser.authHeader)
      .expect(200);
    assert.deepEqual(readBack(download.text), expected);

    // The link the event page offers for a one-time import.
    const page = await request(app)
      .get(`/events/${event.id}`)
      .set(organiser.authHeader)
      .expect(200);
    const href = /href='(\/api\/events\/[^']+\/programme\.ics[^']*)'/.exec(page.text)?.[1];
    assert.ok(href, 'the event page links its .ics');
    const fromPage = await request(app)
      .get(href.replace(/&amp;/g, '&'))
      .set(organiser.authHeader)
      .expect(200);
    assert.deepEqual(readBack(fromPage.text), expected);

    const subscription = await request(app)
      .post('/api/calendar-subscriptions')
      .set(organiser.authHeader)
      .send({ scope: 'event-programme', resourceId: event.id })
      .expect(201);
    const feed = await request(app).get(new URL(subscription.body.https).pathname).expect(200);
    assert.deepEqual(readBack(feed.text), expected);
  });
});
