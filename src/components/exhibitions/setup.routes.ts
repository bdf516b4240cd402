import { Router, type NextFunction, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import { standReader } from './guards';
import { createPageRenderer } from '../../lib/http/pages';
import { actorOf, authorize, guardBy, NOT_YOUR_EVENT, NOT_YOURS } from '../../lib/http/policy';
import { mayManageStand, standPolicy, standScope } from './policies';
import { toFieldProblems } from '../../lib/http/validate';
import { getEvent, listEvents, listPeople, listProjects } from '../events';
import { namesFor, screeningRows } from './planner.presenter';
import {
  addFilm,
  addScreening,
  deleteFilm,
  deleteScreening,
  listFilms,
  listScreenings,
  updateFilm,
  updateScreening,
} from './screenings.service';
import { SCREENING_MODES } from './screening.model';
import {
  addZone,
  createStand,
  deleteStand,
  deleteZone,
  getStand,
  updateStand,
  updateZone,
} from './stands.service';
import { listEventQrCodes } from './zone-qr.service';
import { STAND_ROLES, ZONE_KINDS } from './stand.model';
import { addTeamMember, removeTeamMember } from './team.service';
import { eventDays, localDate, localInstant, localTime } from './time';

/**
 * Pages to set a stand up without the API: create a stand for an event, its zones,
 * team, films and screenings. A refused form comes back with its values and each
 * problem next to its field (aria-invalid + aria-describedby).
 */

const STYLES = ['/static/css/exhibitions.css'];
const LIST_ALL = { page: 1, limit: 200, sort: 'name' } as const;

/** Form fields: blank means "not given". */
const blank = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const list = (value: unknown) =>
  value === undefined ? [] : (Array.isArray(value) ? value : [value]).filter((v) => v !== '');
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());

const standForm = z.object({
  _csrf: z.string().optional(),
  eventId: z.string().min(1, 'choose an event'),
  name: z.string().trim().min(1, 'give the stand a name').max(200),
  hall: optional(z.string().trim().max(100)),
  standNumber: optional(z.string().trim().max(40)),
  minStaff: z.coerce.number({ message: 'must be a number' }).int().min(0).max(100),
  projectIds: z.preprocess(list, z.array(z.string()).min(1, 'choose at least one project')),
});
const num = (schema: z.ZodNumber) =>
  z.preprocess(blank, z.coerce.number({ message: 'must be a number' }).pipe(schema));
const detailsForm = z.object({
  _csrf: z.string().optional(),
  name: z.string().trim().min(1, 'give the stand a name').max(200),
  hall: z.string().trim().max(100).default(''),
  standNumber: z.string().trim().max(40).default(''),
  floorAreaM2: z.preprocess(
    blank,
    z.coerce.number({ message: 'must be a number' }).min(0).max(100000).optional(),
  ),
  notes: z.string().trim().max(5000).default(''),
  minStaff: num(z.number().int('must be a whole number').min(0).max(100)),
  maxHoursPer24h: num(z.number().min(1, 'at least 1').max(24, 'at most 24')),
  minRestHours: num(z.number().min(0).max(24, 'at most 24')),
});
const zoneForm = z.object({
  _csrf: z.string().optional(),
  kind: z.enum(ZONE_KINDS, { message: 'choose a kind of zone' }),
  name: z.string().trim().min(1, 'give the zone a name').max(120),
  description: optional(z.string().trim().max(2000)),
  projectId: optional(z.string()),
  qrCodeIds: z.preprocess(list, z.array(z.string())),
});
const teamForm = z.object({
  _csrf: z.string().optional(),
  personId: z.string().min(1, 'choose a person'),
  projectId: z.string().min(1, 'choose their project'),
  role: z.enum(STAND_ROLES, { message: 'choose a role' }),
  phone: optional(z.string().trim().max(40, 'at most 40 characters')),
});
const removeForm = z.object({
  _csrf: z.string().optional(),
  cascade: z.literal('true').optional(),
});
const deleteForm = z.object({
  _csrf: z.string().optional(),
  confirm: z.literal('true').optional(),
});

