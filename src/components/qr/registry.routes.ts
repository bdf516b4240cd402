import express, { type Request, type Router } from 'express';
import type { QrPorts } from './ports';
import type { AppContext } from '../../lib/context';
import { forbidden } from '../../lib/errors';
import { ApiRouter } from '../../lib/http/api-router';
import { canManageEvent, currentUser, requireRole } from '../../lib/http/access';
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
import { importCsv } from './csv-import.service';
import { z } from 'zod';
import { MEDIA_LIMITS } from './media.service';
import { setPostcardFrontImage, setResourceCover, setResourceDocument } from './uploads.service';

/** Upload bodies arrive raw; their bytes, not this header, decide what they are. */
const rawBody = (limit: number) => express.raw({ type: () => true, limit });
const uploadBody = (req: Request): Buffer =>
  Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);

const organisers = [requireRole('comms', 'facilitator')];
const comms = [requireRole('comms')];

/** A comms user may place codes only in the events on their account. */
function assertMayPlace(req: Request, eventId: string | null | undefined) {
  if (eventId && !canManageEvent(currentUser(req), eventId)) {
    throw forbidden('You do not manage this event');
  }
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
      assertMayPlace(req, body.eventId);
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
      assertMayPlace(req, (await getQrCode(id, base())).eventId);
      assertMayPlace(req, body.eventId);
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
    async (_req, res, { body }) => res.status(201).json(await createResource(body, base())),
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
    async (req, res, { body }) => res.json(await updateResource(parseId(req, 'Resource'), body)),
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
      await deleteResource(parseId(req, 'Resource'), ports.references);
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
    async (_req, res, { body }) => res.status(201).json(await createPostcard(body, base())),
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
    async (req, res, { body }) => res.json(await updatePostcard(parseId(req, 'Postcard'), body)),
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
      await deletePostcard(parseId(req, 'Postcard'), ports.references);
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
    async (req, res) => res.json(await setResourceCover(parseId(req, 'Resource'), uploadBody(req))),
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
    async (req, res) =>
      res.json(
        await setResourceDocument(
          parseId(req, 'Resource'),
          uploadBody(req),
          typeof req.query.fileName === 'string' ? req.query.fileName : '',
        ),
      ),
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
    async (req, res) =>
      res.json(await setPostcardFrontImage(parseId(req, 'Postcard'), uploadBody(req))),
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
        res.json(await importCsv(kind, csv, { dryRun: query.dryRun, publicBaseUrl: base() }));
      },
    );
  }
  return api.router;
}
