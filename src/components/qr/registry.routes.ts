import express, { type Request, type Router } from 'express';
import type { QrPorts } from './ports';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import {
  actorOf,
  authorize,
  guardBy,
  NOT_YOURS,
  type Actor,
  type Scope,
} from '../../lib/http/policy';
import { parseId } from '../../lib/http/validate';
import { getEvent } from '../events';
import {
  createPostcard,
  deletePostcard,
  getPostcard,
  listPostcards,
  updatePostcard,
} from './postcards.service';
import { createQrCode, getQrCode, listQrCodes, updateQrCode } from './qr-codes.service';
import {
  createPostcardBody,
  createQrCodeBody,
  createResourceBody,
  listPostcardsQuery,
  listQrCodesQuery,
  listResourcesQuery,
  statsQuery,
  updatePostcardBody,
  updateQrCodeBody,
  updateResourceBody,
} from './registry.schemas';
import {
  createResource,
  deleteResource,
  getResource,
  listResources,
  updateResource,
} from './resources.service';
import { scanStats } from './stats.service';
import {
  codePolicy,
  ownScopeOfCode,
  postcardPolicy,
  resourcePolicy,
  scopeOfCode,
  scopeOfContent,
  type RegistryAction,
} from './policies';
import { importCsv } from './csv-import.service';
import { z } from 'zod';
import { MEDIA_LIMITS } from './media.service';
import { setPostcardFrontImage, setResourceCover, setResourceDocument } from './uploads.service';

/** Upload bodies arrive raw; their bytes, not this header, decide what they are. */
const rawBody = (limit: number) => express.raw({ type: () => true, limit });
const uploadBody = (req: Request): Buffer =>
  Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);

/** Reading the registry: what the policies give every organiser. */
const organisers = [guardBy((actor) => codePolicy.may(actor, 'read', {}), {})];
/** Changes: an event organiser (the thing's scope is then asked of the policy in the handler). */
const comms = [guardBy((actor) => codePolicy.may(actor, 'import', {}), {})];

type RegistryPolicy = typeof codePolicy;

/** Refuses unless the policy allows `action` on the thing's scope. */
function allow(actor: Actor, policy: RegistryPolicy, action: RegistryAction, scope: Scope) {
  authorize(actor, policy.may(actor, action, scope), NOT_YOURS);
}

/** The scope a change moves a thing into: the new values where the change names them. */
function movedScope(
  current: { eventIds: readonly string[]; projectId: string },
  change: { eventIds?: readonly string[]; projectId?: string },
): Scope {
  return scopeOfContent({
    eventIds: change.eventIds ?? current.eventIds,
    projectId: change.projectId ?? current.projectId,
  });
}

