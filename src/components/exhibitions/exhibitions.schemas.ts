import { z } from 'zod';
import { objectId } from '../../lib/http/validate';
import { MATERIAL_KINDS, MATERIAL_STATUSES } from './material.model';
import { SCREENING_MODES } from './screening.model';
import { CHECK_TYPES } from './shift.model';
import { STAND_ROLES, ZONE_ITEM_KINDS, ZONE_KINDS } from './stand.model';

/** Request bodies of the exhibitions API. Strict: an unknown field is named in the 400. */

/** An instant with its offset ('2025-05-07T10:00:00+03:00' or '…Z'), never a floating local time. */
export const isoInstant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset or Z' })
  .transform((value) => new Date(value));
const calendarDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();
const role = z.enum(STAND_ROLES);

/** QR codes are not items: they are placed from the registry with `qrCodeIds`. */
const zoneItem = z.strictObject({
  kind: z.enum(ZONE_ITEM_KINDS.filter((k) => k !== 'qr-code') as ['film', 'material', 'other'], {
    message: 'must be film, material or other (QR codes go in qrCodeIds)',
  }),
  label: text(200),
  /** A film id or material id, kept as a plain string. */
  ref: optionalText(100),
});
export const zoneBody = z.strictObject({
  kind: z.enum(ZONE_KINDS),
  name: text(120),
  description: optionalText(2000),
  projectId: objectId.optional(),
  items: z.array(zoneItem).max(200).default([]),
  /** Registered QR codes of the event that hang in this zone (the registry keeps the placement). */
  qrCodeIds: z.array(objectId).max(200).optional(),
});
export type ZoneInput = z.output<typeof zoneBody>;
export const updateZoneBody = z
  .strictObject({ ...zoneBody.shape, items: z.array(zoneItem).max(200) })
  .partial();

const standFields = {
  name: text(200),
  clusterId: objectId.optional(),
  hall: optionalText(100),
  standNumber: optionalText(40),
  floorAreaM2: z.number().min(0).max(100000).optional(),
  notes: optionalText(5000),
  projectIds: z.array(objectId).max(30),
  /** One contact person per project. */
  contacts: z
    .array(z.strictObject({ projectId: objectId, personId: objectId }))
    .max(30)
    .optional(),
  minStaff: z.int().min(0).max(100),
  maxHoursPer24h: z.number().min(1).max(24),
  minRestHours: z.number().min(0).max(24),
};
export const createStandBody = z.strictObject({
  ...standFields,
  minStaff: standFields.minStaff.default(1),
  maxHoursPer24h: standFields.maxHoursPer24h.default(10),
  minRestHours: standFields.minRestHours.default(11),
  zones: z.array(zoneBody).max(30).default([]),
});
export type CreateStandInput = z.input<typeof createStandBody>;
/** In an update, `floorAreaM2: null` clears the floor area. */
export const updateStandBody = z
  .strictObject({ ...standFields, floorAreaM2: z.number().min(0).max(100000).nullable() })
  .partial();
export type UpdateStandInput = z.output<typeof updateStandBody>;

const block = z.strictObject({ start: isoInstant, end: isoInstant });
export const openingHoursBody = z.strictObject({ blocks: z.array(block).max(100) });
export type OpeningHoursInput = z.input<typeof openingHoursBody>;

export const teamMemberBody = z.strictObject({
  personId: objectId,
  projectId: objectId,
  role,
  phone: optionalText(40),
});
export type TeamMemberInput = z.output<typeof teamMemberBody>;

const need = z.strictObject({ role, count: z.int().min(0).max(50) });
/** A person by id, or with the role they fill (default: their team role). */
const assignee = z.union([objectId, z.strictObject({ personId: objectId, role: role.optional() })]);
export type AssigneeInput = z.output<typeof assignee>;

export const shiftBody = z.strictObject({
  start: isoInstant,
  end: isoInstant,
  zoneId: objectId.optional(),
  title: optionalText(120),
  needs: z.array(need).max(10).default([]),
  assignees: z.array(assignee).max(50).default([]),
});
type ShiftOutput = z.output<typeof shiftBody>;
export type ShiftInput = Omit<ShiftOutput, 'needs' | 'assignees'> &
  Partial<Pick<ShiftOutput, 'needs' | 'assignees'>>;

export const updateShiftBody = z.strictObject({
  /** The version the client last saw; an older one is refused with 409 version_conflict. */
  version: z.int().min(1),
  start: isoInstant.optional(),
  end: isoInstant.optional(),
  zoneId: objectId.nullable().optional(),
  title: optionalText(120),
  needs: z.array(need).max(10).optional(),
  assignees: z.array(assignee).max(50).optional(),
});
export type UpdateShiftInput = z.output<typeof updateShiftBody>;

export const bulkShiftsBody = z.strictObject({
  /** Length of each block; the last block of an opening stretch ends with it. */
  blockMinutes: z
    .int()
    .min(15)
    .max(24 * 60),
  /** Local dates; default: every day of the event. */
  days: z.array(calendarDate).max(60).optional(),
  zoneId: objectId.optional(),
  needs: z.array(need).min(1).max(10),
});
export type BulkShiftsInput = z.input<typeof bulkShiftsBody>;

export const overrideBody = z.strictObject({
  type: z.enum(CHECK_TYPES),
  personId: objectId.optional(),
  reason: text(500),
});
export type OverrideInput = z.output<typeof overrideBody>;

export const signUpBody = z.strictObject({ personId: objectId, role: role.optional() });

export const deleteTeamMemberQuery = z.object({
  /** Also take the person off every shift: the explicit confirmation of a cascade. */
  cascade: z.enum(['true', 'false']).default('false'),
});

export const materialBody = z.strictObject({
  name: text(200),
  kind: z.enum(MATERIAL_KINDS).default('other'),
  quantityNeeded: z.int().min(0).max(1_000_000).default(0),
  quantityPacked: z.int().min(0).max(1_000_000).default(0),
  quantityOnSite: z.int().min(0).max(1_000_000).default(0),
  ownerProjectId: objectId,
  status: z.enum(MATERIAL_STATUSES).default('to-order'),
  dueDate: calendarDate.optional(),
  notes: optionalText(2000),
});
export type MaterialInput = z.input<typeof materialBody>;
export const updateMaterialBody = z
  .strictObject({
    name: text(200),
    kind: z.enum(MATERIAL_KINDS),
    quantityNeeded: z.int().min(0).max(1_000_000),
    quantityPacked: z.int().min(0).max(1_000_000),
    quantityOnSite: z.int().min(0).max(1_000_000),
    ownerProjectId: objectId,
    status: z.enum(MATERIAL_STATUSES),
    dueDate: calendarDate.nullable(),
    notes: optionalText(2000),
  })
  .partial();
export type UpdateMaterialInput = z.output<typeof updateMaterialBody>;

export const filmBody = z.strictObject({
  title: text(200),
  city: optionalText(100),
  projectId: objectId.optional(),
  durationMinutes: z.int().min(1).max(600).optional(),
  language: optionalText(40),
  subtitles: optionalText(80),
  url: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
});
export type FilmInput = z.output<typeof filmBody>;
export const updateFilmBody = filmBody.partial();

export const screeningBody = z.strictObject({
  mode: z.enum(SCREENING_MODES),
  filmIds: z.array(objectId).min(1).max(50),
  zoneId: objectId.optional(),
  start: isoInstant,
  /** Required for loops and for films without a duration. */
  end: isoInstant.optional(),
});
export type ScreeningInput = z.output<typeof screeningBody>;
export const updateScreeningBody = screeningBody.partial();
