import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { actorOf, authorize, guardBy } from '../../lib/http/policy';
import { printPolicy } from './policies';
import { getStand } from '../exhibitions';
import { sendPdf } from './send-pdf';
import { renderPackingList, renderStandProgramme, renderStandRota } from './stand-print.service';

const PDF = { mediaType: 'application/pdf', description: 'The PDF, streamed' };

const rotaQuery = z.strictObject({
  day: z.iso.date({ message: 'must be a date YYYY-MM-DD' }).optional(),
  phones: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
});

/** Stand printouts, mounted under /api: rota, programme poster, packing list. */
export function createStandPrintApiRouter(context: AppContext): Router {
  const api = new ApiRouter(context.registry, '/api', 'Print');
  const reader = [guardBy((actor) => printPolicy.may(actor, 'read', {}), {})];
  const standId = (id: unknown) => String(id ?? '');

  api.route(
    'get',
    '/stands/:id/rota.pdf',
    {
      summary: 'Staff rota of a stand (A4 landscape, one page per day: people × hours)',
      description:
        '`day` (YYYY-MM-DD, a day of the event) prints that day only; without it every day. ' +
        'Phone numbers are left out unless `phones=true`, which only the stand’s managers may ask for.',
      guards: reader,
      security: 'organiser',
      query: rotaQuery,
      response: PDF,
    },
    async (req, res, { query }) => {
      if (query.phones) {
        const stand = await getStand(standId(req.params.id));
        const allowed = printPolicy.may(actorOf(req), 'printContacts', { eventId: stand.eventId });
        authorize(actorOf(req), allowed, {
          message: 'Only the stand’s managers may print phone numbers',
        });
      }
      const { doc, fileName } = await renderStandRota(standId(req.params.id), {
        day: query.day,
        withPhones: query.phones,
        now: context.clock(),
      });
      sendPdf(res, doc, fileName);
    },
  );

  api.route(
    'get',
    '/stands/:id/programme.pdf',
    {
      summary: 'Stand programme poster (A3: opening hours, screenings, the World Café session)',
      guards: reader,
      security: 'organiser',
      response: PDF,
    },
    async (req, res) => {
      const { doc, fileName } = await renderStandProgramme(standId(req.params.id), {
        now: context.clock(),
      });
      sendPdf(res, doc, fileName);
    },
  );

  api.route(
    'get',
    '/stands/:id/packing-list.pdf',
    {
      summary: 'Packing list of a stand (A4: materials by owner project, with tick boxes)',
      guards: reader,
      security: 'organiser',
      response: PDF,
    },
    async (req, res) => {
      const { doc, fileName } = await renderPackingList(standId(req.params.id), {
        now: context.clock(),
      });
      sendPdf(res, doc, fileName);
    },
  );

  return api.router;
}
