import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { standReader } from './guards';
import { scheduleToJson, scheduleToXml } from './schedule.format';
import { buildSchedule } from './schedule.service';
import { z } from 'zod';
import { idParam } from '../../lib/http/params';

const eventParams = z.object({ eventId: idParam('Event') });
const DESCRIPTION =
  'The event’s programme (cancelled items left out) with its stands’ opening hours and ' +
  'screenings, in the frab schedule format pretalx exports and Giggity, ConfClerk and c3voc ' +
  'tools read. Times in the event’s zone; `id`, `guid` and `slug` stay the same for the same item.';

/** frab schedule exports of an event: schedule.xml and schedule.json. */
export function createScheduleApi(context: AppContext): ApiRouter {
  const base = () => context.config.publicBaseUrl;
  return new ApiRouter(context.registry, '', 'Exhibitions')
    .route(
      'get',
      '/api/events/:eventId/schedule.xml',
      {
        summary: 'Event schedule as frab schedule XML',
        description: DESCRIPTION,
        guards: [standReader],
        params: eventParams,
        security: 'organiser',
        response: { mediaType: 'application/xml', description: 'schedule.xml' },
      },
      async (_req, res, { params }) => {
        const xml = scheduleToXml(await buildSchedule(params.eventId, base()));
        res
          .status(200)
          .set({
            'Cache-Control': 'private, no-cache',
            'Content-Disposition': 'inline; filename="schedule.xml"',
          })
          .type('application/xml; charset=utf-8')
          .send(xml);
      },
    )
    .route(
      'get',
      '/api/events/:eventId/schedule.json',
      {
        summary: 'Event schedule as frab schedule JSON',
        description: DESCRIPTION,
        guards: [standReader],
        params: eventParams,
        security: 'organiser',
        response: { mediaType: 'application/json', description: 'schedule.json' },
      },
      async (_req, res, { params }) => {
        res
          .status(200)
          .set('Cache-Control', 'private, no-cache')
          .json(scheduleToJson(await buildSchedule(params.eventId, base())));
      },
    );
}
