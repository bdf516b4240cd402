import type { Router } from 'express';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { parseId } from '../../lib/http/validate';
import { requireRole } from '../../lib/http/access';
import { qrLabelsQuery } from './print.schemas';
import { renderEventProgramme, renderQrLabels } from './print.service';
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
      guards: [requireRole('comms', 'facilitator')],
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
      summary: 'Sheets of QR labels for short codes (3×7 or 2×4 per A4 page)',
      description:
        'Each label encodes `<public base URL>/q/<code>`. `codes` is a comma-separated list (or repeated); ' +
        '`offsetX`/`offsetY` (mm) shift every label to calibrate a printer.',
      guards: [requireRole('comms')],
      security: 'organiser',
      query: qrLabelsQuery,
      response: PDF,
    },
    (_req, res, { query }) => {
      const { doc, fileName } = renderQrLabels(query, options());
      sendPdf(res, doc, fileName);
    },
  );

  return api.router;
}
