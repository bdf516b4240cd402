import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { currentUser } from '../../lib/http/access';
import { parseBody } from '../../lib/http/validate';
import { getEvent } from '../events';
import { setOpeningHours } from './opening-hours.service';
import type { PlannerKit } from './planner-kit';
import {
  bulkForm,
  confirmForm,
  editShiftForm,
  hoursForm,
  listOf,
  localSpan,
  overrideForm,
  removeHoursForm,
  shiftForm,
  shiftParams,
  standParams,
} from './planner-forms';
import {
  createShift,
  createShiftsFromPattern,
  deleteShift,
  getShift,
  overrideCheck,
  updateShift,
} from './shifts.service';
import { STAND_ROLES } from './stand.model';
import { localDate } from './time';

/** The planner's rota: shifts (one, a pattern, edits, deletes), opening hours, check overrides. */
export function mountShiftPages(kit: PlannerKit): void {
  const { pages, reader: guards, managesStand: policy, plannerForm, context, duties } = kit;
  const zoneOf = async (req: Parameters<typeof kit.standOf>[0], standId: string) =>
    (await getEvent((await kit.standOf(req, standId)).eventId)).timeZone;

  pages.post(
    '/stands/:id/shifts',
    { guards, params: standParams, policy },
    plannerForm(async (req, standId) => {
      const form = parseBody(shiftForm, req);
      const { start, end } = localSpan(form, await zoneOf(req, standId));
      await createShift(
        standId,
        {
          start,
          end,
          zoneId: form.zoneId || undefined,
          needs: [{ role: form.role, count: form.count }],
          assignees: listOf(form.assignees),
        },
        context.clock(),
        duties,
      );
      return form.day;
    }),
  );

  pages.post(
    '/stands/:id/shifts/bulk',
    { guards, params: standParams, policy },
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

  pages.post(
    '/stands/:id/shifts/:shiftId',
    { guards, params: shiftParams, policy },
    plannerForm<z.output<typeof shiftParams>>(async (req, standId, params) => {
      const form = parseBody(editShiftForm, req);
      const timeZone = await zoneOf(req, standId);
      const { start, end } = localSpan(form, timeZone);
      const counts = {
        lead: form.count_lead,
        booth: form.count_booth,
        av: form.count_av,
        other: form.count_other,
      };
      // The version the form was made from: a change by someone else meanwhile is a 409, not overwritten.
      await updateShift(
        standId,
        params.shiftId,
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
          assignees: listOf(form.assignees),
        },
        context.clock(),
        duties,
      );
      return localDate(start, timeZone);
    }),
  );

  /** The first press asks; the second (confirm=true) deletes. */
  pages.post(
    '/stands/:id/shifts/:shiftId/delete',
    { guards, params: shiftParams, policy },
    async (req, res, { params }) => {
      const standId = params.id;
      const stand = await kit.standOf(req, standId);
      const form = parseBody(confirmForm, req);
      const shift = await getShift(standId, params.shiftId);
      if (form.confirm !== 'true') {
        await kit.renderPlanner(req, res, standId, form.day, undefined, {
          confirmDeleteShift: shift.id,
        });
        return;
      }
      await deleteShift(standId, shift.id);
      res.redirect(303, `/stands/${stand.id}${form.day ? `?day=${form.day}` : ''}#planner`);
    },
  );

  pages.post(
    '/stands/:id/opening-hours/remove',
    { guards, params: standParams, policy },
    plannerForm(async (req, standId) => {
      const form = parseBody(removeHoursForm, req);
      const stand = await kit.standOf(req, standId);
      const kept = stand.openingHours.filter((b) => b.start.toISOString() !== form.start);
      if (kept.length === stand.openingHours.length)
        throw new AppError('not_found', 'These opening hours are gone already', 404);
      await setOpeningHours(standId, kept);
      return form.day;
    }),
  );

  pages.post(
    '/stands/:id/opening-hours',
    { guards, params: standParams, policy },
    plannerForm(async (req, standId) => {
      const form = parseBody(hoursForm, req);
      const stand = await kit.standOf(req, standId);
      const { start, end } = localSpan(form, await zoneOf(req, standId));
      await setOpeningHours(standId, [...stand.openingHours, { start, end }]);
      return form.day;
    }),
  );

  pages.post(
    '/stands/:id/overrides',
    { guards, params: standParams, policy },
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
}
