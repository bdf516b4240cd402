import { actorOf } from '../../lib/http/policy';
import { parseId } from '../../lib/http/validate';
import { postcardPolicy, scopeOfContent } from './policies';
import {
  createPostcard,
  deletePostcard,
  getPostcard,
  listPostcards,
  updatePostcard,
} from './postcards.service';
import { allow, comms, movedScope, organisers, type RegistryRoutes } from './registry.access';
import { createPostcardBody, listPostcardsQuery, updatePostcardBody } from './registry.schemas';

/** /api/postcards: list, create, read, update and delete (the front image: uploads.routes.ts). */
export function mountPostcardRoutes({ api, base, ports }: RegistryRoutes): void {
  api.route(
    'get',
    '/postcards',
    {
      summary: 'List city postcards',
      query: listPostcardsQuery,
      guards: organisers,
      security: 'organiser',
    },
    async (_req, res, { query }) => res.json(await listPostcards(query)),
  );
  api.route(
    'post',
    '/postcards',
    {
      summary: 'Create a city postcard (and its QR code)',
      body: createPostcardBody,
      guards: comms,
      security: 'organiser',
      response: { status: 201 },
    },
    async (req, res, { body }) => {
      allow(actorOf(req), postcardPolicy, 'create', scopeOfContent(body));
      res.status(201).json(await createPostcard(body, base()));
    },
  );
  api.route(
    'get',
    '/postcards/:id',
    { summary: 'One postcard', guards: organisers, security: 'organiser' },
    async (req, res) => res.json(await getPostcard(parseId(req, 'Postcard'))),
  );
  api.route(
    'patch',
    '/postcards/:id',
    {
      summary: 'Update a postcard',
      body: updatePostcardBody,
      guards: comms,
      security: 'organiser',
    },
    async (req, res, { body }) => {
      const postcard = await getPostcard(parseId(req, 'Postcard'));
      allow(actorOf(req), postcardPolicy, 'update', scopeOfContent(postcard));
      allow(actorOf(req), postcardPolicy, 'update', movedScope(postcard, body));
      res.json(await updatePostcard(postcard.id, body));
    },
  );
  api.route(
    'delete',
    '/postcards/:id',
    {
      summary: 'Delete a postcard (its codes lead to a placeholder page)',
      guards: comms,
      security: 'organiser',
      response: { status: 204 },
    },
    async (req, res) => {
      const postcard = await getPostcard(parseId(req, 'Postcard'));
      allow(actorOf(req), postcardPolicy, 'delete', scopeOfContent(postcard));
      await deletePostcard(postcard.id, ports.references);
      res.status(204).end();
    },
  );
}
