import assert from 'node:assert/strict';
import { listCafeDutiesOf } from '../../src/components/world-cafe';
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
import {
  checksOfStand,
  listFilms,
  listMaterials,
  listScreenings,
  listShifts,
  listStandsOfEvent,
  screeningChecks,
} from '../../src/components/exhibitions';
import { seedDatabase, seedIfEmpty } from '../../seeds';
import { listPostcards, listResources } from '../../src/components/qr';
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
    'resources',
    'postcards',
    'qrCodes',
    'qrScans',
    'qrFeedback',
    'stands',
    'standshifts',
    'standmaterials',
    'standfilms',
    'standscreenings',
    'worldcafesessions',
    'worldcafetables',
    'worldcafequotes',
    'worldcafenotes',
    'worldcafephotos',
    'worldcafevotes',
    'kitTypes',
    'kits',
    'kitHandOuts',
    'kitRecipients',
    'kitBatches',
    'kitClaimLinks',
    'kitPlayReports',
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
      // Nine Re-Value resources and nine postcards, each with its code, plus four demo codes.
      resources: 9,
      postcards: 9,
      // …and one code on each of the 24 demo kits' boxes.
      qrCodes: 46,
      qrScans: 95,
      qrFeedback: 3,
      // Four demo people plus three fictional stand staff.
      people: 7,
      // The report's 2025 stand and the demo stand with its six demo shifts.
      stands: 2,
      standshifts: 6,
      // Five demo items; the report's six Re-Value city films and two demo films; four demo screenings.
      standmaterials: 5,
      standfilms: 8,
      standscreenings: 4,
      // The report's session, three tables and Riga quote; the demo session's three tables, three quotes,
      // three notes, a flipchart photo, three dots on notes and three visitors' votes on key outcomes.
      worldcafesessions: 2,
      worldcafetables: 6,
      worldcafequotes: 4,
      worldcafenotes: 3,
      worldcafephotos: 1,
      worldcafevotes: 6,
      // The Dominoes game; 24 demo kits in one demo batch; the report's tally, three earlier
      // demo hand-outs, four on the demo event and a demo tally.
      kitTypes: 1,
      kits: 24,
      kitBatches: 1,
      kitHandOuts: 9,
      // Of the seven demo hand-outs two are anonymous, and one of these is claimed (its link used).
      kitRecipients: 6,
      kitClaimLinks: 1,
      kitPlayReports: 3,
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
    assert.match(worldCafe.sourceNote ?? '', /does not give its day or time/);
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
    assert.match(cafe.sourceNote ?? '', /does not give its day or time/);
    for (const item of programme) assert.equal(item.allDay, true, item.title);
  });

  it('when seeded, then descriptions speak to attendees and notes about the source report are in sourceNote', async () => {
    await seedDatabase(logger);
    const provenance = /source report|the report|not given|does not give|illustrative/i;
    const events = await listEvents({ page: 1, limit: 50, sort: 'startDate' });
    let notes = 0;
    for (const event of events.items) {
      assert.doesNotMatch(event.description ?? '', provenance, event.name);
      if (event.sourceNote) notes += 1;
      for (const item of await listProgrammeItems(event.id)) {
        assert.doesNotMatch(item.description ?? '', provenance, item.title);
        if (item.sourceNote) {
          assert.match(item.sourceNote, provenance, item.title);
          notes += 1;
        }
      }
    }
    // Three exhibition days (no opening hours given) and the World Café (no day or time).
    assert.equal(notes, 4);
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

  it('when seeded, then the resource corner has the report’s Re-Value deliverables with exact codes and titles, no invented links or covers', async () => {
    await seedDatabase(logger);
    const conference = await getEventBySlug('2025-cities-mission-conference');
    const { items } = await listResources({ page: 1, limit: 50 });
    const byCode = Object.fromEntries(items.map((r) => [r.deliverableCode ?? r.title, r]));
    assert.deepEqual(
      Object.fromEntries(
        items.filter((r) => r.deliverableCode).map((r) => [r.deliverableCode, r.title]),
      ),
      {
        'D1.1': 'Re-Value Impact Model (initial version)',
        'D1.2': 'Re-Value Innovation Cycles experience-based report 1',
        'D6.1': 'Re-Value Capacity Development and Exchange Programme, Version 1',
        'D6.2': 'Re-Value Capacity Development and Exchange Programme, Version 2',
        'D7.4': 'Re-Value Impact dialogues with NetZeroCities 1',
        'D7.7': 'Re-Value Impact dialogues with NetZeroCities 2',
        'D7.11': 'Re-Value Impact dialogues with NetZeroCities 3',
        'D8.4': 'Re-Value Communication, Dissemination and Exploitation Plan 2',
      },
    );
    assert.equal(byCode['D7.7']!.publishedOn, '2025-09-30');
    assert.equal(byCode['D7.11']!.publishedOn, '2026-12');
    assert.equal(byCode['D7.11']!.dateKind, 'due');
    assert.equal(byCode['NEB Impact Model Dominoes game']!.type, 'game');
    for (const resource of items) {
      assert.equal(resource.externalUrl, undefined, resource.title);
      assert.equal(resource.coverUrl, undefined, resource.title);
      assert.deepEqual(resource.eventIds, [conference.id]);
      assert.match(resource.qrCodeId ?? '', /^[0-9a-f]{24}$/);
    }
    const postcards = (await listPostcards({ page: 1, limit: 50 })).items;
    assert.deepEqual(
      postcards.map((p) => p.city).sort(),
      [
        'Ålesund',
        'Bruges',
        'Burgas',
        'Cascais',
        'Constanța',
        'İzmir',
        'Písek',
        'Rijeka',
        'Rimini',
      ].sort(),
    );
    assert.ok(postcards.every((p) => p.story === undefined && p.frontUrl === undefined));
  });
});

