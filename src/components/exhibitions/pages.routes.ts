import { DateTime } from 'luxon';
import type { ExhibitionsPorts } from './ports';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import { standReader } from './guards';
import { createPageRenderer } from '../../lib/http/pages';
import { actorOf, authorize, NOT_YOURS } from '../../lib/http/policy';
import { mayManageStand } from './policies';
import { parseBody } from '../../lib/http/validate';
import { issueCapabilityLink, requireCapability } from '../auth';
import { getEvent } from '../events';
import { checksOfStand } from './checks.service';
import { issueScheduleLink, listScheduleLinks, revokeScheduleLink } from './schedule-links';
import { MATERIAL_KINDS, MATERIAL_STATUSES } from './material.model';
import {
  addMaterial,
  deleteMaterial,
  listLateMaterials,
  listMaterials,
  updateMaterial,
} from './materials.service';
import { setOpeningHours } from './opening-hours.service';
import { dayTabs, dayTimeline, materialsBoard, namesFor, screeningRows } from './planner.presenter';
import { listFilms, listScreenings, screeningChecks } from './screenings.service';
import {
  createShift,
  createShiftsFromPattern,
  deleteShift,
  getShift,
  listShifts,
  overrideCheck,
  updateShift,
} from './shifts.service';
import { STAFF_SCOPE } from './shifts.routes';
import { leaveShift, listShiftsICanTake, signUpForShift } from './sign-up.service';
import { getStand, listAllStands } from './stands.service';
import { STAND_ROLES } from './stand.model';
import { findTeamMember } from './team.service';
import { eventDays, localDate, localInstant, localTime } from './time';

/** The capability scope of the screen at the stand ("now at the stand" without an account). */
export const SCREEN_SCOPE = 'exhibitions:screen';

const STYLES = ['/static/css/exhibitions.css'];
const time = z.string().regex(/^\d{2}:\d{2}$/, 'must be a time HH:MM');
const day = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
const count = z.coerce.number().int().min(0).max(50);
const role = z.enum(STAND_ROLES);

const shiftForm = z.object({
  _csrf: z.string().optional(),
  day,
  from: time,
  to: time,
  zoneId: z.string().optional(),
  role,
  count,
  assignees: z.union([z.string(), z.array(z.string())]).optional(),
});
const editShiftForm = z.object({
  _csrf: z.string().optional(),
  day,
  version: z.coerce.number().int().min(1),
  from: time,
  to: time,
  zoneId: z.string().optional(),
  title: z.string().trim().max(120).optional(),
  count_lead: count.default(0),
  count_booth: count.default(0),
  count_av: count.default(0),
  count_other: count.default(0),
  assignees: z.union([z.string(), z.array(z.string())]).optional(),
});
const confirmForm = z.object({
  _csrf: z.string().optional(),
  day: day.optional(),
  confirm: z.literal('true').optional(),
});
const bulkForm = z.object({
  _csrf: z.string().optional(),
  day: z.union([day, z.literal('all')]),
  blockMinutes: z.coerce.number().int().min(15).max(1440),
  role,
  count: count.min(1),
});
const hoursForm = z.object({ _csrf: z.string().optional(), day, from: time, to: time });
const overrideForm = z.object({
  _csrf: z.string().optional(),
  day,
  shiftId: z.string(),
  type: z.string(),
  personId: z.string().optional(),
  reason: z.string().trim().min(1, 'give a reason').max(500),
});
const materialForm = z.object({
  _csrf: z.string().optional(),
  day: day.optional(),
  name: z.string().trim().min(1).max(200),
  ownerProjectId: z.string(),
  quantityNeeded: count.max(1_000_000),
  dueDate: z.union([day, z.literal('')]).optional(),
});
const editMaterialForm = z.object({
  _csrf: z.string().optional(),
  day: day.optional(),
  name: z.string().trim().min(1, 'give the item a name').max(200),
  kind: z.enum(MATERIAL_KINDS),
  ownerProjectId: z.string(),
  quantityNeeded: count.max(1_000_000),
  quantityPacked: count.max(1_000_000),
  quantityOnSite: count.max(1_000_000),
  dueDate: z.union([day, z.literal('')]).optional(),
  notes: z.string().trim().max(2000).optional(),
});
const statusForm = z.object({
  _csrf: z.string().optional(),
  day: day.optional(),
  status: z.enum(MATERIAL_STATUSES),
});

