import { actorOf } from '../../lib/http/policy';
import { parseId } from '../../lib/http/validate';
import { getEvent } from '../events';
import { codePolicy, ownScopeOfCode, scopeOfCode } from './policies';
import { createQrCode, getQrCode, listQrCodes, updateQrCode } from './qr-codes.service';
import { allow, comms, organisers, type RegistryRoutes } from './registry.access';
import {
  createQrCodeBody,
  listQrCodesQuery,
  statsQuery,
  updateQrCodeBody,
} from './registry.schemas';
import { scanStats } from './stats.service';

/** /api/qr-codes: list, register, read, retarget and the scan statistics of one code. */
export function mountQrCodeRoutes({ api, base, ports }: RegistryRoutes): void {
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
}