describe('seeds: exhibitions', () => {
  beforeEach(async () => {
    await clearDatabase();
    await mongoose.syncIndexes();
  });

  it('when seeded, then the 2025 stand has the report’s four zones and no hours, team or shifts; the demo stand shows a gap and a conflict', async () => {
    await seedDatabase(logger);
    const event = await getEventBySlug('2025-cities-mission-conference');
    const [stand, ...others] = await listStandsOfEvent(event.id);
    assert.equal(others.length, 0);
    assert.equal(stand?.name, 'Urban Planning and Design Cluster Exhibition');
    assert.deepEqual(
      stand?.zones.map((z) => z.kind),
      ['resource-corner', 'film-corner', 'postcard-wall', 'game-table'],
    );
    assert.equal(stand?.projects.length, 3);
    assert.deepEqual(stand?.team, []);
    assert.deepEqual(stand?.openingHours, []);
    assert.deepEqual(await listShifts(stand!.id), []);

    const demo = (await listStandsOfEvent((await getEventBySlug(DEMO_EVENT_SLUG)).id))[0]!;
    assert.equal(demo.openingHours.length, 3);
    assert.equal(demo.team.length, 4);
    const checks = await checksOfStand(demo.id, listCafeDutiesOf);
    assert.ok(checks.some((c) => c.type === 'double_booked'));
    assert.ok(checks.some((c) => c.type === 'understaffed'));
    const films = await listFilms(stand!.id);
    assert.deepEqual(films.map((f) => f.city).sort(), [
      'Bruges',
      'Burgas',
      'Constanța',
      'Rijeka',
      'Rimini',
      'Ålesund',
    ]);
    assert.ok(films.every((f) => f.durationMinutes === undefined));
    assert.deepEqual(await listScreenings(stand!.id), []);
    const materials = await listMaterials(demo.id, new Date());
    assert.equal(materials.filter((m) => m.late).length, 1);
    assert.equal((await screeningChecks(demo.id)).length, 1);
  });
});
