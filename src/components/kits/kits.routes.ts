import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { actorOf } from '../../lib/http/policy';
import { parseId } from '../../lib/http/validate';
import { inventoryOrganisers, inventoryReaders } from './api-guards';
import { createBatch, listBatches, moveBatch } from './batches.service';
import { mountHandOutRoutes } from './hand-outs.routes';
import { mountKitTypeRoutes } from './kit-types.routes';
import { getKit, listKits } from './kits.service';
import { allowOrRefuse, batchScope, inventoryPolicy, kitTypeScope } from './policies';
import { mountRecipientRoutes } from './recipients.routes';
import { createBatchBody, listKitsQuery, moveBatchBody } from './kits.schemas';

/**
 * /api/kit-types, /api/kits, /api/kit-batches, /api/hand-outs, /api/kit-follow-ups and
 * /api/recipients: one API router, each resource's operations declared by its module.
 */
export function createKitsApi(context: AppContext): Router {
  const api = new ApiRouter(context.registry, '/api', 'Kits');
  mountKitTypeRoutes(api, context);
  mountKitAndBatchRoutes(api, context);
  mountHandOutRoutes(api, context);
  mountRecipientRoutes(api, context);
  return api.router;
}

/** /api/kits (read) and /api/kit-batches (where a batch of boxes is). */
function mountKitAndBatchRoutes(api: ApiRouter, context: AppContext): void {
  api.route(
    'get',
    '/kits',
    { summary: 'List kits', query: listKitsQuery, guards: inventoryReaders, security: 'organiser' },
    async (_req, res, { query }) => {
      res.json(await listKits(query));
    },
  );
  api.route(
    'get',
    '/kits/:id',
    { summary: 'Get a kit', guards: inventoryReaders, security: 'organiser' },
    async (req, res) => {
      res.json(await getKit(parseId(req, 'Kit')));
    },
  );
  api.route(
    'get',
    '/kit-batches',
    {
      summary: 'List batches',
      query: z.strictObject({ kitTypeId: z.string().optional() }),
      guards: inventoryReaders,
      security: 'organiser',
    },
    async (_req, res, { query }) => {
      res.json({ items: await listBatches(query.kitTypeId) });
    },
  );
  api.route(
    'post',
    '/kit-batches',
    {
      summary: 'Create a batch',
      body: createBatchBody,
      guards: inventoryOrganisers,
      security: 'organiser',
      response: { status: 201 },
    },
    async (req, res, { body }) => {
      const scope = body.eventId ? { eventId: body.eventId } : await kitTypeScope(body.kitTypeId);
      allowOrRefuse(req, inventoryPolicy.may(actorOf(req), 'create', scope));
      res.status(201).json(await createBatch(body, context.clock()));
    },
  );
  api.route(
    'post',
    '/kit-batches/:id/moves',
    {
      summary: 'Move a batch (warehouse, shipped, at the stand)',
      body: moveBatchBody,
      guards: inventoryOrganisers,
      security: 'organiser',
    },
    async (req, res, { body }) => {
      const scope = await batchScope(parseId(req, 'Batch'));
      allowOrRefuse(req, inventoryPolicy.may(actorOf(req), 'update', scope));
      res.json(await moveBatch(parseId(req, 'Batch'), body, context.clock()));
    },
  );
}
