import type { AppContext } from '../../lib/context';
import type { EventsPorts } from './ports';
import { ApiRouter } from '../../lib/http/api-router';
import { parseId } from '../../lib/http/validate';
import { eventResponse, pageOf, programmeItemResponse } from './events.openapi';
import {
  createEventBody,
  createProgrammeItemBody,
  listEventsQuery,
  listProgrammeQuery,
  updateEventBody,
  updateProgrammeItemBody,
} from './events.schemas';
import { createEvent, deleteEvent, getEvent, listEvents, updateEvent } from './events.service';
import { anyOrganiser, eventCreator, eventManager } from './guards';
import {
  createProgrammeItem,
  deleteProgrammeItem,
  getProgrammeItem,
  listProgrammeItemsPage,
  updateProgrammeItem,
} from './programme.service';

const security = 'organiser' as const;
const eventId = (req: Parameters<typeof parseId>[0]) => parseId(req, 'Event');
const itemId = (req: Parameters<typeof parseId>[0]) => parseId(req, 'Programme item', 'itemId');

/** /api/events and /api/events/:id/programme. Reads: any organiser; writes: admin, or comms managing the event. */
export function createEventsApi(
  context: AppContext,
  ports: Pick<EventsPorts, 'references'>,
): ApiRouter {
  return new ApiRouter(context.registry, '/api/events', 'Events')
    .route(
      'get',
      '/',
      {
        summary: 'List events',
        description:
          'Filters: q (name), country, city, kind, clusterId, from/to (overlapping dates). Sort: startDate, name, country (prefix - for descending).',
        query: listEventsQuery,
        guards: [anyOrganiser],
        security,
        response: { schema: pageOf(eventResponse) },
      },
      async (_req, res, { query }) => {
        res.json(await listEvents(query));
      },
    )
    .route(
      'post',
      '/',
      {
        summary: 'Create an event (admin)',
        body: createEventBody,
        guards: [eventCreator],
        security,
        response: { status: 201, schema: eventResponse },
      },
      async (_req, res, { body }) => {
        res.status(201).json(await createEvent(body));
      },
    )
    .route(
      'get',
      '/:id',
      {
        summary: 'Get an event',
        guards: [anyOrganiser],
        security,
        response: { schema: eventResponse },
      },
      async (req, res) => {
        res.json(await getEvent(eventId(req)));
      },
    )
    .route(
      'patch',
      '/:id',
      {
        summary: 'Update an event (admin, or comms managing it)',
        body: updateEventBody,
        guards: eventManager(),
        security,
        response: { schema: eventResponse },
      },
      async (req, res, { body }) => {
        res.json(await updateEvent(eventId(req), body));
      },
    )
    .route(
      'delete',
      '/:id',
      {
        summary:
          'Delete an event (409 still_referenced while programme items or other records refer to it)',
        guards: eventManager('id', 'delete'),
        security,
        response: { status: 204 },
      },
      async (req, res) => {
        await deleteEvent(eventId(req), ports.references);
        res.status(204).end();
      },
    )
    .route(
      'get',
      '/:id/programme',
      {
        summary: "List an event's programme",
        description:
          'Filters: from/to (overlapping instants), status, q (title). Sort: start, title.',
        query: listProgrammeQuery,
        guards: [anyOrganiser],
        security,
        response: { schema: pageOf(programmeItemResponse) },
      },
      async (req, res, { query }) => {
        res.json(await listProgrammeItemsPage(eventId(req), query));
      },
    )
    .route(
      'post',
      '/:id/programme',
      {
        summary: 'Add a programme item',
        body: createProgrammeItemBody,
        guards: eventManager('id', 'create', 'programme'),
        security,
        response: { status: 201, schema: programmeItemResponse },
      },
      async (req, res, { body }) => {
        res.status(201).json(await createProgrammeItem(eventId(req), body));
      },
    )
    .route(
      'get',
      '/:id/programme/:itemId',
      {
        summary: 'Get a programme item',
        guards: [anyOrganiser],
        security,
        response: { schema: programmeItemResponse },
      },
      async (req, res) => {
        res.json(await getProgrammeItem(eventId(req), itemId(req)));
      },
    )
    .route(
      'patch',
      '/:id/programme/:itemId',
      {
        summary: 'Update a programme item',
        description: 'sequence rises by one when start, end, location or status change.',
        body: updateProgrammeItemBody,
        guards: eventManager('id', 'update', 'programme'),
        security,
        response: { schema: programmeItemResponse },
      },
      async (req, res, { body }) => {
        res.json(await updateProgrammeItem(eventId(req), itemId(req), body));
      },
    )
    .route(
      'delete',
      '/:id/programme/:itemId',
      {
        summary: 'Delete a programme item',
        guards: eventManager('id', 'delete', 'programme'),
        security,
        response: { status: 204 },
      },
      async (req, res) => {
        await deleteProgrammeItem(eventId(req), itemId(req));
        res.status(204).end();
      },
    );
}
