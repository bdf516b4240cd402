import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { parseId } from '../../lib/http/validate';
import {
  filmBody,
  materialBody,
  screeningBody,
  updateFilmBody,
  updateMaterialBody,
  updateScreeningBody,
} from './exhibitions.schemas';
import { standManager, standReader } from './guards';
import { addMaterial, deleteMaterial, listMaterials, updateMaterial } from './materials.service';
import {
  addFilm,
  addScreening,
  deleteFilm,
  deleteScreening,
  listFilms,
  listScreenings,
  screeningChecks,
  updateFilm,
  updateScreening,
} from './screenings.service';

const security = 'organiser' as const;
const standId = (req: Parameters<typeof parseId>[0]) => parseId(req, 'Stand');

/** Materials checklist, films and the screening schedule. */
export function createMaterialsApi(context: AppContext): ApiRouter {
  const now = () => context.clock();
  const api = new ApiRouter(context.registry, '/api/stands', 'Exhibitions');
  addMaterialRoutes(api, now);
  addFilmRoutes(api);
  addScreeningRoutes(api);
  return api;
}

/** The materials checklist; items are flagged late against the clock. */
function addMaterialRoutes(api: ApiRouter, now: () => Date): ApiRouter {
  return api
    .route(
      'get',
      '/:id/materials',
      { summary: 'Materials checklist (late items flagged)', guards: [standReader], security },
      async (req, res) => {
        res.json({ items: await listMaterials(standId(req), now()) });
      },
    )
    .route(
      'post',
      '/:id/materials',
      {
        summary: 'Add a checklist item',
        body: materialBody,
        guards: standManager(),
        security,
        response: { status: 201 },
      },
      async (req, res, { body }) => {
        res.status(201).json(await addMaterial(standId(req), body, now()));
      },
    )
    .route(
      'patch',
      '/:id/materials/:materialId',
      {
        summary: 'Update a checklist item',
        body: updateMaterialBody,
        guards: standManager(),
        security,
      },
      async (req, res, { body }) => {
        res.json(
          await updateMaterial(standId(req), parseId(req, 'Material', 'materialId'), body, now()),
        );
      },
    )
    .route(
      'delete',
      '/:id/materials/:materialId',
      {
        summary: 'Remove a checklist item',
        guards: standManager(),
        security,
        response: { status: 204 },
      },
      async (req, res) => {
        await deleteMaterial(standId(req), parseId(req, 'Material', 'materialId'));
        res.status(204).end();
      },
    );
}

/** The films of the film corner. */
function addFilmRoutes(api: ApiRouter): ApiRouter {
  return api
    .route(
      'get',
      '/:id/films',
      { summary: 'Films of the film corner', guards: [standReader], security },
      async (req, res) => {
        res.json({ items: await listFilms(standId(req)) });
      },
    )
    .route(
      'post',
      '/:id/films',
      {
        summary: 'Add a film',
        body: filmBody,
        guards: standManager(),
        security,
        response: { status: 201 },
      },
      async (req, res, { body }) => {
        res.status(201).json(await addFilm(standId(req), body));
      },
    )
    .route(
      'patch',
      '/:id/films/:filmId',
      { summary: 'Update a film', body: updateFilmBody, guards: standManager(), security },
      async (req, res, { body }) => {
        res.json(await updateFilm(standId(req), parseId(req, 'Film', 'filmId'), body));
      },
    )
    .route(
      'delete',
      '/:id/films/:filmId',
      {
        summary: 'Remove a film (409 while screened)',
        guards: standManager(),
        security,
        response: { status: 204 },
      },
      async (req, res) => {
        await deleteFilm(standId(req), parseId(req, 'Film', 'filmId'));
        res.status(204).end();
      },
    );
}

/** The screening schedule, with its overlap checks. */
function addScreeningRoutes(api: ApiRouter): ApiRouter {
  return api
    .route(
      'get',
      '/:id/screenings',
      { summary: 'Screening schedule with overlaps', guards: [standReader], security },
      async (req, res) => {
        const id = standId(req);
        res.json({ items: await listScreenings(id), checks: await screeningChecks(id) });
      },
    )
    .route(
      'post',
      '/:id/screenings',
      {
        summary: 'Schedule a screening (fixed or loop); the answer lists overlaps',
        body: screeningBody,
        guards: standManager(),
        security,
        response: { status: 201 },
      },
      async (req, res, { body }) => {
        res.status(201).json(await addScreening(standId(req), body));
      },
    )
    .route(
      'patch',
      '/:id/screenings/:screeningId',
      {
        summary: 'Change a screening (same checks as scheduling); the answer lists overlaps',
        body: updateScreeningBody,
        guards: standManager(),
        security,
      },
      async (req, res, { body }) => {
        res.json(
          await updateScreening(standId(req), parseId(req, 'Screening', 'screeningId'), body),
        );
      },
    )
    .route(
      'delete',
      '/:id/screenings/:screeningId',
      {
        summary: 'Remove a screening',
        guards: standManager(),
        security,
        response: { status: 204 },
      },
      async (req, res) => {
        await deleteScreening(standId(req), parseId(req, 'Screening', 'screeningId'));
        res.status(204).end();
      },
    );
}
