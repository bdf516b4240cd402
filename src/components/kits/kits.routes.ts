import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { currentUser } from '../../lib/http/access';
import { actorOf, guardBy } from '../../lib/http/policy';
import { parseId } from '../../lib/http/validate';
import { createBatch, listBatches, moveBatch } from './batches.service';
import { handOutKit, listHandOuts, recordAggregateHandOut } from './hand-outs.service';
import { createKitType, getKitType, listKitTypes, updateKitType } from './kit-types.service';
import { labelsQuery, renderKitLabels } from './labels.service';
import { importBody, importHandOuts, importQuery } from './import.service';
import { anonymiseAfterEvents, anonymiseRecipient, exportRecipient } from './personal-data.service';
import { sendPdf } from '../print';
import { AppError } from '../../lib/errors';
import { sendDueFollowUps, sendFollowUpsNow } from './follow-ups.service';
import { createKits, getKit, listKits } from './kits.service';
import {
  allowOrRefuse,
  assertMayChangeKitType,
  assertMayRecord,
  batchScope,
  inventoryPolicy,
  kitTypeScope,
  maySeeHandOuts,
  recipientPolicy,
  visibleHandOuts,
} from './policies';
import {
  aggregateHandOutBody,
  createBatchBody,
  createKitTypeBody,
  createKitsBody,
  handOutBody,
  listKitsQuery,
  moveBatchBody,
  standHandOutBody,
  updateKitTypeBody,
} from './kits.schemas';

/** Reading the inventory: every organiser; everything else: event organisers, then the thing's scope. */
const staff = [guardBy((actor) => inventoryPolicy.may(actor, 'read', {}), {})];
const comms = [guardBy((actor) => inventoryPolicy.may(actor, 'organise', {}), {})];

