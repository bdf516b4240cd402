import type { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { parseId, type Page } from '../../lib/http/validate';
import * as cities from './cities.service';
import * as clusters from './clusters.service';
import {
  cityResponse,
  clusterResponse,
  organisationResponse,
  pageOf,
  personResponse,
  projectResponse,
} from './events.openapi';
import * as schemas from './events.schemas';
import { adminOnly, anyOrganiser } from './guards';
import * as organisations from './organisations.service';
import * as people from './people.service';
import * as projects from './projects.service';
import type { EventsPorts } from './ports';
import type { ReferencesPort } from '../../lib/component';

/**
 * The same five routes for each directory resource: list, read, create, update,
 * delete. Reads for every organiser, writes for admins.
 */
type Resource<Q extends z.ZodType, C extends z.ZodType, U extends z.ZodType> = {
  path: string;
  tag: string;
  noun: string;
  schemas: { list: Q; create: C; update: U };
  /** Shape of one item in answers, for the API document. */
  response: z.ZodType;
  service: {
    list: (query: z.output<Q>) => Promise<Page<unknown>>;
    get: (id: string) => Promise<unknown>;
    create: (input: z.output<C>, now: Date) => Promise<unknown>;
    update: (id: string, input: z.output<U>, now: Date) => Promise<unknown>;
    remove: (id: string, references: ReferencesPort) => Promise<void>;
  };
};

function mountResource<Q extends z.ZodType, C extends z.ZodType, U extends z.ZodType>(
  context: AppContext,
  ports: Pick<EventsPorts, 'references'>,
  resource: Resource<Q, C, U>,
): [string, ApiRouter] {
  const { noun, service } = resource;
  const security = 'organiser' as const;
  const api = new ApiRouter(context.registry, resource.path, resource.tag)
    .route(
      'get',
      '/',
      {
        summary: `List ${resource.tag.toLowerCase()}`,
        query: resource.schemas.list,
        guards: [anyOrganiser],
        security,
        response: { schema: pageOf(resource.response) },
      },
      async (_req, res, { query }) => {
        res.json(await service.list(query as z.output<Q>));
      },
    )
    .route(
      'post',
      '/',
      {
        summary: `Create a ${noun.toLowerCase()} (admin)`,
        body: resource.schemas.create,
        guards: [adminOnly],
        security,
        response: { status: 201, schema: resource.response },
      },
      async (_req, res, { body }) => {
        res.status(201).json(await service.create(body as z.output<C>, context.clock()));
      },
    )
    .route(
      'get',
      '/:id',
      {
        summary: `Get a ${noun.toLowerCase()}`,
        guards: [anyOrganiser],
        security,
        response: { schema: resource.response },
      },
      async (req, res) => {
        res.json(await service.get(parseId(req, noun)));
      },
    )
    .route(
      'patch',
      '/:id',
      {
        summary: `Update a ${noun.toLowerCase()} (admin)`,
        body: resource.schemas.update,
        guards: [adminOnly],
        security,
        response: { schema: resource.response },
      },
      async (req, res, { body }) => {
        res.json(await service.update(parseId(req, noun), body as z.output<U>, context.clock()));
      },
    )
    .route(
      'delete',
      '/:id',
      {
        summary: `Delete a ${noun.toLowerCase()} (admin; 409 still_referenced while referred to)`,
        guards: [adminOnly],
        security,
        response: { status: 204 },
      },
      async (req, res) => {
        await service.remove(parseId(req, noun), ports.references);
        res.status(204).end();
      },
    );
  return [resource.path, api];
}

/** Each directory API with the path it is mounted at. */
export function createDirectoryApis(
  context: AppContext,
  ports: Pick<EventsPorts, 'references'>,
): [string, ApiRouter][] {
  return [
    mountResource(context, ports, {
      path: '/api/clusters',
      tag: 'Clusters',
      noun: 'Cluster',
      response: clusterResponse,
      schemas: {
        list: schemas.listClustersQuery,
        create: schemas.createClusterBody,
        update: schemas.updateClusterBody,
      },
      service: {
        list: clusters.listClusters,
        get: clusters.getCluster,
        create: clusters.createCluster,
        update: clusters.updateCluster,
        remove: clusters.deleteCluster,
      },
    }),
    mountResource(context, ports, {
      path: '/api/projects',
      tag: 'Projects',
      noun: 'Project',
      response: projectResponse,
      schemas: {
        list: schemas.listProjectsQuery,
        create: schemas.createProjectBody,
        update: schemas.updateProjectBody,
      },
      service: {
        list: projects.listProjects,
        get: projects.getProject,
        create: projects.createProject,
        update: projects.updateProject,
        remove: projects.deleteProject,
      },
    }),
    mountResource(context, ports, {
      path: '/api/organisations',
      tag: 'Organisations',
      noun: 'Organisation',
      response: organisationResponse,
      schemas: {
        list: schemas.listOrganisationsQuery,
        create: schemas.createOrganisationBody,
        update: schemas.updateOrganisationBody,
      },
      service: {
        list: organisations.listOrganisations,
        get: organisations.getOrganisation,
        create: organisations.createOrganisation,
        update: organisations.updateOrganisation,
        remove: organisations.deleteOrganisation,
      },
    }),
    mountResource(context, ports, {
      path: '/api/cities',
      tag: 'Cities',
      noun: 'City',
      response: cityResponse,
      schemas: {
        list: schemas.listCitiesQuery,
        create: schemas.createCityBody,
        update: schemas.updateCityBody,
      },
      service: {
        list: cities.listCities,
        get: cities.getCity,
        create: cities.createCity,
        update: cities.updateCity,
        remove: cities.deleteCity,
      },
    }),
    mountResource(context, ports, {
      path: '/api/people',
      tag: 'People',
      noun: 'Person',
      response: personResponse,
      schemas: {
        list: schemas.listPeopleQuery,
        create: schemas.createPersonBody,
        update: schemas.updatePersonBody,
      },
      service: {
        list: people.listPeople,
        get: people.getPerson,
        create: people.createPerson,
        update: people.updatePerson,
        remove: people.deletePerson,
      },
    }),
  ];
}
