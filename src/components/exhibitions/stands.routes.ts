import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { parseId } from '../../lib/http/validate';
import {
  createStandBody,
  deleteTeamMemberQuery,
  openingHoursBody,
  teamMemberBody,
  updateStandBody,
  updateZoneBody,
  zoneBody,
} from './exhibitions.schemas';
import { eventManager, standManager, standReader } from './guards';
import { setOpeningHours } from './opening-hours.service';
import {
  addZone,
  createStand,
  deleteStand,
  deleteZone,
  getStand,
  listStandsOfEvent,
  updateStand,
  updateZone,
} from './stands.service';
import { addTeamMember, removeTeamMember } from './team.service';

const security = 'organiser' as const;
const standId = (req: Parameters<typeof parseId>[0]) => parseId(req, 'Stand');
const cascadeQuery = z.object({ cascade: z.enum(['true', 'false']).default('false') });

/** Stands, zones, team and opening hours. Reads: organisers; writes: comms managing the event. */
export function createStandsApi(context: AppContext): ApiRouter {
  return new ApiRouter(context.registry, '', 'Exhibitions')
    .route(
      'post',
      '/api/events/:eventId/stands',
      {
        summary: 'Create a stand for an event',
        body: createStandBody,
        guards: eventManager(),
        security,
        response: { status: 201 },
      },
      async (req, res, { body }) => {
        res.status(201).json(await createStand(parseId(req, 'Event', 'eventId'), body));
      },
    )
    .route(
      'get',
      '/api/events/:eventId/stands',
      { summary: 'List the stands of an event', guards: [standReader], security },
      async (req, res) => {
        res.json({ items: await listStandsOfEvent(parseId(req, 'Event', 'eventId')) });
      },
    )
    .route(
      'get',
      '/api/stands/:id',
      {
        summary: 'Get a stand with zones, team and opening hours',
        guards: [standReader],
        security,
      },
      async (req, res) => {
        res.json(await getStand(standId(req), context.config.publicBaseUrl));
      },
    )
    .route(
      'patch',
      '/api/stands/:id',
      { summary: 'Update a stand', body: updateStandBody, guards: standManager(), security },
      async (req, res, { body }) => {
        res.json(await updateStand(standId(req), body));
      },
    )
    .route(
      'delete',
      '/api/stands/:id',
      {
        summary:
          'Delete a stand (409 in_use while it has shifts, materials or screenings, unless cascade=true)',
        query: cascadeQuery,
        guards: standManager('id', 'delete'),
        security,
        response: { status: 204 },
      },
      async (req, res, { query }) => {
        await deleteStand(standId(req), query.cascade === 'true');
        res.status(204).end();
      },
    )
    .route(
      'put',
      '/api/stands/:id/opening-hours',
      {
        summary: 'Replace the opening hours (blocks of instants, several a day)',
        body: openingHoursBody,
        guards: standManager(),
        security,
      },
      async (req, res, { body }) => {
        res.json(await setOpeningHours(standId(req), body.blocks));
      },
    )
    .route(
      'post',
      '/api/stands/:id/zones',
      {
        summary: 'Add a zone',
        body: zoneBody,
        guards: standManager(),
        security,
        response: { status: 201 },
      },
      async (req, res, { body }) => {
        res.status(201).json(await addZone(standId(req), body));
      },
    )
    .route(
      'patch',
      '/api/stands/:id/zones/:zoneId',
      { summary: 'Update a zone', body: updateZoneBody, guards: standManager(), security },
      async (req, res, { body }) => {
        res.json(await updateZone(standId(req), parseId(req, 'Zone', 'zoneId'), body));
      },
    )
    .route(
      'delete',
      '/api/stands/:id/zones/:zoneId',
      {
        summary: 'Remove a zone (409 while shifts use it)',
        guards: standManager(),
        security,
        response: { status: 204 },
      },
      async (req, res) => {
        await deleteZone(standId(req), parseId(req, 'Zone', 'zoneId'));
        res.status(204).end();
      },
    )
    .route(
      'post',
      '/api/stands/:id/team',
      {
        summary: 'Put a person on the stand’s team (only the team can be put on shifts)',
        body: teamMemberBody,
        guards: standManager(),
        security,
        response: { status: 201 },
      },
      async (req, res, { body }) => {
        res.status(201).json(await addTeamMember(standId(req), body));
      },
    )
    .route(
      'delete',
      '/api/stands/:id/team/:personId',
      {
        summary: 'Take a person off the team (409 has_shifts unless cascade=true)',
        query: deleteTeamMemberQuery,
        guards: standManager(),
        security,
      },
      async (req, res, { query }) => {
        res.json(
          await removeTeamMember(
            standId(req),
            parseId(req, 'Person', 'personId'),
            query.cascade === 'true',
          ),
        );
      },
    );
}