/** A delete form's first press only asks (409 `confirmation_required`, shown at the item). */
function requireConfirmation(body: unknown, question: string): void {
  if (parseForm(deleteForm, body).confirm !== 'true') {
    throw new AppError('confirmation_required', question, 409);
  }
}
const filmForm = z.object({
  _csrf: z.string().optional(),
  title: z.string().trim().min(1, 'give the film a title').max(200),
  city: optional(z.string().trim().max(100)),
  durationMinutes: optional(
    z.coerce.number({ message: 'must be a number of minutes' }).int().min(1).max(600),
  ),
  language: optional(z.string().trim().max(40)),
  subtitles: optional(z.string().trim().max(80)),
  url: optional(
    z.url({ protocol: /^https?$/, message: 'must be a web address (https://…)' }).max(500),
  ),
});
const time = z.string().regex(/^\d{2}:\d{2}$/, 'must be a time HH:MM');
const screeningForm = z.object({
  _csrf: z.string().optional(),
  mode: z.enum(SCREENING_MODES, { message: 'choose fixed or loop' }),
  filmIds: z.preprocess(list, z.array(z.string()).min(1, 'choose at least one film')),
  zoneId: optional(z.string()),
  day: z.iso.date({ message: 'choose a day' }),
  from: time,
  to: optional(time),
});

function parseForm<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  throw new AppError('validation_failed', 'Some fields need a fix', 400, {
    errors: toFieldProblems(result.error),
  });
}

/** A failed form: which one, its message, the problem per field (first path segment), its values. */
type FormProblem = {
  form: string;
  code: string;
  message: string;
  fields: Record<string, string>;
  values: Record<string, unknown>;
};

function formProblem(form: string, err: AppError, values: unknown): FormProblem {
  const fields: Record<string, string> = {};
  for (const e of (err.details?.errors as { path: string; message: string }[] | undefined) ?? []) {
    const first = e.path.split('.')[0] ?? '';
    // The API's instants are the form's day + time fields.
    const field = first === 'start' ? 'from' : first === 'end' ? 'to' : first;
    fields[field] ??= e.message;
  }
  // A refusal without a field (a duplicate, a conflict) is shown at the form's top.
  return {
    form,
    code: err.code,
    message: err.message,
    fields,
    values: (values ?? {}) as Record<string, unknown>,
  };
}

const isFormRefusal = (err: unknown): err is AppError =>
  err instanceof AppError && err.status >= 400 && err.status < 500 && err.status !== 403;

