import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { checkForm, listField, numberField, optionalField } from '../../lib/forms';
import { idParam, slugParam } from '../../lib/http/params';
import { SCREENING_MODES } from './screening.model';
import { STAND_ROLES, ZONE_KINDS } from './stand.model';
import { nextDay } from './planner-forms';
import { localInstant } from './time';

/** What the stand set-up forms post, and the route parameters of their pages. */

export const setupParams = z.object({ id: idParam('Stand') });
export const zoneParams = setupParams.extend({ zoneId: slugParam('Zone') });
export const teamParams = setupParams.extend({ personId: slugParam('Team member') });
export const filmParams = setupParams.extend({ filmId: slugParam('Film') });
export const screeningParams = setupParams.extend({ screeningId: slugParam('Screening') });
export const newStandQuery = z.object({ eventId: z.string().optional().catch(undefined) });

export const standForm = z.object({
  _csrf: z.string().optional(),
  eventId: z.string().min(1, 'choose an event'),
  name: z.string().trim().min(1, 'give the stand a name').max(200),
  hall: optionalField(z.string().trim().max(100)),
  standNumber: optionalField(z.string().trim().max(40)),
  minStaff: z.coerce.number({ message: 'must be a number' }).int().min(0).max(100),
  projectIds: listField(z.array(z.string()).min(1, 'choose at least one project')),
});
export const detailsForm = z.object({
  _csrf: z.string().optional(),
  name: z.string().trim().min(1, 'give the stand a name').max(200),
  hall: z.string().trim().max(100).default(''),
  standNumber: z.string().trim().max(40).default(''),
  floorAreaM2: optionalField(z.coerce.number({ message: 'must be a number' }).min(0).max(100000)),
  notes: z.string().trim().max(5000).default(''),
  minStaff: numberField(z.number().int('must be a whole number').min(0).max(100)),
  maxHoursPer24h: numberField(z.number().min(1, 'at least 1').max(24, 'at most 24')),
  minRestHours: numberField(z.number().min(0).max(24, 'at most 24')),
});
export const zoneForm = z.object({
  _csrf: z.string().optional(),
  kind: z.enum(ZONE_KINDS, { message: 'choose a kind of zone' }),
  name: z.string().trim().min(1, 'give the zone a name').max(120),
  description: optionalField(z.string().trim().max(2000)),
  projectId: optionalField(z.string()),
  qrCodeIds: listField(z.array(z.string())),
});
export const teamForm = z.object({
  _csrf: z.string().optional(),
  personId: z.string().min(1, 'choose a person'),
  projectId: z.string().min(1, 'choose their project'),
  role: z.enum(STAND_ROLES, { message: 'choose a role' }),
  phone: optionalField(z.string().trim().max(40, 'at most 40 characters')),
});
export const removeForm = z.object({
  _csrf: z.string().optional(),
  cascade: z.literal('true').optional(),
});
const deleteForm = z.object({
  _csrf: z.string().optional(),
  confirm: z.literal('true').optional(),
});
export const filmForm = z.object({
  _csrf: z.string().optional(),
  title: z.string().trim().min(1, 'give the film a title').max(200),
  city: optionalField(z.string().trim().max(100)),
  durationMinutes: optionalField(
    z.coerce.number({ message: 'must be a number of minutes' }).int().min(1).max(600),
  ),
  language: optionalField(z.string().trim().max(40)),
  subtitles: optionalField(z.string().trim().max(80)),
  url: optionalField(
    z.url({ protocol: /^https?$/, message: 'must be a web address (https://…)' }).max(500),
  ),
});
const time = z.string().regex(/^\d{2}:\d{2}$/, 'must be a time HH:MM');
export const screeningForm = z.object({
  _csrf: z.string().optional(),
  mode: z.enum(SCREENING_MODES, { message: 'choose fixed or loop' }),
  filmIds: listField(z.array(z.string()).min(1, 'choose at least one film')),
  zoneId: optionalField(z.string()),
  day: z.iso.date({ message: 'choose a day' }),
  from: time,
  to: optionalField(time),
});

/** Parses a set-up form; 400 `validation_failed` naming the fields otherwise. */
export const parseSetupForm = <S extends z.ZodType>(schema: S, body: unknown): z.output<S> =>
  checkForm(schema, body, 'Some fields need a fix');

/** The API's instants are the form's day + time fields. */
export const setupFieldOf = (path: string) => {
  const first = path.split('.')[0] ?? '';
  return first === 'start' ? 'from' : first === 'end' ? 'to' : first;
};

/** A delete form's first press only asks (409 `confirmation_required`, shown at the item). */
export function requireConfirmation(body: unknown, question: string): void {
  if (parseSetupForm(deleteForm, body).confirm !== 'true') {
    throw new AppError('confirmation_required', question, 409);
  }
}

/** The form's day and clock times → instants; an end before the start is on the next day. */
export function screeningTimes(
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