/** /api/kit-types, /api/kits, /api/kit-batches, /api/hand-outs. */
export function createKitsApi(context: AppContext): Router {
  const api = new ApiRouter(context.registry, '/api', 'Kits');
  const base = () => context.config.publicBaseUrl;

  api.route(
    'get',
    '/kit-types',
    { summary: 'List kit types', guards: staff, security: 'organiser' },
    async (_req, res) => {
      res.json({ items: await listKitTypes() });
    },
  );
  api.route(
    'post',
    '/kit-types',
    {
      summary: 'Create a kit type',
      body: createKitTypeBody,
      guards: comms,
      security: 'organiser',
      response: { status: 201 },
    },
    async (req, res, { body }) => {
      const scope = { eventId: null, projectIds: body.projectId ? [body.projectId] : [] };
      allowOrRefuse(req, inventoryPolicy.may(actorOf(req), 'create', scope));
      res.status(201).json(await createKitType(body));
    },
  );
  api.route(
    'get',
    '/kit-types/:id',
    { summary: 'Get a kit type', guards: staff, security: 'organiser' },
    async (req, res) => {
      res.json(await getKitType(parseId(req, 'Kit type')));
    },
  );
  api.route(
    'patch',
    '/kit-types/:id',
    {
      summary: 'Change a kit type (follow-up weeks, automatic anonymisation, texts)',
      description:
        'The serial prefix stays (it is printed). `anonymiseAfterDays: null` switches automatic anonymisation off.',
      body: updateKitTypeBody,
      guards: comms,
      security: 'organiser',
    },
    async (req, res, { body }) => {
      await assertMayChangeKitType(req, parseId(req, 'Kit type'));
      res.json(await updateKitType(parseId(req, 'Kit type'), body));
    },
  );
  api.route(
    'post',
    '/kit-types/:id/kits',
    {
      summary: 'Make kits in bulk',
      description: '`count` serials and as many registry QR codes (kind "kit"), all or nothing.',
      body: createKitsBody,
      guards: comms,
      security: 'organiser',
      response: { status: 201 },
    },
    async (req, res, { body }) => {
      await assertMayChangeKitType(req, parseId(req, 'Kit type'));
      const kits = await createKits(parseId(req, 'Kit type'), body, base());
      res.status(201).json({ count: kits.length, serials: kits.map((k) => k.serial), items: kits });
    },
  );
  api.route(
    'post',
    '/kit-types/:id/hand-out',
    {
      summary: 'Hand out a kit of this type from stock (no code scanned)',
      body: handOutBody,
      guards: staff,
      security: 'organiser',
      response: { status: 201 },
    },
    async (req, res, { body }) => {
      await assertMayRecord(req, body.eventId, { kitTypeId: parseId(req, 'Kit type') });
      const result = await handOutKit(
        { kitTypeId: parseId(req, 'Kit type') },
        body,
        context.clock(),
        { userId: currentUser(req).id },
        { receiptBaseUrl: base() },
      );
      res.status(result.created ? 201 : 200).json(result.handOut);
    },
  );
  api.route(
    'post',
    '/kit-types/:id/aggregate-hand-outs',
    {
      summary: 'Record a tally of kits handed out without recipients',
      body: aggregateHandOutBody,
      guards: comms,
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
    'get',
    '/kit-types/:id/labels.pdf',
    {
      summary: 'Kit label sheets (serial + QR code)',
      description: 'A4 layouts and Avery L7160 / L7651, with printer calibration offsets in mm.',
      query: labelsQuery,
      guards: staff,
      security: 'organiser',
      response: { mediaType: 'application/pdf' },
    },
    async (req, res, { query }) => {
      await assertMayChangeKitType(req, parseId(req, 'Kit type'));
      const labels = await renderKitLabels(
        parseId(req, 'Kit type'),
        query,
        base(),
        context.clock(),
      );
      if (labels.count === 0) throw new AppError('no_kits', 'No kits match; make kits first', 404);
      sendPdf(res, labels.doc, labels.fileName);
    },
  );
  api.route(
    'get',
    '/kits',
    { summary: 'List kits', query: listKitsQuery, guards: staff, security: 'organiser' },
    async (_req, res, { query }) => {
      res.json(await listKits(query));
    },
  );
  api.route(
    'get',
    '/kits/:id',
    { summary: 'Get a kit', guards: staff, security: 'organiser' },
    async (req, res) => {
      res.json(await getKit(parseId(req, 'Kit')));
    },
  );
  api.route(
    'post',
    '/kits/:id/hand-out',
    {
      summary: 'Hand out this kit',
      description: '409 `kit_already_handed_out` with the current holder when it is not in stock.',
      body: handOutBody,
      guards: staff,
      security: 'organiser',
      response: { status: 201 },
    },
    async (req, res, { body }) => {
      await assertMayRecord(req, body.eventId, { kitId: parseId(req, 'Kit') });
      const result = await handOutKit(
        { kitId: parseId(req, 'Kit') },
        body,
        context.clock(),
        { userId: currentUser(req).id },
        { receiptBaseUrl: base() },
      );
      res.status(result.created ? 201 : 200).json(result.handOut);
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
      guards: staff,
      security: 'organiser',
      response: { status: 201 },
    },
    async (req, res, { body }) => {
      await assertMayRecord(req, body.eventId, { code: body.code, kitTypeId: body.kitTypeId });
      const { code, kitTypeId, ...input } = body;
      const result = await handOutKit(
        code ? { code } : { kitTypeId },
        input,
        context.clock(),
        { userId: currentUser(req).id },
        { receiptBaseUrl: base() },
      );
      res.status(result.created ? 201 : 200).json(result.handOut);
    },
  );
  api.route(
    'get',
    '/hand-outs',
    {
      summary: 'List hand-outs',
      query: z.strictObject({ kitTypeId: z.string().optional(), eventId: z.string().optional() }),
      guards: comms,
      security: 'organiser',
    },
    async (req, res, { query }) => {
      const visible = await visibleHandOuts(actorOf(req), query.eventId);
      res.json({ items: await listHandOuts(query, visible) });
    },
  );

  api.route(
    'get',
    '/kit-batches',
    {
      summary: 'List batches',
      query: z.strictObject({ kitTypeId: z.string().optional() }),
      guards: staff,
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
      guards: comms,
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
      guards: comms,
      security: 'organiser',
    },
    async (req, res, { body }) => {
      const scope = await batchScope(parseId(req, 'Batch'));
      allowOrRefuse(req, inventoryPolicy.may(actorOf(req), 'update', scope));
      res.json(await moveBatch(parseId(req, 'Batch'), body, context.clock()));
    },
  );
  api.route(
    'post',
    '/kit-follow-ups/send-now',
    {
      summary: 'Send follow-ups now to a selection of hand-outs',
      description:
        'Each consenting hand-out gets its next unsent follow-up; each follow-up goes at most once.',
      body: z.strictObject({
        handOutIds: z
          .array(z.string().regex(/^[0-9a-f]{24}$/i))
          .min(1)
          .max(1000),
      }),
      guards: comms,
      security: 'organiser',
    },
    async (req, res, { body }) => {
      allowOrRefuse(req, await maySeeHandOuts(actorOf(req), body.handOutIds));
      res.json(await sendFollowUpsNow(body.handOutIds, base()));
    },
  );
  api.route(
    'post',
    '/kit-follow-ups/run',
    {
      summary: 'Send every follow-up that is due (every event: admins)',
      guards: [guardBy((actor) => recipientPolicy.may(actor, 'sweep', null), {})],
      security: 'organiser',
    },
    async (_req, res) => {
      res.json({ sent: await sendDueFollowUps(context.clock(), base()) });
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
      guards: comms,
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
  const admins = [guardBy((actor) => recipientPolicy.may(actor, 'export', null), {})];
  api.route(
    'get',
    '/recipients/:id/export',
    {
      summary: 'Everything kept about one recipient (JSON)',
      guards: admins,
      security: 'organiser',
    },
    async (req, res) => {
      res
        .set('Cache-Control', 'private, no-store')
        .json(await exportRecipient(parseId(req, 'Recipient')));
    },
  );
  api.route(
    'delete',
    '/recipients/:id',
    {
      summary: 'Anonymise a recipient',
      description:
        'Name, organisation, role and e-mail go (also from claim links and e-mails); the counts stay.',
      guards: admins,
      security: 'organiser',
    },
    async (req, res) => {
      res.json(await anonymiseRecipient(parseId(req, 'Recipient'), context.clock()));
    },
  );
  api.route(
    'post',
    '/recipients/anonymise-after-events',
    {
      summary: "Anonymise recipients whose event ended the kit type's anonymiseAfterDays ago",
      guards: admins,
      security: 'organiser',
    },
    async (_req, res) => {
      res.json({ anonymised: await anonymiseAfterEvents(context.clock()) });
    },
  );
  return api.router;
}