export function createStandSetupPages(context: AppContext): Router {
  const router = Router();
  const render = createPageRenderer(context.config);
  const comms = [
    requireSignedInPage,
    guardBy((actor) => standPolicy.may(actor, 'organise', {}), {}),
  ];

  async function manageableEvents(req: Request) {
    const user = currentUser(req);
    const events = (await listEvents({ ...LIST_ALL, sort: 'startDate' })).items;
    return events.filter((e) => standPolicy.may({ user }, 'create', standScope({ eventId: e.id })));
  }

  async function renderNewStand(req: Request, res: Response, problem?: FormProblem) {
    const [events, projects] = await Promise.all([manageableEvents(req), listProjects(LIST_ALL)]);
    const values = problem?.values ?? { minStaff: '1', eventId: req.query.eventId };
    const chosen = new Set(list(values.projectIds));
    render(
      req,
      res,
      'exhibitions/stand-new',
      {
        title: 'New stand',
        styles: STYLES,
        events: events.map((e) => ({ ...e, selected: e.id === values.eventId })),
        projects: projects.items.map((p) => ({ ...p, checked: chosen.has(p.id) })),
        values,
        problem,
        errors: problem?.fields ?? {},
      },
      problem ? 400 : 200,
    );
  }

  router.get('/stands/new', ...comms, (req, res, next) => {
    renderNewStand(req, res).catch(next);
  });

  router.post('/stands', ...comms, async (req, res, next) => {
    try {
      const form = parseForm(standForm, req.body);
      const scope = standScope({ eventId: form.eventId });
      if (!standPolicy.may(actorOf(req), 'create', scope))
        throw new AppError('forbidden_event', NOT_YOUR_EVENT, 400, {
          errors: [{ path: 'eventId', message: 'choose an event you manage' }],
        });
      const stand = await createStand(form.eventId, {
        name: form.name,
        hall: form.hall,
        standNumber: form.standNumber,
        minStaff: form.minStaff,
        projectIds: form.projectIds,
      });
      res.redirect(303, `/stands/${stand.id}/setup`);
    } catch (err) {
      if (isFormRefusal(err)) {
        // An unknown event is the event field's problem here, not a missing page.
        const problem = formProblem('stand', err, req.body);
        if (err.status === 404) problem.fields.eventId ??= 'choose an event';
        await renderNewStand(req, res, problem).catch(next);
        return;
      }
      next(err);
    }
  });

  async function renderSetup(
    req: Request,
    res: Response,
    standId: string,
    problem?: FormProblem,
    status = 200,
  ) {
    const stand = await getStand(standId, context.config.publicBaseUrl);
    const event = await getEvent(stand.eventId);
    const [names, films, screenings, people, eventCodes] = await Promise.all([
      namesFor(stand),
      listFilms(stand.id),
      listScreenings(stand.id),
      listPeople(LIST_ALL),
      listEventQrCodes(stand.eventId, context.config.publicBaseUrl),
    ]);
    const zoneName = new Map(stand.zones.map((z) => [z.id, z.name]));
    /** The event's registered codes as checkboxes; a code hanging in another zone says where. */
    const codeOptions = (zoneId: string | undefined, values: Record<string, unknown>) => {
      const chosen = values.qrCodeIds === undefined ? undefined : new Set(list(values.qrCodeIds));
      return eventCodes.map((c) => ({
        id: c.id,
        label: c.label,
        url: c.url,
        checked: chosen ? chosen.has(c.id) : zoneId !== undefined && c.zoneId === zoneId,
        elsewhere: c.zoneId && c.zoneId !== zoneId ? zoneName.get(c.zoneId) : undefined,
      }));
    };
    const errorsOf = (form: string) => (problem?.form === form ? problem.fields : {});
    const confirmOf = (form: string) =>
      problem?.form === form && problem.code === 'confirmation_required'
        ? problem.message
        : undefined;
    const refusalOf = (form: string) =>
      problem?.form === form && problem.code !== 'confirmation_required'
        ? problem.message
        : undefined;
    const valuesOf = (form: string) => (problem?.form === form ? problem.values : {});
    const projects = stand.projects.map((p) => ({
      id: p.projectId,
      name: names.projects.get(p.projectId),
    }));
    const onTeam = new Set(stand.team.map((m) => m.personId));
    render(
      req,
      res,
      'exhibitions/stand-setup',
      {
        title: `Set up ${stand.name}`,
        styles: STYLES,
        stand,
        event,
        problem,
        kinds: ZONE_KINDS,
        roles: STAND_ROLES,
        modes: SCREENING_MODES,
        projects,
        days: eventDays(event).map((day) => ({
          day,
          label: DateTime.fromISO(day).setLocale('en-GB').toFormat('ccc d LLL'),
        })),
        zones: stand.zones.map((z) => {
          const form = `zone-${z.id}`;
          const values = { ...z, ...valuesOf(form) } as Record<string, unknown>;
          return {
            ...z,
            values,
            errors: errorsOf(form),
            project: z.projectId && names.projects.get(z.projectId),
            projectOptions: projects.map((p) => ({ ...p, selected: p.id === values.projectId })),
            kindOptions: ZONE_KINDS.map((k) => ({ kind: k, selected: k === values.kind })),
            codeOptions: codeOptions(
              z.id,
              problem?.form === form ? valuesOf(form) : ({} as Record<string, unknown>),
            ),
          };
        }),
        details: {
          errors: errorsOf('details'),
          values: { ...stand, ...valuesOf('details') },
          contacts: stand.projects.map((p) => {
            const chosen =
              problem?.form === 'details'
                ? String(problem.values[`contact_${p.projectId}`] ?? '')
                : (p.contactPersonId ?? '');
            return {
              projectId: p.projectId,
              project: names.projects.get(p.projectId),
              options: people.items.map((person) => ({
                id: person.id,
                name: person.name,
                selected: person.id === chosen,
              })),
            };
          }),
          confirmDelete: confirmOf('stand-delete'),
        },
        zoneAdd: {
          errors: errorsOf('zone-add'),
          values: valuesOf('zone-add'),
          codeOptions: codeOptions(undefined, valuesOf('zone-add')),
        },
        hasEventCodes: eventCodes.length > 0,
        team: stand.team.map((m) => ({
          ...m,
          name: names.people.get(m.personId),
          project: names.projects.get(m.projectId),
          confirm: problem?.form === `team-remove-${m.personId}` && problem.message,
        })),
        people: people.items.filter((p) => !onTeam.has(p.id)),
        teamAdd: { errors: errorsOf('team-add'), values: valuesOf('team-add') },
        films: films.map((f) => {
          const form = `film-${f.id}`;
          return {
            ...f,
            values: { ...f, ...valuesOf(form) },
            errors: errorsOf(form),
            confirmDelete: confirmOf(`film-delete-${f.id}`),
            deleteRefused: refusalOf(`film-delete-${f.id}`),
          };
        }),
        filmAdd: { errors: errorsOf('film-add'), values: valuesOf('film-add') },
        screenings: screeningRows(screenings, films, event.timeZone).map((row) => {
          const form = `screening-${row.id}`;
          const own = {
            mode: row.mode,
            filmIds: row.filmIds,
            zoneId: row.zoneId ?? '',
            day: localDate(row.start, event.timeZone),
            from: localTime(row.start, event.timeZone),
            to: localTime(row.end, event.timeZone),
          };
          const values = { ...own, ...valuesOf(form) } as Record<string, unknown>;
          const chosenFilms = new Set(list(values.filmIds));
          return {
            ...row,
            values,
            errors: errorsOf(form),
            modeOptions: SCREENING_MODES.map((m) => ({ mode: m, selected: m === values.mode })),
            filmOptions: films.map((f) => ({ ...f, checked: chosenFilms.has(f.id) })),
            zoneOptions: stand.zones.map((z) => ({ ...z, selected: z.id === values.zoneId })),
            dayOptions: eventDays(event).map((day) => ({
              day,
              label: DateTime.fromISO(day).setLocale('en-GB').toFormat('ccc d LLL'),
              selected: day === values.day,
            })),
            confirmDelete: confirmOf(`screening-delete-${row.id}`),
          };
        }),
        screeningAdd: { errors: errorsOf('screening-add'), values: valuesOf('screening-add') },
        timeZone: event.timeZone,
      },
      status,
    );
  }

  /** Loads the stand, checks the user manages its event, then runs the form. */
  const setupForm =
    (
      form: string | ((req: Request) => string),
      handler: (req: Request, standId: string, timeZone: string) => Promise<void>,
    ) =>
    async (req: Request, res: Response, next: NextFunction) => {
      const standId = String(req.params.id);
      try {
        const stand = await getStand(standId);
        authorize(actorOf(req), mayManageStand(currentUser(req), stand), NOT_YOURS);
        const event = await getEvent(stand.eventId);
        await handler(req, stand.id, event.timeZone);
        res.redirect(303, `/stands/${stand.id}/setup`);
      } catch (err) {
        const name = typeof form === 'string' ? form : form(req);
        // A missing stand, zone or member is a missing page; a field's problem stays on the form.
        if (isFormRefusal(err) && (err.status !== 404 || err.details?.errors)) {
          await renderSetup(req, res, standId, formProblem(name, err, req.body), err.status).catch(
            next,
          );
          return;
        }
        next(err);
      }
    };

  router.get('/stands/:id/setup', requireSignedInPage, standReader, (req, res, next) => {
    renderSetup(req, res, String(req.params.id)).catch(next);
  });

  router.post(
    '/stands/:id/details',
    ...comms,
    setupForm('details', async (req, standId) => {
      const form = parseForm(detailsForm, req.body);
      const stand = await getStand(standId);
      const contacts = stand.projects.flatMap((p) => {
        const personId = req.body?.[`contact_${p.projectId}`];
        return typeof personId === 'string' && personId !== ''
          ? [{ projectId: p.projectId, personId }]
          : [];
      });
      await updateStand(standId, {
        name: form.name,
        hall: form.hall,
        standNumber: form.standNumber,
        // A blank field clears the floor area.
        floorAreaM2: form.floorAreaM2 ?? null,
        notes: form.notes,
        minStaff: form.minStaff,
        maxHoursPer24h: form.maxHoursPer24h,
        minRestHours: form.minRestHours,
        contacts,
      });
    }),
  );

  /** Deleting a stand takes its shifts, materials, films and screenings with it: asked first. */
  router.post('/stands/:id/delete', ...comms, async (req, res, next) => {
    const standId = String(req.params.id);
    try {
      const stand = await getStand(standId);
      authorize(actorOf(req), mayManageStand(currentUser(req), stand), NOT_YOURS);
      requireConfirmation(
        req.body,
        'Delete this stand with all its shifts, materials, films and screenings? This cannot be undone.',
      );
      await deleteStand(stand.id, true);
      res.redirect(303, '/stands');
    } catch (err) {
      if (isFormRefusal(err) && err.status !== 404) {
        await renderSetup(
          req,
          res,
          standId,
          formProblem('stand-delete', err, req.body),
          err.status,
        ).catch(next);
        return;
      }
      next(err);
    }
  });

  router.post(
    '/stands/:id/zones',
    ...comms,
    setupForm('zone-add', async (req, standId) => {
      const { _csrf: _ignored, ...form } = parseForm(zoneForm, req.body);
      await addZone(standId, { ...form, items: [] });
    }),
  );

  router.post(
    '/stands/:id/zones/:zoneId',
    ...comms,
    setupForm(
      (req) => `zone-${String(req.params.zoneId).toLowerCase()}`,
      async (req, standId) => {
        const form = parseForm(zoneForm, req.body);
        await updateZone(standId, String(req.params.zoneId), {
          kind: form.kind,
          name: form.name,
          description: form.description ?? '',
          ...(form.projectId ? { projectId: form.projectId } : {}),
          qrCodeIds: form.qrCodeIds,
        });
      },
    ),
  );

  router.post(
    '/stands/:id/zones/:zoneId/delete',
    ...comms,
    setupForm(
      (req) => `zone-${String(req.params.zoneId).toLowerCase()}`,
      async (req, standId) => {
        parseForm(removeForm, req.body);
        await deleteZone(standId, String(req.params.zoneId).toLowerCase());
      },
    ),
  );

  router.post(
    '/stands/:id/team',
    ...comms,
    setupForm('team-add', async (req, standId) => {
      const form = parseForm(teamForm, req.body);
      await addTeamMember(standId, {
        personId: form.personId,
        projectId: form.projectId,
        role: form.role,
        phone: form.phone,
      });
    }),
  );

  router.post(
    '/stands/:id/team/:personId/delete',
    ...comms,
    setupForm(
      (req) => `team-remove-${String(req.params.personId).toLowerCase()}`,
      async (req, standId) => {
        const form = parseForm(removeForm, req.body);
        await removeTeamMember(standId, String(req.params.personId), form.cascade === 'true');
      },
    ),
  );

  router.post(
    '/stands/:id/films',
    ...comms,
    setupForm('film-add', async (req, standId) => {
      const form = parseForm(filmForm, req.body);
      const { _csrf: _ignored, ...film } = form;
      await addFilm(standId, film);
    }),
  );

  router.post(
    '/stands/:id/films/:filmId',
    ...comms,
    setupForm(
      (req) => `film-${String(req.params.filmId).toLowerCase()}`,
      async (req, standId) => {
        const { _csrf: _ignored, ...film } = parseForm(filmForm, req.body);
        // Every field is on the form: a blanked one is cleared.
        await updateFilm(standId, String(req.params.filmId), {
          title: film.title,
          city: film.city,
          durationMinutes: film.durationMinutes,
          language: film.language,
          subtitles: film.subtitles,
          url: film.url,
        });
      },
    ),
  );

  router.post(
    '/stands/:id/films/:filmId/delete',
    ...comms,
    setupForm(
      (req) => `film-delete-${String(req.params.filmId).toLowerCase()}`,
      async (req, standId) => {
        requireConfirmation(req.body, 'Delete this film? This cannot be undone.');
        await deleteFilm(standId, String(req.params.filmId));
      },
    ),
  );

  router.post(
    '/stands/:id/screenings/:screeningId',
    ...comms,
    setupForm(
      (req) => `screening-${String(req.params.screeningId).toLowerCase()}`,
      async (req, standId, timeZone) => {
        const form = parseForm(screeningForm, req.body);
        await updateScreening(standId, String(req.params.screeningId), {
          ...screeningTimes(form, timeZone),
          mode: form.mode,
          filmIds: form.filmIds,
          zoneId: form.zoneId,
        });
      },
    ),
  );

  router.post(
    '/stands/:id/screenings/:screeningId/delete',
    ...comms,
    setupForm(
      (req) => `screening-delete-${String(req.params.screeningId).toLowerCase()}`,
      async (req, standId) => {
        requireConfirmation(req.body, 'Delete this screening? This cannot be undone.');
        await deleteScreening(standId, String(req.params.screeningId));
      },
    ),
  );

  router.post(
    '/stands/:id/screenings',
    ...comms,
    setupForm('screening-add', async (req, standId, timeZone) => {
      const form = parseForm(screeningForm, req.body);
      const { start, end } = screeningTimes(form, timeZone);
      await addScreening(standId, {
        mode: form.mode,
        filmIds: form.filmIds,
        zoneId: form.zoneId,
        start,
        end,
      });
    }),
  );

  return router;
}

/** The form's day and clock times → instants; an end before the start is on the next day. */
function screeningTimes(
  form: { day: string; from: string; to?: string },
  timeZone: string,
): { start: Date; end: Date | undefined } {
  const start = localInstant(form.day, form.from, timeZone);
  const end = form.to
    ? localInstant(form.to > form.from ? form.day : nextDay(form.day), form.to, timeZone)
    : undefined;
  if (!start || (form.to && !end))
    throw new AppError('validation_failed', 'That time does not exist on this day', 400, {
      errors: [{ path: start ? 'to' : 'from', message: 'not a time on this day' }],
    });
  return { start, end };
}

function nextDay(day: string): string {
  return DateTime.fromISO(day, { zone: 'utc' }).plus({ days: 1 }).toISODate() ?? day;
}
