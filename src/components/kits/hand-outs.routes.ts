import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import type { ApiRouter } from '../../lib/http/api-router';
import { currentUser } from '../../lib/http/access';
import { actorOf } from '../../lib/http/policy';
import { parseId } from '../../lib/http/validate';
import { inventoryOrganisers, inventoryReaders } from './api-guards';
import { handOutKit, listHandOuts, recordAggregateHandOut } from './hand-outs.service';
import { importBody, importHandOuts, importQuery } from './import.service';
import { assertMayRecord, visibleHandOuts } from './policies';
import { aggregateHandOutBody, handOutBody, standHandOutBody } from './kits.schemas';

/**
 * Hand-outs: from a type's stock, of one kit, by a scanned code (the stand page), as a
 * tally without recipients, imported from paper (CSV); and the list of them.
 */
export function mountHandOutRoutes(api: ApiRouter, context: AppContext): void {
  /** One hand-out as every door records it: by its user, with its receipt; a replay answers 200. */
  const recordHandOut = async (
    req: Request,
    res: Response,
    kit: Parameters<typeof handOutKit>[0],
    input: Parameters<typeof handOutKit>[1],
  ) => {
    const result = await handOutKit(
      kit,
      input,
      context.clock(),
      { userId: currentUser(req).id },
      { receiptBaseUrl: context.config.publicBaseUrl },
    );
    res.status(result.created ? 201 : 200).json(result.handOut);
  };
  api.route(
    'post',
    '/kit-types/:id/hand-out',
    {
      summary: 'Hand out a kit of this type from stock (no code scanned)',
      body: handOutBody,
      guards: inventoryReaders,
      security: 'organiser',
      response: { status: 201 },
    },
    async (req, res, { body }) => {
      await assertMayRecord(req, body.eventId, { kitTypeId: parseId(req, 'Kit type') });
      await recordHandOut(req, res, { kitTypeId: parseId(req, 'Kit type') }, body);
    },
  );
  api.route(
    'post',
    '/kit-types/:id/aggregate-hand-outs',
    {
      summary: 'Record a tally of kits handed out without recipients',
      body: aggregateHandOutBody,
      guards: inventoryOrganisers,
      security: 'organiser',
      response: { status: 201 },
    },
    async (req, res, { body }) => {
      await assertMayRecord(req, body.eventId, { kitTypeId: parseId(req, 'Kit type') });
      res.status(201).json(
        await recordAggregateHandOut(parseId(req, 'Kit type'), body, context.clock(), {
          userId: currentUser(req).id,
        }),
      );
    },
  );
  api.route(
    'post',
    '/kits/:id/hand-out',
    {
      summary: 'Hand out this kit',
      description: '409 `kit_already_handed_out` with the current holder when it is not in stock.',
      body: handOutBody,
      guards: inventoryReaders,
      security: 'organiser',
      response: { status: 201 },
    },
    async (req, res, { body }) => {
      await assertMayRecord(req, body.eventId, { kitId: parseId(req, 'Kit') });
      await recordHandOut(req, res, { kitId: parseId(req, 'Kit') }, body);
    },
  );
  api.route(
    'post',
    '/hand-outs',
    {
      summary: 'Hand out a kit by scanned or typed code, or from stock',
      description:
        'What the stand page sends; a repeated `clientId` answers 200 with the stored hand-out.',
      body: standHandOutBody,
      guards: inventoryReaders,
      security: 'organiser',
      response: { status: 201 },
    },
    async (req, res, { body }) => {
      await assertMayRecord(req, body.eventId, { code: body.code, kitTypeId: body.kitTypeId });
      const { code, kitTypeId, ...input } = body;
      await recordHandOut(req, res, code ? { code } : { kitTypeId }, input);
    },
  );
  api.route(
    'get',
    '/hand-outs',
    {
      summary: 'List hand-outs',
      query: z.strictObject({ kitTypeId: z.string().optional(), eventId: z.string().optional() }),
      guards: inventoryOrganisers,
      security: 'organiser',
    },
    async (req, res, { query }) => {
      const visible = await visibleHandOuts(actorOf(req), query.eventId);
      res.json({ items: await listHandOuts(query, visible) });
    },
  );
  api.route(
    'post',
    '/kit-types/:id/hand-out-imports',
    {
      summary: 'Import hand-outs recorded on paper (CSV)',
      description:
        '`?dryRun=true` (the default) lists every bad line and writes nothing; `dryRun=false` writes all lines or, with any bad line, none (400 import_invalid). The body is `{ csv }` as JSON or the CSV itself as `text/csv`, up to 5 MB and 5,000 lines (beyond: 413 import_too_large).',
      body: importBody,
      query: importQuery,
      guards: inventoryOrganisers,
      security: 'organiser',
    },
    async (req, res, { body, query }) => {
      await assertMayRecord(req, query.eventId, { kitTypeId: parseId(req, 'Kit type') });
      const result = await importHandOuts(
        parseId(req, 'Kit type'),
        body.csv,
        { dryRun: query.dryRun, eventId: query.eventId, userId: currentUser(req).id },
        context.clock(),
      );
      res.status(query.dryRun ? 200 : 201).json(result);
    },
  );
}
