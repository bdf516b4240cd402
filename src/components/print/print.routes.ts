import type { Router } from 'express';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { parseId } from '../../lib/http/validate';
import { guardBy } from '../../lib/http/policy';
import { printPolicy } from './policies';
import { postcardsQuery, posterQuery, qrLabelsQuery } from './print.schemas';
import {
  renderEventProgramme,
  renderPostcardsRun,
  renderQrLabels,
  renderResourcePoster,
} from './print.service';
import { sendPdf } from './send-pdf';

const PDF = { mediaType: 'application/pdf', description: 'The PDF, streamed' };

/** Printable documents: /events/:id/programme.pdf and /print/*, mounted under /api. */
export function createPrintApiRouter(context: AppContext): Router {
  const api = new ApiRouter(context.registry, '/api', 'Print');
  const options = () => ({ publicBaseUrl: context.config.publicBaseUrl, now: context.clock() });

  api.route(
    'get',
    '/events/:id/programme.pdf',
    {
      summary: 'Programme printout of an event (A4, with a QR code to the event page)',
      guards: [guardBy((actor) => printPolicy.may(actor, 'read', {}), {})],
      security: 'organiser',
      response: PDF,
    },
    async (req, res) => {
      const { doc, fileName } = await renderEventProgramme(parseId(req, 'Event'), options());
      sendPdf(res, doc, fileName);
    },
  );

  api.route(
    'get',
    '/print/qr-labels.pdf',
    {
      summary:
        'Sheets of QR labels for registered codes (3×7, 2×4, Avery L7160 or L7651 per A4 page)',
      description:
        'Each label encodes `<public base URL>/q/<code>?s=qr`. `codes` is a comma-separated list (or repeated) ' +
        'of registered codes (400 `unregistered_qr_codes` otherwise); ' +
        '`offsetX`/`offsetY` (mm) shift every label to calibrate a printer.',
      guards: [guardBy((actor) => printPolicy.may(actor, 'print', {}), {})],
      security: 'organiser',
      query: qrLabelsQuery,
      response: PDF,
    },
    async (_req, res, { query }) => {
      const { doc, fileName } = await renderQrLabels(query, options());
      sendPdf(res, doc, fileName);
    },
  );

  api.route(
    'get',
    '/resources/:id/poster.pdf',
    {
      summary: 'QR poster of a resource (A4 or A3): cover, title, project, large QR, short address',
      query: posterQuery,
      guards: [guardBy((actor) => printPolicy.may(actor, 'print', {}), {})],
      security: 'organiser',
      response: PDF,
    },
    async (req, res, { query }) => {
      const { doc, fileName } = await renderResourcePoster(
        parseId(req, 'Resource'),
        query.size,
        options(),
      );
      sendPdf(res, doc, fileName);
    },
  );

  api.route(
    'get',
    '/print/postcards.pdf',
    {
      summary: 'City postcards print run: A6 with 3 mm bleed and crop marks, duplex (front, back)',
      description: 'Select by `ids` (comma-separated), `eventId` or `projectId`.',
      query: postcardsQuery,
      guards: [guardBy((actor) => printPolicy.may(actor, 'print', {}), {})],
      security: 'organiser',
      response: PDF,
    },
    async (_req, res, { query }) => {
      const { doc, fileName } = await renderPostcardsRun(query, options());
      sendPdf(res, doc, fileName);
    },
  );

  return api.router;
}
