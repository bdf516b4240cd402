import { Router } from 'express';
import type { AppContext } from '../../lib/context';

/**
 * The events component: events and their programme, and the cluster directory
 * (clusters, projects, organisations, cities, people). Other components use only
 * what is exported here.
 */

export function createEventsRouter(_context: AppContext): Router {
  return Router();
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
export { countryName, isCountryCode, isTimeZone, isCalendarDate } from './values';
