import { DateTime } from 'luxon';
import {
  countEvents,
  getEventBySlug,
  upsertCityByName,
  upsertClusterByName,
  upsertEventBySlug,
  upsertOrganisationByName,
  upsertPersonByEmail,
  upsertProgrammeItemByTitle,
  upsertProjectByAcronym,
  type UpsertOutcome,
} from '../src/components/events';
import type { Logger } from '../src/lib/logger';
import { cities } from './data/cities';
import { clusters } from './data/clusters';
import { DEMO_EVENT_SLUG, demoEvent } from './data/demo-event';
import { demoPeople } from './data/demo-people';
import { seedExhibitions } from './data/exhibitions';
import { events, type SeedProgrammeItem } from './data/events';
import { DEMO_ORGANISATION, organisations } from './data/organisations';
import { projects } from './data/projects';
import { CONFERENCE_2025_SLUG, seedQrDemo, seedQrRegistry } from './data/qr';
import { seedWorldCafe, WORLD_CAFE_COLLECTIONS } from './data/world-cafe';
import { KIT_SEED_COLLECTIONS, seedKits, seedKitsDemo } from './data/kits';

/**
 * Loads the seed data through the events services, upserting by natural keys
 * (project acronym, cluster name, organisation and city name + country, event slug,
 * programme item title within its event, person e-mail). Running it again changes
 * nothing and creates nothing.
 */

const COLLECTIONS = [
  'projects',
  'clusters',
  'organisations',
  'cities',
  'people',
  'events',
  'programmeItems',
  'resources',
  'postcards',
  'demoQrCodes',
  ...WORLD_CAFE_COLLECTIONS,
  ...KIT_SEED_COLLECTIONS,
] as const;
type Collection = (typeof COLLECTIONS)[number];
export type SeedSummary = Record<Collection, Record<UpsertOutcome, number>>;

/**
 * `today` places the fictional demo event (two weeks ahead of it); everything else
 * is fixed data from the report.
 */
export async function seedDatabase(logger: Logger, today: Date = new Date()): Promise<SeedSummary> {
  const summary = Object.fromEntries(
    COLLECTIONS.map((c) => [c, { created: 0, updated: 0, unchanged: 0 }]),
  ) as SeedSummary;
  const count = (collection: Collection, outcome: UpsertOutcome) => {
    summary[collection][outcome] += 1;
  };

  const projectIds = new Map<string, string>();
  for (const input of projects) {
    const { project, outcome } = await upsertProjectByAcronym(input);
    projectIds.set(project.acronym, project.id);
    count('projects', outcome);
  }
  const projectId = (acronym: string) => {
    const id = projectIds.get(acronym);
    if (!id) throw new Error(`seed data names an unknown project: ${acronym}`);
    return id;
  };

  const clusterIds = new Map<string, string>();
  for (const { projects: members, ...input } of clusters) {
    const { cluster, outcome } = await upsertClusterByName({
      ...input,
      projectIds: members.map(projectId),
    });
    clusterIds.set(cluster.name, cluster.id);
    count('clusters', outcome);
  }

  const organisationIds = new Map<string, string>();
  for (const input of organisations) {
    const { organisation, outcome } = await upsertOrganisationByName(input);
    organisationIds.set(organisation.name, organisation.id);
    count('organisations', outcome);
  }

  for (const { project, role, ...input } of cities) {
    const { outcome } = await upsertCityByName({
      ...input,
      projects: [{ projectId: projectId(project), role }],
    });
    count('cities', outcome);
  }

  for (const input of demoPeople) {
    const { outcome } = await upsertPersonByEmail({
      ...input,
      organisationId: organisationIds.get(DEMO_ORGANISATION),
    });
    count('people', outcome);
  }

  for (const { programme, clusters: clusterNames, ...input } of [...events, demoEvent(today)]) {
    const { event, outcome } = await upsertEventBySlug({
      ...input,
      clusterIds: clusterNames.map((name) => {
        const id = clusterIds.get(name);
        if (!id) throw new Error(`seed data names an unknown cluster: ${name}`);
        return id;
      }),
    });
    count('events', outcome);
    for (const item of programme) {
      const { outcome: itemOutcome } = await upsertProgrammeItemByTitle(
        event.id,
        toProgrammeInput(item, input.timeZone),
      );
      count('programmeItems', itemOutcome);
    }
  }

  const eventIds = new Map<string, string>();
  for (const slug of [CONFERENCE_2025_SLUG, DEMO_EVENT_SLUG]) {
    eventIds.set(slug, (await getEventBySlug(slug)).id);
  }
  await seedQrRegistry(
    { reValueProjectId: projectId('Re-Value'), conferenceId: eventIds.get(CONFERENCE_2025_SLUG)! },
    count,
  );
  await seedQrDemo(
    {
      demoEventId: eventIds.get(DEMO_EVENT_SLUG)!,
      reValueProjectId: projectId('Re-Value'),
    },
    today,
    count,
  );

  const exhibitions = await seedExhibitions(today);
  await seedWorldCafe(projectId, count);
  const kitTypeId = await seedKits(
    { reValueProjectId: projectId('Re-Value'), conferenceId: eventIds.get(CONFERENCE_2025_SLUG)! },
    count,
  );
  await seedKitsDemo({ kitTypeId, demoEventId: eventIds.get(DEMO_EVENT_SLUG)! }, today, count);

  logger.info({ summary, exhibitions }, 'seed data loaded');
  return summary;
}

/** Seeds a fresh database (no events yet); leaves a used one alone. */
export async function seedIfEmpty(logger: Logger): Promise<void> {
  if ((await countEvents()) > 0) return;
  await seedDatabase(logger);
}

/** Local wall-clock times in the event's zone → instants; all-day = local midnight to the midnight after the last day. */
function toProgrammeInput(item: SeedProgrammeItem, zone: string) {
  const local = (iso: string) => {
    const value = DateTime.fromISO(iso, { zone });
    if (!value.isValid) throw new Error(`seed data has a bad local time: ${iso}`);
    return value;
  };
  const start = item.allDay ? local(item.date).startOf('day') : local(item.localStart);
  const end = item.allDay
    ? local(item.lastDate ?? item.date)
        .startOf('day')
        .plus({ days: 1 })
    : local(item.localEnd);
  return {
    title: item.title,
    description: item.description,
    sourceNote: item.sourceNote,
    location: item.location,
    allDay: item.allDay,
    start: start.toJSDate(),
    end: end.toJSDate(),
  };
}