/** /api/qr-codes, /api/resources, /api/postcards. */
export function createRegistryApi(context: AppContext, ports: QrPorts): Router {
  const api = new ApiRouter(context.registry, '/api', 'QR registry');
  const base = () => context.config.publicBaseUrl;

  api.route(
    'get',
    '/qr-codes',
    {
      summary: 'List QR codes',
      query: listQrCodesQuery,
      guards: organisers,
      security: 'organiser',
    },
    async (_req, res, { query }) => res.json(await listQrCodes(query, base())),
  );
  api.route(
    'post',
    '/qr-codes',
    {
      summary: 'Register a QR code (a fresh opaque 7-character code)',
      description:
        '`target` is `{ resourceId }`, `{ postcardId }`, `{ eventId }`, `{ url: "https://…" }` or `{ none: true }` (a placeholder page).',
      body: createQrCodeBody,
      guards: comms,
      security: 'organiser',
      response: { status: 201 },
    },
    async (req, res, { body }) => {
      allow(actorOf(req), codePolicy, 'create', ownScopeOfCode(body));
      res.status(201).json(await createQrCode(body, base(), { targets: ports.targets }));
    },
  );
  api.route(
    'get',
    '/qr-codes/:id',
    { summary: 'One QR code', guards: organisers, security: 'organiser' },
    async (req, res) => res.json(await getQrCode(parseId(req, 'QR code'), base())),
  );
  api.route(
    'patch',
    '/qr-codes/:id',
    {
      summary: 'Retarget, relabel, move or disable a QR code (its code never changes)',
      body: updateQrCodeBody,
      guards: comms,
      security: 'organiser',
    },
    async (req, res, { body }) => {
      const id = parseId(req, 'QR code');
      const code = await getQrCode(id, base());
      allow(actorOf(req), codePolicy, 'update', await scopeOfCode(code, ports.targets));
      if (body.eventId !== undefined || body.projectId !== undefined) {
        const moved = {
          eventId: body.eventId === undefined ? code.eventId : body.eventId,
          projectId: body.projectId === undefined ? code.projectId : body.projectId,
        };
        allow(actorOf(req), codePolicy, 'update', ownScopeOfCode(moved));
      }
      res.json(await updateQrCode(id, body, base(), { targets: ports.targets }));
    },
  );
  api.route(
    'get',
    '/qr-codes/:id/stats',
    {
      summary: 'Scan statistics of a QR code (bots excluded from all but botScans)',
      description:
        '`from`/`to` are calendar days in the time zone of the code’s event (UTC without one), inclusive.',
      query: statsQuery,
      guards: comms,
      security: 'organiser',
    },
    async (req, res, { query }) => {
      const code = await getQrCode(parseId(req, 'QR code'), base());
      allow(actorOf(req), codePolicy, 'stats', await scopeOfCode(code, ports.targets));
      const timeZone = code.eventId ? (await getEvent(code.eventId)).timeZone : 'UTC';
      const stats = await scanStats([code.id], { ...query, timeZone });
      res.json(stats);
    },
  );

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
  const image = {
    mediaType: 'application/json',
    description:
      'The updated item. Body: the image bytes (JPEG, PNG or WebP; at most 8 MB; SVG refused).',
  };
  api.route(
    'put',
    '/resources/:id/cover',
    {
      summary:
        'Upload the cover image of a resource (resized, metadata stripped, stored in the database)',
      guards: [...comms, rawBody(MEDIA_LIMITS.imageBytes)],
      security: 'organiser',
      response: image,
    },
    async (req, res) => {
      const resource = await getResource(parseId(req, 'Resource'));
      allow(actorOf(req), resourcePolicy, 'update', scopeOfContent(resource));
      res.json(await setResourceCover(resource.id, uploadBody(req)));
    },
  );
  api.route(
    'put',
    '/resources/:id/document',
    {
      summary: 'Upload the PDF of a resource (checked by content; at most 25 MB)',
      description: 'Body: the PDF bytes. `?fileName=` names the download.',
      guards: [...comms, rawBody(MEDIA_LIMITS.pdfBytes)],
      security: 'organiser',
    },
    async (req, res) => {
      const resource = await getResource(parseId(req, 'Resource'));
      allow(actorOf(req), resourcePolicy, 'update', scopeOfContent(resource));
      const fileName = typeof req.query.fileName === 'string' ? req.query.fileName : '';
      res.json(await setResourceDocument(resource.id, uploadBody(req), fileName));
    },
  );
  api.route(
    'put',
    '/postcards/:id/front',
    {
      summary: 'Upload the front image of a postcard (resized, metadata stripped)',
      guards: [...comms, rawBody(MEDIA_LIMITS.imageBytes)],
      security: 'organiser',
      response: image,
    },
    async (req, res) => {
      const postcard = await getPostcard(parseId(req, 'Postcard'));
      allow(actorOf(req), postcardPolicy, 'update', scopeOfContent(postcard));
      res.json(await setPostcardFrontImage(postcard.id, uploadBody(req)));
    },
  );
  const importQuery = z.strictObject({
    dryRun: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
  });
  for (const kind of ['resources', 'postcards'] as const) {
    api.route(
      'post',
      `/${kind}/import`,
      {
        summary: `Import ${kind} from CSV (dry run lists every problem by line and column)`,
        description:
          kind === 'resources'
            ? 'Columns: project (acronym), title, type; optional deliverableCode, language, description, publishedOn, dateKind, externalUrl, event (slug). Body: text/csv, UTF-8.'
            : 'Columns: project (acronym), city, country; optional story, linkUrl, linkLabel, language, event (slug). Body: text/csv, UTF-8.',
        query: importQuery,
        guards: [...comms, express.text({ type: () => true, limit: '2mb' })],
        security: 'organiser',
      },
      async (req, res, { query }) => {
        const csv = typeof req.body === 'string' ? req.body : '';
        const actor = actorOf(req);
        const mayPlace = (scope: Scope) => resourcePolicy.may(actor, 'create', scope);
        res.json(
          await importCsv(kind, csv, { dryRun: query.dryRun, publicBaseUrl: base(), mayPlace }),
        );
      },
    );
  }
  return api.router;
}
