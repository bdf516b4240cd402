import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { idParam } from '../../lib/http/params';
import { MATERIAL_KINDS, MATERIAL_STATUSES } from './material.model';
import { STAND_ROLES } from './stand.model';
import { localInstant } from './time';

/** What the planner's forms post, and the route parameters of its pages. */

export const standParams = z.object({ id: idParam('Stand') });
export const shiftParams = standParams.extend({ shiftId: idParam('Shift') });
export const materialParams = standParams.extend({ materialId: idParam('Material') });

const time = z.string().regex(/^\d{2}:\d{2}$/, 'must be a time HH:MM');
export const day = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
const count = z.coerce.number().int().min(0).max(50);
const role = z.enum(STAND_ROLES);
const people = z.union([z.string(), z.array(z.string())]).optional();

export const shiftForm = z.object({
  _csrf: z.string().optional(),
  day,
  from: time,
  to: time,
  zoneId: z.string().optional(),
  role,
  count,
  assignees: people,
});
export const editShiftForm = z.object({
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
  assignees: people,
});
export const confirmForm = z.object({
  _csrf: z.string().optional(),
  day: day.optional(),
  confirm: z.literal('true').optional(),
});
export const bulkForm = z.object({
  _csrf: z.string().optional(),
  day: z.union([day, z.literal('all')]),
  blockMinutes: z.coerce.number().int().min(15).max(1440),
  role,
  count: count.min(1),
});
export const hoursForm = z.object({ _csrf: z.string().optional(), day, from: time, to: time });
export const removeHoursForm = z.object({ _csrf: z.string().optional(), day, start: z.string() });
export const overrideForm = z.object({
  _csrf: z.string().optional(),
  day,
  shiftId: z.string(),
  type: z.string(),
  personId: z.string().optional(),
  reason: z.string().trim().min(1, 'give a reason').max(500),
});
export const materialForm = z.object({
  _csrf: z.string().optional(),
  day: day.optional(),
  name: z.string().trim().min(1).max(200),
  ownerProjectId: z.string(),
  quantityNeeded: count.max(1_000_000),
  dueDate: z.union([day, z.literal('')]).optional(),
});
export const editMaterialForm = z.object({
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
export const statusForm = z.object({
  _csrf: z.string().optional(),
  day: day.optional(),
  status: z.enum(MATERIAL_STATUSES),
});

export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * A day's `from`–`to` in the event's zone; a `to` at or before `from` ends the next
 * day. A wall-clock time the zone skips (a DST gap) is a problem at `from`.
 */
export function localSpan(
  form: { day: string; from: string; to: string },
  timeZone: string,
): { start: Date; end: Date } {
  const start = localInstant(form.day, form.from, timeZone);
  const end = localInstant(form.to <= form.from ? nextDay(form.day) : form.day, form.to, timeZone);
  if (!start || !end)
    throw new AppError('validation_failed', 'That time does not exist on this day', 400, {
      errors: [{ path: 'from', message: 'not a time on this day' }],
    });
  return { start, end };
}

/** A form's one-or-many people field as a list. */
export const listOf = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
