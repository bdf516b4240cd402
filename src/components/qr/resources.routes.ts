import { actorOf } from '../../lib/http/policy';
import { parseId } from '../../lib/http/validate';
import { resourcePolicy, scopeOfContent } from './policies';
import { allow, comms, movedScope, organisers, type RegistryRoutes } from './registry.access';
import { createResourceBody, listResourcesQuery, updateResourceBody } from './registry.schemas';
import {
  createResource,
  deleteResource,
  getResource,
  listResources,
  updateResource,
} from './resources.service';

/** /api/resources: list, create, read, update and delete (their files: uploads.routes.ts). */
export function mountResourceRoutes({ api, base, ports }: RegistryRoutes): void {
  api.route(
    'get',
    '/resources',
    {
      summary: 'List resources',
      query: listResourcesQuery,
      guards: organisers,
      security: 'organiser',
    },
    async (_req, res, { query }) => res.json(await listResources(query)),
  );
  api.route(
    'post',
    '/resources',
    {
      summary: 'Create a resource (and its QR code)',
      body: createResourceBody,
      guards: comms,
      security: 'organiser',
      response: { status: 201 },
    },
    async (req, res, { body }) => {
      allow(actorOf(req), resourcePolicy, 'create', scopeOfContent(body));
      res.status(201).json(await createResource(body, base()));
    },
  );
  api.route(
    'get',
    '/resources/:id',
    { summary: 'One resource', guards: organisers, security: 'organiser' },
    async (req, res) => res.json(await getResource(parseId(req, 'Resource'))),
  );
  api.route(
    'patch',
    '/resources/:id',
    {
      summary: 'Update a resource',
      body: updateResourceBody,
      guards: comms,
      security: 'organiser',
    },
    async (req, res, { body }) => {
      const resource = await getResource(parseId(req, 'Resource'));
      allow(actorOf(req), resourcePolicy, 'update', scopeOfContent(resource));
      allow(actorOf(req), resourcePolicy, 'update', movedScope(resource, body));
      res.json(await updateResource(resource.id, body));
    },
  );
  api.route(
    'delete',
    '/resources/:id',
    {
      summary:
        'Delete a resource (409 still_referenced while a kit type refers to it; its codes lead to a placeholder page)',
      guards: comms,
      security: 'organiser',
      response: { status: 204 },
    },
    async (req, res) => {
      const resource = await getResource(parseId(req, 'Resource'));
      allow(actorOf(req), resourcePolicy, 'delete', scopeOfContent(resource));
      await deleteResource(resource.id, ports.references);
      res.status(204).end();
    },
  );
}
