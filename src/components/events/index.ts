import { Router } from 'express';
import type { AppContext } from '../../lib/context';
import { createDirectoryFormPages } from './directory-forms.pages';
import { createDirectoryApis } from './directory.routes';
import { createEventFormPages } from './event-forms.pages';
import { createEventsApi } from './events.routes';
import { createEventPages } from './pages.routes';

/**
 * The events component: events and their programme, and the cluster directory
 * (clusters, projects, organisations, cities, people). Other components use only
 * what is exported here.
 */

/** /api/events (+ programme), the directory APIs, the dashboard and event pages, and the forms for all of them. */
export function createEventsRouter(context: AppContext): Router {
  const router = Router();
  router.use('/api/events', createEventsApi(context).router);
  for (const [path, api] of createDirectoryApis(context)) router.use(path, api.router);
  // Before the event pages, so /events/new is the form and not an event called "new".
  router.use(createEventFormPages(context));
  router.use(createDirectoryFormPages(context));
  router.use(createEventPages(context));
  return router;
}

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
export { registerReferenceCheck, type ReferencedKind, type ReferenceCounter } from './references';
export { countryName, isCountryCode, isTimeZone, isCalendarDate } from './values';
export type { InvitationFormProblem } from './pages.routes';
