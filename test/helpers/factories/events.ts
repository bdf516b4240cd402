import { randomUUID } from 'node:crypto';
import {
  createCity,
  createCluster,
  createEvent,
  createOrganisation,
  createPerson,
  createProgrammeItem,
  createProject,
  type CityView,
  type ClusterView,
  type CreateCityInput,
  type CreateClusterInput,
  type CreateEventInput,
  type CreateOrganisationInput,
  type CreatePersonInput,
  type CreateProgrammeItemInput,
  type CreateProjectInput,
  type EventView,
  type OrganisationView,
  type PersonView,
  type ProgrammeItemView,
  type ProjectView,
} from '../../../src/components/events';

/**
 * Test data through the events services (never the models), so factories obey
 * the same rules as the API. Each call makes unique names; parents are created
 * when not given.
 */

const unique = () => randomUUID().slice(0, 8);

export async function buildEvent(overrides: Partial<CreateEventInput> = {}): Promise<EventView> {
  const tag = unique();
  return createEvent({
    name: `Test Conference ${tag}`,
    slug: `test-conference-${tag}`,
    venue: 'Test Hall',
    city: 'Vilnius',
    country: 'LT',
    startDate: '2025-05-06',
    endDate: '2025-05-08',
    timeZone: 'Europe/Vilnius',
    organiser: 'Test Organiser',
    ...overrides,
  });
}

/** A programme item (default: 7 May 2025, 10:00–11:30 in Vilnius); creates the event unless `eventId` is given. */
export async function buildProgrammeItem(
  overrides: Partial<CreateProgrammeItemInput> & { eventId?: string } = {},
): Promise<ProgrammeItemView> {
  const { eventId, ...fields } = overrides;
  const event = eventId ?? (await buildEvent()).id;
  return createProgrammeItem(event, {
    title: `Test session ${unique()}`,
    location: 'Room 1',
    start: new Date('2025-05-07T07:00:00Z'),
    end: new Date('2025-05-07T08:30:00Z'),
    ...fields,
  });
}

export async function buildProject(
  overrides: Partial<CreateProjectInput> = {},
): Promise<ProjectView> {
  const tag = unique();
  return createProject({
    name: `Test Project ${tag}`,
    acronym: `TP-${tag}`,
    colour: '#336699',
    ...overrides,
  });
}

/** A cluster; creates one project unless `projectIds` is given. */
export async function buildCluster(
  overrides: Partial<CreateClusterInput> = {},
): Promise<ClusterView> {
  const projectIds = overrides.projectIds ?? [(await buildProject()).id];
  return createCluster({
    name: `Test Cluster ${unique()}`,
    callIdentifier: 'TEST-CALL-01',
    ...overrides,
    projectIds,
  });
}

export async function buildOrganisation(
  overrides: Partial<CreateOrganisationInput> = {},
): Promise<OrganisationView> {
  return createOrganisation({
    name: `Test Organisation ${unique()}`,
    country: 'BE',
    kind: 'other',
    ...overrides,
  });
}

/** A city; creates a project (role 'leading') unless `projects` is given. */
export async function buildCity(overrides: Partial<CreateCityInput> = {}): Promise<CityView> {
  const projects = overrides.projects ?? [
    { projectId: (await buildProject()).id, role: 'leading' as const },
  ];
  return createCity({ name: `Testville ${unique()}`, country: 'NO', ...overrides, projects });
}

/** A fictional person at example.org; creates an organisation unless `organisationId` is given. */
export async function buildPerson(overrides: Partial<CreatePersonInput> = {}): Promise<PersonView> {
  const tag = unique();
  const organisationId = overrides.organisationId ?? (await buildOrganisation()).id;
  return createPerson({
    name: `Test Person ${tag}`,
    email: `person-${tag}@example.org`,
    consent: { contact: true, photo: false },
    ...overrides,
    organisationId,
  });
}
