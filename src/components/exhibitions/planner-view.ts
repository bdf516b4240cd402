import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import type { AppContext } from '../../lib/context';
import type { AppError } from '../../lib/errors';
import { currentUser } from '../../lib/http/access';
import type { DutySource } from '../../lib/duties-elsewhere';
import { mayManageStand } from './policies';
import type { PageRenderer } from '../../lib/http/pages';
import { getEvent } from '../events';
import { checksOfStand } from './checks.service';
import { MATERIAL_KINDS, MATERIAL_STATUSES } from './material.model';
import { listMaterials } from './materials.service';
import { dayTabs, dayTimeline, materialsBoard, namesFor, screeningRows } from './planner.presenter';
import { listScheduleLinks } from './schedule-links';
import { listFilms, listScreenings, screeningChecks } from './screenings.service';
import { listShifts } from './shifts.service';
import { STAND_ROLES } from './stand.model';
import { getStand } from './stands.service';
import { eventDays, localDate, localTime } from './time';

export const STYLES = ['/static/css/exhibitions.css'];

/** Draws the planner, optionally with a problem from a form that failed (answered with its status). */
export type PlannerRenderer = (
  req: Request,
  res: Response,
  standId: string,
  selected?: string,
  problem?: AppError,
  extra?: Record<string, unknown>,
) => Promise<void>;

export function createPlannerRenderer(
  context: AppContext,
  render: PageRenderer,
  duties: DutySource,
): PlannerRenderer {
  return async function renderPlanner(req, res, standId, selected, problem, extra = {}) {
    const stand = await getStand(standId, context.config.publicBaseUrl);
    const event = await getEvent(stand.eventId);
    const now = context.clock();
    const days = eventDays(event);
    const today = localDate(now, event.timeZone);
    const theDay =
      selected && days.includes(selected) ? selected : days.includes(today) ? today : days[0]!;
    const [shifts, checks, materials, films, screenings, overlaps, names, links] =
      await Promise.all([
        listShifts(stand.id),
        checksOfStand(stand.id, duties),
        listMaterials(stand.id, now),
        listFilms(stand.id),
        listScreenings(stand.id),
        screeningChecks(stand.id),
        namesFor(stand),
        listScheduleLinks(event.id, now),
      ]);
    const dayTimelineView = dayTimeline({ stand, event, day: theDay, shifts, checks, names });
    // Each shift's edit form starts from its stored values (local times, needs per role).
    const timeline = {
      ...dayTimelineView,
      entries: dayTimelineView.entries.map((entry) => {
        const shift = 'id' in entry ? shifts.find((s) => s.id === entry.id) : undefined;
        if (!shift) return entry;
        const on = new Set(shift.assignees.map((a) => a.personId));
        return {
          ...entry,
          edit: {
            day: localDate(shift.start, event.timeZone),
            from: localTime(shift.start, event.timeZone),
            to: localTime(shift.end, event.timeZone),
            title: shift.title,
            zoneOptions: stand.zones.map((z) => ({ ...z, selected: z.id === shift.zoneId })),
            counts: STAND_ROLES.map((r) => ({
              role: r,
              count: shift.needs.find((n) => n.role === r)?.count ?? 0,
            })),
            team: stand.team.map((m) => ({
              personId: m.personId,
              name: names.people.get(m.personId),
              role: m.role,
              checked: on.has(m.personId),
            })),
            confirmDelete: extra.confirmDeleteShift === shift.id,
          },
        };
      }),
    };
    const hoursOfDay = stand.openingHours
      .filter((b) => localDate(b.start, event.timeZone) === theDay)
      .map((b) => ({
        start: b.start.toISOString(),
        label: `${localTime(b.start, event.timeZone)}–${localTime(b.end, event.timeZone)}`,
      }));
    const canEdit = mayManageStand(currentUser(req), { eventId: event.id });
    render(
      req,
      res,
      'exhibitions/stand-planner',
      {
        title: stand.name,
        styles: STYLES,
        stand,
        event,
        day: theDay,
        days: dayTabs(event, theDay),
        timeline,
        hoursOfDay,
        canEdit,
        problem: problem && {
          message: problem.message,
          errors: (problem.details?.errors as unknown[]) ?? [],
        },
        roles: STAND_ROLES,
        statuses: MATERIAL_STATUSES,
        team: stand.team.map((m) => ({
          ...m,
          name: names.people.get(m.personId),
          project: names.projects.get(m.projectId),
        })),
        projects: stand.projects.map((p) => ({
          id: p.projectId,
          name: names.projects.get(p.projectId),
        })),
        zones: stand.zones.map((z) => ({
          ...z,
          project: z.projectId && names.projects.get(z.projectId),
        })),
        board: materialsBoard(materials, names).map((column) => ({
          ...column,
          items: column.items.map((m) => ({
            ...m,
            kindOptions: MATERIAL_KINDS.map((k) => ({ kind: k, selected: k === m.kind })),
            ownerOptions: stand.projects.map((p) => ({
              id: p.projectId,
              name: names.projects.get(p.projectId),
              selected: p.projectId === m.ownerProjectId,
            })),
            confirmDelete: extra.confirmDeleteMaterial === m.id,
          })),
        })),
        lateMaterials: materials.filter((m) => m.late),
        films,
        screenings: screeningRows(screenings, films, event.timeZone),
        screeningOverlaps: overlaps.length,
        scheduleLinks: links.map((l) => ({
          ...l,
          created: DateTime.fromJSDate(l.createdAt, { zone: event.timeZone }).toFormat(
            'd LLL yyyy HH:mm',
          ),
          expires: DateTime.fromJSDate(l.expiresAt, { zone: event.timeZone }).toFormat(
            'd LLL yyyy',
          ),
        })),
        scripts: ['/static/js/copy-button.js'],
        ...extra,
      },
      problem?.status ?? 200,
    );
  };
}