/** Stand pages: planner, "now at the stand", a team member's shifts, the stands overview. */
export function createExhibitionPages(context: AppContext, ports: ExhibitionsPorts): Router {
  const duties = ports.dutiesElsewhere;
  const router = Router();
  const render = createPageRenderer(context.config);
  const reader = [requireSignedInPage, standReader];

  const page =
    (handler: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: NextFunction) => {
      handler(req, res).catch(next);
    };

  /** The planner, optionally with a problem from a form that failed (answered with its status). */
  async function renderPlanner(
    req: Request,
    res: Response,
    standId: string,
    selected?: string,
    problem?: AppError,
    extra: Record<string, unknown> = {},
  ) {
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
  }

  /** Runs a planner form: success → back to the planner's day (303), a 4xx → the planner with the problem. */
  const plannerForm =
    (handler: (req: Request, standId: string) => Promise<string | undefined>) =>
    async (req: Request, res: Response, next: NextFunction) => {
      const standId = String(req.params.id);
      try {
        const stand = await getStand(standId);
        authorize(actorOf(req), mayManageStand(currentUser(req), stand), NOT_YOURS);
        const day = await handler(req, standId);
        res.redirect(303, `/stands/${stand.id}${day ? `?day=${day}` : ''}#planner`);
      } catch (err) {
        if (
          err instanceof AppError &&
          err.status < 500 &&
          err.status !== 404 &&
          err.code !== 'forbidden'
        ) {
          const dayField = typeof req.body?.day === 'string' ? req.body.day : undefined;
          await renderPlanner(req, res, standId, dayField, err).catch(next);
          return;
        }
        next(err);
      }
    };

  async function zoneOf(standId: string) {
    return (await getStand(standId)).eventId;
  }

  router.get(
    '/stands',
    ...reader,
    page(async (req, res) => {
      const now = context.clock();
      const [stands, late] = await Promise.all([listAllStands(), listLateMaterials(now)]);
      const rows = [];
      for (const stand of stands) {
        const event = await getEvent(stand.eventId).catch(() => undefined);
        rows.push({
          ...stand,
          eventName: event?.name,
          late: late.filter((m) => m.standId === stand.id).length,
        });
      }
      const role = currentUser(req).role;
      render(req, res, 'exhibitions/stands', {
        title: 'Stands',
        styles: STYLES,
        stands: rows,
        late,
        canCreate: role === 'admin' || role === 'comms',
      });
    }),
  );

  router.get(
    '/stands/:id',
    ...reader,
    page(async (req, res) => {
      await renderPlanner(
        req,
        res,
        String(req.params.id),
        typeof req.query.day === 'string' ? req.query.day : undefined,
      );
    }),
  );

  router.post(
    '/stands/:id/shifts',
    ...reader,
    plannerForm(async (req, standId) => {
      const form = parseBody(shiftForm, req);
      const { timeZone } = await getEvent(await zoneOf(standId));
      const start = localInstant(form.day, form.from, timeZone);
      const endDay = form.to <= form.from ? nextDay(form.day) : form.day;
      const end = localInstant(endDay, form.to, timeZone);
      if (!start || !end)
        throw new AppError('validation_failed', 'That time does not exist on this day', 400, {
          errors: [{ path: 'from', message: 'not a time on this day' }],
        });
      const assignees =
        form.assignees === undefined
          ? []
          : Array.isArray(form.assignees)
            ? form.assignees
            : [form.assignees];
      await createShift(
        standId,
        {
          start,
          end,
          zoneId: form.zoneId || undefined,
          needs: [{ role: form.role, count: form.count }],
          assignees,
        },
        context.clock(),
        duties,
      );
      return form.day;
    }),
  );

  router.post(
    '/stands/:id/shifts/bulk',
    ...reader,
    plannerForm(async (req, standId) => {
      const form = parseBody(bulkForm, req);
      await createShiftsFromPattern(standId, {
        blockMinutes: form.blockMinutes,
        days: form.day === 'all' ? undefined : [form.day],
        needs: [{ role: form.role, count: form.count }],
      });
      return form.day === 'all' ? undefined : form.day;
    }),
  );

  router.post(
    '/stands/:id/shifts/:shiftId',
    ...reader,
    plannerForm(async (req, standId) => {
      const form = parseBody(editShiftForm, req);
      const { timeZone } = await getEvent(await zoneOf(standId));
      const start = localInstant(form.day, form.from, timeZone);
      const end = localInstant(
        form.to <= form.from ? nextDay(form.day) : form.day,
        form.to,
        timeZone,
      );
      if (!start || !end)
        throw new AppError('validation_failed', 'That time does not exist on this day', 400, {
          errors: [{ path: 'from', message: 'not a time on this day' }],
        });
      const assignees =
        form.assignees === undefined
          ? []
          : Array.isArray(form.assignees)
            ? form.assignees
            : [form.assignees];
      const counts = {
        lead: form.count_lead,
        booth: form.count_booth,
        av: form.count_av,
        other: form.count_other,
      };
      // The version the form was made from: a change by someone else meanwhile is a 409, not overwritten.
      await updateShift(
        standId,
        String(req.params.shiftId),
        {
          version: form.version,
          start,
          end,
          zoneId: form.zoneId ? form.zoneId : null,
          title: form.title || undefined,
          needs: STAND_ROLES.filter((r) => counts[r] > 0).map((r) => ({
            role: r,
            count: counts[r],
          })),
          assignees,
        },
        context.clock(),
        duties,
      );
      return localDate(start, timeZone);
    }),
  );

  /** The first press asks; the second (confirm=true) deletes. */
  router.post('/stands/:id/shifts/:shiftId/delete', ...reader, async (req, res, next) => {
    try {
      const standId = String(req.params.id);
      const stand = await getStand(standId);
      authorize(actorOf(req), mayManageStand(currentUser(req), stand), NOT_YOURS);
      const form = parseBody(confirmForm, req);
      const shift = await getShift(standId, String(req.params.shiftId));
      if (form.confirm !== 'true') {
        await renderPlanner(req, res, standId, form.day, undefined, {
          confirmDeleteShift: shift.id,
        });
        return;
      }
      await deleteShift(standId, shift.id);
      res.redirect(303, `/stands/${stand.id}${form.day ? `?day=${form.day}` : ''}#planner`);
    } catch (err) {
      next(err);
    }
  });

  router.post(
    '/stands/:id/opening-hours/remove',
    ...reader,
    plannerForm(async (req, standId) => {
      const form = parseBody(
        z.object({ _csrf: z.string().optional(), day, start: z.string() }),
        req,
      );
      const stand = await getStand(standId);
      const kept = stand.openingHours.filter((b) => b.start.toISOString() !== form.start);
      if (kept.length === stand.openingHours.length)
        throw new AppError('not_found', 'These opening hours are gone already', 404);
      await setOpeningHours(standId, kept);
      return form.day;
    }),
  );

  router.post(
    '/stands/:id/opening-hours',
    ...reader,
    plannerForm(async (req, standId) => {
      const form = parseBody(hoursForm, req);
      const stand = await getStand(standId);
      const { timeZone } = await getEvent(stand.eventId);
      const start = localInstant(form.day, form.from, timeZone);
      const end = localInstant(
        form.to <= form.from ? nextDay(form.day) : form.day,
        form.to,
        timeZone,
      );
      if (!start || !end)
        throw new AppError('validation_failed', 'That time does not exist on this day', 400, {
          errors: [{ path: 'from', message: 'not a time on this day' }],
        });
      await setOpeningHours(standId, [...stand.openingHours, { start, end }]);
      return form.day;
    }),
  );

  router.post(
    '/stands/:id/overrides',
    ...reader,
    plannerForm(async (req, standId) => {
      const form = parseBody(overrideForm, req);
      const type = z
        .enum(['double_booked', 'outside_opening_hours', 'understaffed', 'too_long'])
        .safeParse(form.type);
      if (!type.success)
        throw new AppError('validation_failed', 'Unknown check', 400, {
          errors: [{ path: 'type', message: 'unknown check' }],
        });
      await overrideCheck(
        standId,
        form.shiftId,
        { type: type.data, personId: form.personId || undefined, reason: form.reason },
        currentUser(req).name,
        context.clock(),
        duties,
      );
      return form.day;
    }),
  );

  router.post(
    '/stands/:id/materials',
    ...reader,
    plannerForm(async (req, standId) => {
      const form = parseBody(materialForm, req);
      await addMaterial(
        standId,
        {
          name: form.name,
          ownerProjectId: form.ownerProjectId,
          quantityNeeded: form.quantityNeeded,
          dueDate: form.dueDate || undefined,
        },
        context.clock(),
      );
      return form.day;
    }),
  );

  router.post(
    '/stands/:id/materials/:materialId',
    ...reader,
    plannerForm(async (req, standId) => {
      const form = parseBody(editMaterialForm, req);
      await updateMaterial(
        standId,
        String(req.params.materialId),
        {
          name: form.name,
          kind: form.kind,
          ownerProjectId: form.ownerProjectId,
          quantityNeeded: form.quantityNeeded,
          quantityPacked: form.quantityPacked,
          quantityOnSite: form.quantityOnSite,
          dueDate: form.dueDate ? form.dueDate : null,
          notes: form.notes ?? '',
        },
        context.clock(),
      );
      return form.day;
    }),
  );

  /** The first press asks; the second (confirm=true) deletes. */
  router.post('/stands/:id/materials/:materialId/delete', ...reader, async (req, res, next) => {
    try {
      const standId = String(req.params.id);
      const stand = await getStand(standId);
      authorize(actorOf(req), mayManageStand(currentUser(req), stand), NOT_YOURS);
      const form = parseBody(confirmForm, req);
      const materialId = String(req.params.materialId).toLowerCase();
      if (form.confirm !== 'true') {
        const known = await listMaterials(standId, context.clock());
        if (!known.some((m) => m.id === materialId))
          throw new AppError('not_found', 'No such item', 404);
        await renderPlanner(req, res, standId, form.day, undefined, {
          confirmDeleteMaterial: materialId,
        });
        return;
      }
      await deleteMaterial(standId, materialId);
      res.redirect(
        303,
        `/stands/${stand.id}${form.day ? `?day=${form.day}` : ''}#materials-heading`,
      );
    } catch (err) {
      next(err);
    }
  });

  router.post(
    '/stands/:id/materials/:materialId/status',
    ...reader,
    plannerForm(async (req, standId) => {
      const form = parseBody(statusForm, req);
      await updateMaterial(
        standId,
        String(req.params.materialId),
        { status: form.status },
        context.clock(),
      );
      return form.day;
    }),
  );

  /** Conference apps cannot sign in: a revocable link to the event's frab schedule, shown once. */
  router.post('/stands/:id/schedule-links', ...reader, async (req, res, next) => {
    try {
      const standId = String(req.params.id);
      const stand = await getStand(standId);
      authorize(actorOf(req), mayManageStand(currentUser(req), stand), NOT_YOURS);
      const link = await issueScheduleLink(context, {
        eventId: stand.eventId,
        label: `Schedule for conference apps: ${stand.name}`,
        createdBy: currentUser(req).id,
      });
      await renderPlanner(req, res, standId, undefined, undefined, { issuedSchedule: link });
    } catch (err) {
      next(err);
    }
  });

  /** Revoking asks once more: apps using the link stop updating. */
  router.post('/stands/:id/schedule-links/:linkId/revoke', ...reader, async (req, res, next) => {
    try {
      const standId = String(req.params.id);
      const stand = await getStand(standId);
      authorize(actorOf(req), mayManageStand(currentUser(req), stand), NOT_YOURS);
      const linkId = String(req.params.linkId);
      if (req.body?.confirm !== 'true') {
        const known = await listScheduleLinks(stand.eventId, context.clock());
        if (!known.some((l) => l.id === linkId))
          throw new AppError('not_found', 'No such schedule link', 404);
        await renderPlanner(req, res, standId, undefined, undefined, { confirmRevoke: linkId });
        return;
      }
      await revokeScheduleLink(stand.eventId, linkId, context.clock());
      res.redirect(303, `/stands/${stand.id}#schedule-heading`);
    } catch (err) {
      next(err);
    }
  });

  router.post('/stands/:id/team/:memberId/link', ...reader, async (req, res, next) => {
    try {
      const standId = String(req.params.id);
      const stand = await getStand(standId);
      authorize(actorOf(req), mayManageStand(currentUser(req), stand), NOT_YOURS);
      const member = stand.team.find((m) => m.id === String(req.params.memberId));
      if (!member) throw new AppError('not_found', 'Team member not found', 404);
      const event = await getEvent(stand.eventId);
      const link = await issueCapabilityLink({
        scope: STAFF_SCOPE,
        resourceId: member.id,
        path: `/exhibitions/staff/${member.id}`,
        baseUrl: context.config.publicBaseUrl,
        label: `Stand shifts: ${stand.name}`,
        createdBy: currentUser(req).id,
        // Valid until a day after the event.
        expiresAt: new Date(Date.parse(`${event.endDate}T00:00:00Z`) + 2 * 86_400_000),
        now: context.clock(),
      });
      await renderPlanner(req, res, standId, undefined, undefined, {
        issuedLink: { url: link.url, memberId: member.id },
      });
    } catch (err) {
      next(err);
    }
  });

  router.get(
    '/stands/:id/now',
    requireCapability(SCREEN_SCOPE, 'id', { allowRoles: ['comms', 'facilitator'] }),
    page(async (req, res) => {
      const stand = await getStand(String(req.params.id), context.config.publicBaseUrl);
      const event = await getEvent(stand.eventId);
      const now = context.clock();
      const [shifts, films, screenings, names] = await Promise.all([
        listShifts(stand.id),
        listFilms(stand.id),
        listScreenings(stand.id),
        namesFor(stand),
      ]);
      const t = (d: Date) => localTime(d, event.timeZone);
      const person = (shift: (typeof shifts)[number]) => ({
        time: `${t(shift.start)}–${t(shift.end)}`,
        zone: stand.zones.find((z) => z.id === shift.zoneId)?.name,
        people: shift.assignees.map((a) => names.people.get(a.personId) ?? 'Unknown'),
      });
      const onNow = shifts.filter((s) => s.start <= now && s.end > now).map(person);
      const next = shifts.find((s) => s.start > now);
      const nextScreening = screeningRows(screenings, films, event.timeZone).find(
        (s) => s.end > now,
      );
      const open = stand.openingHours.find((b) => b.start <= now && b.end > now);
      const nextOpen = stand.openingHours.find((b) => b.start > now);
      render(req, res, 'exhibitions/stand-now', {
        title: `Now at ${stand.name}`,
        styles: STYLES,
        refreshSeconds: 60,
        scripts: ['/static/js/exhibitions/stand-now.js'],
        stand,
        clock: t(now),
        open: open && `${t(open.start)}–${t(open.end)}`,
        nextOpen:
          nextOpen &&
          screeningRows(
            [{ ...nextOpen, id: '', standId: '', mode: 'fixed', filmIds: [], updatedAt: now }],
            [],
            event.timeZone,
          )[0]?.when,
        onNow,
        next: next && person(next),
        nextScreening,
        zones: stand.zones.map((z) => ({
          ...z,
          project: z.projectId && names.projects.get(z.projectId),
        })),
        timeZone: event.timeZone,
      });
    }),
  );

  const staffGuard = requireCapability(STAFF_SCOPE, 'memberId', { allowRoles: ['comms'] });

  router.get(
    '/exhibitions/staff/:memberId',
    staffGuard,
    page(async (req, res) => {
      const found = await findTeamMember(String(req.params.memberId));
      if (!found) throw new AppError('not_found', 'Team member not found', 404);
      await renderStaff(req, res, found);
    }),
  );

  async function renderStaff(
    req: Request,
    res: Response,
    found: NonNullable<Awaited<ReturnType<typeof findTeamMember>>>,
    problem?: AppError,
  ) {
    const stand = await getStand(found.standId);
    const event = await getEvent(stand.eventId);
    const now = context.clock();
    const [open, shifts, names] = await Promise.all([
      listShiftsICanTake(stand.id, found.member.personId, now, duties),
      listShifts(stand.id),
      namesFor(stand),
    ]);
    const when = (s: { start: Date; end: Date }) =>
      screeningRows(
        [{ ...s, id: '', standId: '', mode: 'fixed', filmIds: [], updatedAt: now }],
        [],
        event.timeZone,
      )[0]?.when;
    const zone = (id?: string) => stand.zones.find((z) => z.id === id)?.name;
    const key = typeof req.query.key === 'string' ? req.query.key : undefined;
    render(
      req,
      res,
      'exhibitions/stand-staff',
      {
        title: 'My stand shifts',
        styles: STYLES,
        stand,
        name: names.people.get(found.member.personId),
        memberId: found.member.id,
        keyQuery: key ? `?key=${encodeURIComponent(key)}` : '',
        mine: shifts
          .filter(
            (s) => s.assignees.some((a) => a.personId === found.member.personId) && s.end > now,
          )
          .map((s) => ({
            id: s.id,
            when: when(s),
            zone: zone(s.zoneId),
            // Only a shift one took oneself can be given back here; the comms team assigns the rest.
            canLeave:
              s.start > now &&
              s.assignees.some((a) => a.personId === found.member.personId && a.self),
          })),
        open: open.map((o) => ({
          id: o.shift.id,
          when: when(o.shift),
          zone: zone(o.shift.zoneId),
          role: o.role,
          freePlaces: o.freePlaces,
        })),
        problem: problem && { message: problem.message },
      },
      problem?.status ?? 200,
    );
  }

  router.post('/exhibitions/staff/:memberId/take/:shiftId', staffGuard, async (req, res, next) => {
    const found = await findTeamMember(String(req.params.memberId)).catch(() => undefined);
    if (!found) return next(new AppError('not_found', 'Team member not found', 404));
    try {
      await signUpForShift(found.standId, String(req.params.shiftId), found.member.personId, {
        now: context.clock(),
        duties,
      });
      const key =
        typeof req.query.key === 'string' ? `?key=${encodeURIComponent(req.query.key)}` : '';
      res.redirect(303, `/exhibitions/staff/${found.member.id}${key}`);
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && err.status !== 404) {
        await renderStaff(req, res, found, err).catch(next);
        return;
      }
      next(err);
    }
  });

  router.post('/exhibitions/staff/:memberId/leave/:shiftId', staffGuard, async (req, res, next) => {
    const found = await findTeamMember(String(req.params.memberId)).catch(() => undefined);
    if (!found) return next(new AppError('not_found', 'Team member not found', 404));
    try {
      const shift = await getShift(found.standId, String(req.params.shiftId));
      const mine = shift.assignees.find((a) => a.personId === found.member.personId);
      if (!mine) throw new AppError('not_on_shift', 'You are not on this shift', 409);
      if (!mine.self)
        throw new AppError(
          'assigned_by_comms',
          'The comms team put you on this shift; ask them to change it',
          409,
        );
      if (shift.start <= context.clock())
        throw new AppError('shift_started', 'This shift has started; ask the comms team', 409);
      await leaveShift(found.standId, shift.id, found.member.personId);
      const key =
        typeof req.query.key === 'string' ? `?key=${encodeURIComponent(req.query.key)}` : '';
      res.redirect(303, `/exhibitions/staff/${found.member.id}${key}`);
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && err.status !== 404) {
        await renderStaff(req, res, found, err).catch(next);
        return;
      }
      next(err);
    }
  });

  return router;
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
