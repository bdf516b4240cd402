import { noReferences } from '../../lib/component';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import type { ApiRouter } from '../../lib/http/api-router';
import { actorOf } from '../../lib/http/policy';
import { parseId } from '../../lib/http/validate';
import { sendPdf } from '../print';
import { inventoryOrganisers, inventoryReaders } from './api-guards';
import {
  createKitType,
  deleteKitType,
  getKitType,
  listKitTypes,
  updateKitType,
} from './kit-types.service';
import { createKits } from './kits.service';
import { labelsQuery, renderKitLabels } from './labels.service';
import { allowOrRefuse, assertMayChangeKitType, inventoryPolicy } from './policies';
import { createKitTypeBody, createKitsBody, updateKitTypeBody } from './kits.schemas';

/** /api/kit-types: the types, making their kits in bulk and printing their labels. */
export function mountKitTypeRoutes(api: ApiRouter, context: AppContext): void {
  const base = () => context.config.publicBaseUrl;
  api.route(
    'get',
    '/kit-types',
    { summary: 'List kit types', guards: inventoryReaders, security: 'organiser' },
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
      guards: inventoryOrganisers,
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
    { summary: 'Get a kit type', guards: inventoryReaders, security: 'organiser' },
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
      guards: inventoryOrganisers,
      security: 'organiser',
    },
    async (req, res, { body }) => {
      await assertMayChangeKitType(req, parseId(req, 'Kit type'));
      res.json(await updateKitType(parseId(req, 'Kit type'), body));
    },
  );
  api.route(
    'delete',
    '/kit-types/:id',
    {
      summary:
        'Delete a kit type (409 still_referenced while kits, batches, hand-outs or play reports of it exist)',
      guards: inventoryOrganisers,
      security: 'organiser',
      response: { status: 204 },
    },
    async (req, res) => {
      const id = parseId(req, 'Kit type');
      await assertMayChangeKitType(req, id);
      // No other component keeps a kit type's id (app.ts hands kits no references port):
      // its own records are the referrers, counted by deleteKitType.
      await deleteKitType(id, noReferences);
      res.status(204).end();
    },
  );
  api.route(
    'post',
    '/kit-types/:id/kits',
    {
      summary: 'Make kits in bulk',
      description: '`count` serials and as many registry QR codes (kind "kit"), all or nothing.',
      body: createKitsBody,
      guards: inventoryOrganisers,
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
    'get',
    '/kit-types/:id/labels.pdf',
    {
      summary: 'Kit label sheets (serial + QR code)',
      description: 'A4 layouts and Avery L7160 / L7651, with printer calibration offsets in mm.',
      query: labelsQuery,
      guards: inventoryReaders,
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
}
