import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { parseId } from '../../lib/http/validate';
import {
  createEventBody,
  createProgrammeItemBody,
  listEventsQuery,
  listProgrammeQuery,
  updateEventBody,
  updateProgrammeItemBody,
} from './events.schemas';
import { createEvent, deleteEvent, getEvent, listEvents, updateEvent } from './events.service';
import { adminOnly, anyOrganiser, eventManager } from './guards';
import {
  createProgrammeItem,
  deleteProgrammeItem,
  getProgrammeItem,
  listProgrammeItemsPage,
  updateProgrammeItem,
} from './programme.service';

/** /api/events and /api/events/:id/programme. */
export function createEventsApi(context: AppContext): ApiRouter {
  const api = new ApiRouter(context.registry, '/api/events', 'Events');
  const security = 'organiser' as const;

  api
    .route(
      'get',
      '/',
      { summary: 'List events', query: listEventsQuery, guards: [anyOrganiser], security },
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
        guards: [adminOnly],
        security,
        response: { status: 201 },
      },
      async (_req, res, { body }) => {
        res.status(201).json(await createEvent(body));
      },
    )
    .route(
      'get',
      '/:id',
      { summary: 'Get an event', guards: [anyOrganiser], security },
      async (req, res) => {
        res.json(await getEvent(parseId(req, 'Event')));
      },
    )
    .route(
      'patch',
      '/:id',
      {
        summary: 'Update an event (admin or its comms team)',
        body: updateEventBody,
        guards: eventManager(),
        security,
      },
      async (req, res, { body }) => {
        res.json(await updateEvent(parseId(req, 'Event'), body));
      },
    )
    .route(
      'delete',
      '/:id',
      {
        summary: 'Delete an event without programme items',
        guards: eventManager(),
        security,
        response: { status: 204 },
      },
      async (req, res) => {
        await deleteEvent(parseId(req, 'Event'));
        res.status(204).end();
      },
    )
    .route(
      'get',
      '/:id/programme',
      {
        summary: "List an event's programme",
        query: listProgrammeQuery,
        guards: [anyOrganiser],
        security,
      },
      async (req, res, { query }) => {
        res.json(await listProgrammeItemsPage(parseId(req, 'Event'), query));
      },
    )
    .route(
      'post',
      '/:id/programme',
      {
        summary: 'Add a programme item',
        body: createProgrammeItemBody,
        guards: eventManager(),
        security,
        response: { status: 201 },
      },
      async (req, res, { body }) => {
        res.status(201).json(await createProgrammeItem(parseId(req, 'Event'), body));
      },
    )
    .route(
      'get',
      '/:id/programme/:itemId',
      { summary: 'Get a programme item', guards: [anyOrganiser], security },
      async (req, res) => {
        res.json(
          await getProgrammeItem(parseId(req, 'Event'), parseId(req, 'Programme item', 'itemId')),
        );
      },
    )
    .route(
      'patch',
      '/:id/programme/:itemId',
      {
        summary: 'Update a programme item (SEQUENCE goes up when time, place or status change)',
        body: updateProgrammeItemBody,
        guards: eventManager(),
        security,
      },
      async (req, res, { body }) => {
        res.json(
          await updateProgrammeItem(
            parseId(req, 'Event'),
            parseId(req, 'Programme item', 'itemId'),
            body,
          ),
        );
      },
    )
    .route(
      'delete',
      '/:id/programme/:itemId',
      {
        summary: 'Delete a programme item',
        guards: eventManager(),
        security,
        response: { status: 204 },
      },
      async (req, res) => {
        await deleteProgrammeItem(parseId(req, 'Event'), parseId(req, 'Programme item', 'itemId'));
        res.status(204).end();
      },
    );
  return api;
}
