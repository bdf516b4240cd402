import { Router } from 'express';
import { noStreams, nothingToStop, type Component } from '../../lib/component';
import type { AppContext } from '../../lib/context';
import { createDirectoryFormPages } from './directory-forms.pages';
import { createDirectoryApis } from './directory.routes';
import { createEventFormPages } from './event-forms.pages';
import { createEventsApi } from './events.routes';
import { createEventPages } from './pages.routes';
import type { EventsPorts } from './ports';

/**
 * The events component: events and their programme, and the cluster directory
 * (clusters, projects, organisations, cities, people). Other components use only
 * what is exported here.
 */
export type EventsComponent = Component<
  { main: Router },
  // It refers to no other component's things and provides nothing to them.
  Record<string, never>
>;

/** /api/events (+ programme), the directory APIs, the dashboard and event pages, and the forms for all of them. */
export function createEventsComponent(context: AppContext, ports: EventsPorts): EventsComponent {
  const main = Router();
  main.use('/api/events', createEventsApi(context, ports).router);
  for (const [path, api] of createDirectoryApis(context, ports)) main.use(path, api.router);
  // Before the event pages, so /events/new is the form and not an event called "new".
  main.use(createEventFormPages(context, ports));
  main.use(createDirectoryFormPages(context, ports));
  main.use(createEventPages(context, ports));
  return {
    routers: { main },
    ports: {},
    jobs: [],
    endStreams: noStreams,
    stop: nothingToStop,
  };
}

export type { EventsPorts } from './ports';

export {
  getEvent,
  getEventBySlug,
  listEvents,
  createEvent,
  updateEvent,
  deleteEvent,
  countEvents,
  upsertEventBySlug,
  type UpsertOutcome,
} from './events.service';
export {
  listProgrammeItems,
  listProgrammeItemsPage,
  getProgrammeItem,
  createProgrammeItem,
  updateProgrammeItem,
  deleteProgrammeItem,
  countProgrammeItems,
  upsertProgrammeItemByTitle,
} from './programme.service';
export {
  listProjects,
  getProject,
  getProjectsByIds,
  createProject,
  updateProject,
  deleteProject,
  upsertProjectByAcronym,
} from './projects.service';
export {
  listClusters,
  getCluster,
  getClustersByIds,
  createCluster,
  updateCluster,
  deleteCluster,
  upsertClusterByName,
} from './clusters.service';
export {
  listOrganisations,
  getOrganisation,
  createOrganisation,
  updateOrganisation,
  deleteOrganisation,
  upsertOrganisationByName,
} from './organisations.service';
export {
  listCities,
  listCitiesOfProjects,
  getCity,
  createCity,
  updateCity,
  deleteCity,
  upsertCityByName,
} from './cities.service';
export {
  listPeople,
  getPerson,
  createPerson,
  updatePerson,
  deletePerson,
  upsertPersonByEmail,
} from './people.service';
export type {
  EventView,
  ProgrammeItemView,
  ProjectView,
  ClusterView,
  OrganisationView,
  CityView,
  PersonView,
} from './events.presenter';
export type {
  CreateEventInput,
  UpdateEventInput,
  CreateProgrammeItemInput,
  UpdateProgrammeItemInput,
  CreateProjectInput,
  CreateClusterInput,
  CreateOrganisationInput,
  CreateCityInput,
  CreatePersonInput,
} from './events.schemas';
export { EVENT_KINDS, type EventKind, type DatePrecision } from './event.model';
export type { ProgrammeStatus } from './programme-item.model';
export { CITY_ROLES, type CityRole, ORGANISATION_KINDS } from './directory.models';
export { countryName, isCountryCode, isTimeZone, isCalendarDate } from './values';
export type { InvitationFormProblem } from './pages.routes';
