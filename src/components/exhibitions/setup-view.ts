import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import type { AppContext } from '../../lib/context';
import { pageFormState, valueList, type PageFormProblem } from '../../lib/forms';
import { currentUser } from '../../lib/http/access';
import { standPolicy, standScope } from './policies';
import type { PageRenderer } from '../../lib/http/pages';
import { getEvent, listEvents, listPeople, listProjects } from '../events';
import { namesFor, screeningRows } from './planner.presenter';
import { STYLES } from './planner-view';
import { SCREENING_MODES } from './screening.model';
import { listFilms, listScreenings } from './screenings.service';
import { STAND_ROLES, ZONE_KINDS } from './stand.model';
import { getStand } from './stands.service';
import { eventDays, localDate, localTime } from './time';
import { listEventQrCodes } from './zone-qr.service';

const LIST_ALL = { page: 1, limit: 200, sort: 'name' } as const;

/** The two set-up pages: a new stand, and a stand's set-up with one form per part. */
export type SetupViews = ReturnType<typeof createSetupViews>;

export function createSetupViews(context: AppContext, render: PageRenderer) {
  async function manageableEvents(req: Request) {
    const user = currentUser(req);
    const events = (await listEvents({ ...LIST_ALL, sort: 'startDate' })).items;
    return events.filter((e) => standPolicy.may({ user }, 'create', standScope({ eventId: e.id })));
  }

  async function renderNewStand(req: Request, res: Response, problem?: PageFormProblem) {
    const [events, projects] = await Promise.all([manageableEvents(req), listProjects(LIST_ALL)]);
    const values = problem?.values ?? { minStaff: '1', eventId: req.query.eventId };
    const chosen = new Set(valueList(values.projectIds));
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

  const renderSetup = (
    req: Request,
    res: Response,
    standId: string,
    problem?: PageFormProblem,
    status = 200,
  ) => renderSetupPage(context, render, req, res, standId, problem, status);
  return { renderNewStand, renderSetup };
}

/** The set-up page: one form per part, the refused one filled in as it was sent. */
async function renderSetupPage(
  context: AppContext,
  render: PageRenderer,
  req: Request,
  res: Response,
  standId: string,
  problem?: PageFormProblem,
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
    const chosen =
      values.qrCodeIds === undefined ? undefined : new Set(valueList(values.qrCodeIds));
    return eventCodes.map((c) => ({
      id: c.id,
      label: c.label,
      url: c.url,
      checked: chosen ? chosen.has(c.id) : zoneId !== undefined && c.zoneId === zoneId,
      elsewhere: c.zoneId && c.zoneId !== zoneId ? zoneName.get(c.zoneId) : undefined,
    }));
  };
  const { errorsOf, valuesOf, confirmOf, refusalOf } = pageFormState(problem);
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
        const chosenFilms = new Set(valueList(values.filmIds));
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
