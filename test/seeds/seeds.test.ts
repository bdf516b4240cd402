import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { createLogger } from '../../src/lib/logger';
import {
  getEventBySlug,
  listCities,
  listClusters,
  listEvents,
  listPeople,
  listProgrammeItems,
  listProjects,
} from '../../src/components/events';
import { seedDatabase, seedIfEmpty } from '../../seeds';
import { DEMO_EVENT_SLUG } from '../../seeds/data/demo-event';
import { events as seedEvents } from '../../seeds/data/events';
import { buildEvent } from '../helpers/factories/events';
import { clearDatabase } from '../helpers/hooks';

const logger = createLogger('silent');

async function countAll(): Promise<Record<string, number>> {
  const names = [
    'events',
    'programmeitems',
    'clusters',
    'projects',
    'organisations',
    'cities',
    'people',
    'kitTypes',
    'kits',
    'kitHandOuts',
    'kitRecipients',
  ];
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const counts = await Promise.all(names.map((n) => db.collection(n).countDocuments()));
  return Object.fromEntries(names.map((n, i) => [n, counts[i] ?? -1]));
}

describe('seeds', () => {
  beforeEach(async () => {
    await clearDatabase();
    await mongoose.syncIndexes();
  });

  it('when seeding twice, then the second run creates and changes nothing and the counts stay', async () => {
    const first = await seedDatabase(logger);
    const countsAfterFirst = await countAll();
    const vilniusBefore = await getEventBySlug('2025-cities-mission-conference');
    const second = await seedDatabase(logger);
    assert.deepEqual(await countAll(), countsAfterFirst);
    for (const [collection, outcome] of Object.entries(second)) {
      assert.equal(outcome.created, 0, collection);
      assert.equal(outcome.updated, 0, collection);
      assert.equal(outcome.unchanged, first[collection as keyof typeof first].created, collection);
    }
    const vilniusAfter = await getEventBySlug('2025-cities-mission-conference');
    assert.equal(vilniusAfter.updatedAt.getTime(), vilniusBefore.updatedAt.getTime());
    // The report's five events and four programme items, plus the demo event's one and four.
    assert.deepEqual(countsAfterFirst, {
      events: 6,
      programmeitems: 8,
      clusters: 1,
      projects: 3,
      organisations: 3,
      cities: 9,
      people: 4,
      // The Dominoes game; 24 demo kits; the report's tally, four demo hand-outs and a demo tally.
      kitTypes: 1,
      kits: 24,
      kitHandOuts: 6,
      // The fourth demo hand-out is anonymous.
      kitRecipients: 3,
    });
  });

  it('when seeded, then the 2025 conference matches the report: Vilnius, 6–8 May 2025, Europe/Vilnius, NetZeroCities, invitation-only', async () => {
    await seedDatabase(logger);
    const event = await getEventBySlug('2025-cities-mission-conference');
    assert.equal(event.name, '2025 Cities Mission Conference');
    assert.equal(event.city, 'Vilnius');
    assert.equal(event.country, 'LT');
    assert.equal(event.startDate, '2025-05-06');
    assert.equal(event.endDate, '2025-05-08');
    assert.equal(event.timeZone, 'Europe/Vilnius');
    assert.equal(event.organiser, 'NetZeroCities');
    assert.equal(event.accessNote, 'Invitation-only');
    assert.equal(event.clusterIds.length, 1);

    const programme = await listProgrammeItems(event.id);
    const exhibitionDays = programme.filter((i) => i.title.includes('Cluster Exhibition'));
    assert.equal(exhibitionDays.length, 3);
    // All-day entries run local midnight to midnight in Vilnius (UTC+3 in May).
    assert.equal(exhibitionDays[0]?.start.toISOString(), '2025-05-05T21:00:00.000Z');
    const worldCafe = programme.find((i) =>
      i.title.includes('Urban Planning and Design for Climate Impact'),
    );
    assert.ok(worldCafe);
    assert.match(worldCafe.description ?? '', /does not give its day or time/);
  });

  it('when seeded, then the cluster has its call and three projects, and the nine Re-Value cities keep their diacritics and roles', async () => {
    await seedDatabase(logger);
    const clusters = await listClusters({ page: 1, limit: 10, sort: 'name' });
    assert.equal(clusters.items[0]?.name, 'Urban Planning and Design Cluster');
    assert.equal(clusters.items[0]?.callIdentifier, 'HORIZON-MISS-2021-CIT-02-01');
    const projects = await listProjects({ page: 1, limit: 10, sort: 'name' });
    assert.deepEqual(projects.items.map((p) => p.acronym).sort(), [
      'CLIMABOROUGH',
      'Re-Value',
      'UP2030',
    ]);
    assert.deepEqual(
      [...(clusters.items[0]?.projectIds ?? [])].sort(),
      projects.items.map((p) => p.id).sort(),
    );

    const reValue = projects.items.find((p) => p.acronym === 'Re-Value');
    assert.ok(reValue);
    const cities = await listCities({ page: 1, limit: 50, sort: 'name', projectId: reValue.id });
    const roles = Object.fromEntries(
      cities.items.map((c) => [
        `${c.name} ${c.country}`,
        c.projects.find((p) => p.projectId === reValue.id)?.role,
      ]),
    );
    assert.deepEqual(roles, {
      'Ålesund NO': 'leading',
      'Bruges BE': 'leading',
      'Burgas BG': 'leading',
      'Rimini IT': 'leading',
      'Cascais PT': 'replication',
      'Constanța RO': 'replication',
      'İzmir TR': 'replication',
      'Písek CZ': 'replication',
      'Rijeka HR': 'replication',
    });
    // Exact code points: comma-below ț (U+021B) and dotted capital İ (U+0130).
    assert.ok(cities.items.some((c) => c.name === 'Constan\u021Ba'));
    assert.ok(cities.items.some((c) => c.name === '\u0130zmir'));
  });

  it('when seeded, then dates the report gives only as a month are month-precision, not invented days', async () => {
    await seedDatabase(logger);
    const bruges = await getEventBySlug('re-value-final-conference-2026');
    assert.equal(bruges.datePrecision, 'month');
    assert.equal(bruges.startDate, '2026-10-01');
    assert.equal(bruges.endDate, '2026-10-31');
    assert.match(bruges.description ?? '', /to be confirmed/);
    for (const slug of ['2026-cities-mission-conference', 'neb-festival-2026']) {
      assert.equal((await getEventBySlug(slug)).datePrecision, 'month', slug);
    }
    const barcelona = await getEventBySlug('up2030-final-conference-2025');
    assert.equal(barcelona.datePrecision, 'day');
    assert.equal(barcelona.startDate, '2025-11-03');
  });

  it('when seeded, then the World Café has no invented hour: an all-day entry over the conference days, saying why', async () => {
    await seedDatabase(logger);
    const conference = await getEventBySlug('2025-cities-mission-conference');
    const programme = await listProgrammeItems(conference.id);
    const cafe = programme.find((item) => item.title.startsWith('World Café'));
    assert.ok(cafe, programme.map((i) => i.title).join(', '));
    assert.equal(cafe.allDay, true);
    // Local midnights in Vilnius (UTC+3 in May): 6 May 00:00 to 9 May 00:00, end exclusive.
    assert.equal(cafe.start.toISOString(), '2025-05-05T21:00:00.000Z');
    assert.equal(cafe.end.toISOString(), '2025-05-08T21:00:00.000Z');
    assert.match(cafe.description ?? '', /does not give its day or time/);
    for (const item of programme) assert.equal(item.allDay, true, item.title);
  });

  it('when seeded, then every person is a fictional demo person at example.org', async () => {
    await seedDatabase(logger);
    const people = await listPeople({ page: 1, limit: 50, sort: 'name' });
    assert.ok(people.total > 0);
    for (const person of people.items) {
      assert.match(person.email ?? '', /@example\.org$/);
      assert.match(person.name, /\(demo\)$/);
    }
  });

  it('when events already exist, then seedIfEmpty leaves the database alone; when empty, it seeds', async () => {
    await buildEvent();
    await seedIfEmpty(logger);
    assert.equal((await listEvents({ page: 1, limit: 50, sort: 'startDate' })).total, 1);
    await clearDatabase();
    await seedIfEmpty(logger);
    // The report's events and the fictional demo event.
    assert.equal(
      (await listEvents({ page: 1, limit: 50, sort: 'startDate' })).total,
      seedEvents.length + 1,
    );
  });

  it('when seeded, then a fictional demo event starts two weeks after the seeding day, says it is a demo, and has a programme', async () => {
    const today = new Date('2026-12-01T10:00:00Z');
    await seedDatabase(logger, today);
    const all = await listEvents({ page: 1, limit: 50, sort: 'startDate' });
    const demo = all.items.find((e) => e.slug === DEMO_EVENT_SLUG);
    assert.ok(demo);
    assert.match(demo.name, /demo/i);
    assert.equal(demo.startDate, '2026-12-15');
    assert.equal(demo.endDate, '2026-12-17');
    const programme = await listProgrammeItems(demo.id);
    assert.ok(programme.length >= 3);
    for (const item of programme) assert.match(item.title, /\(demo\)$/);
  });
});
