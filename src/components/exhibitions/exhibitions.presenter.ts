import type { FilmDoc } from './film.model';
import type { MaterialDoc, MaterialKind, MaterialStatus } from './material.model';
import type { ScreeningDoc, ScreeningMode } from './screening.model';
import type { CheckType, ShiftDoc } from './shift.model';
import type { StandDoc, StandRole, ZoneItemKind, ZoneKind } from './stand.model';
import type { ZoneQrCodeView } from './zone-qr.service';

/** Documents → JSON for the API and pages: `id`, not `_id`; ids as strings. */

const str = (id: { toString(): string } | undefined) => id?.toString();

export type ZoneView = {
  id: string;
  kind: ZoneKind;
  name: string;
  description?: string;
  projectId?: string;
  items: { kind: ZoneItemKind; label: string; ref?: string }[];
  /** The registry's codes placed in this zone; present where the stand is read whole (getStand). */
  qrCodes?: ZoneQrCodeView[];
};
export type TeamMemberView = {
  id: string;
  personId: string;
  projectId: string;
  role: StandRole;
  phone?: string;
};
export type StandView = {
  id: string;
  eventId: string;
  clusterId?: string;
  name: string;
  hall?: string;
  standNumber?: string;
  floorAreaM2?: number;
  notes?: string;
  projects: { projectId: string; contactPersonId?: string }[];
  team: TeamMemberView[];
  zones: ZoneView[];
  openingHours: { start: Date; end: Date }[];
  minStaff: number;
  maxHoursPer24h: number;
  minRestHours: number;
  createdAt: Date;
  updatedAt: Date;
};

export function toStandView(doc: StandDoc): StandView {
  return {
    id: doc._id.toString(),
    eventId: doc.eventId.toString(),
    clusterId: str(doc.clusterId),
    name: doc.name,
    hall: doc.hall,
    standNumber: doc.standNumber,
    floorAreaM2: doc.floorAreaM2,
    notes: doc.notes,
    projects: doc.projects.map((p) => ({
      projectId: p.projectId.toString(),
      contactPersonId: str(p.contactPersonId),
    })),
    team: doc.team.map((m) => ({
      id: m._id.toString(),
      personId: m.personId.toString(),
      projectId: m.projectId.toString(),
      role: m.role,
      phone: m.phone,
    })),
    zones: doc.zones.map((z) => ({
      id: z._id.toString(),
      kind: z.kind,
      name: z.name,
      description: z.description,
      projectId: str(z.projectId),
      items: z.items.map((i) => ({ kind: i.kind, label: i.label, ref: i.ref })),
    })),
    openingHours: doc.openingHours.map((b) => ({ start: b.start, end: b.end })),
    minStaff: doc.minStaff,
    maxHoursPer24h: doc.maxHoursPer24h,
    minRestHours: doc.minRestHours,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export type ShiftView = {
  id: string;
  standId: string;
  eventId: string;
  start: Date;
  end: Date;
  zoneId?: string;
  title?: string;
  needs: { role: StandRole; count: number }[];
  assignees: { personId: string; role: StandRole; self: boolean }[];
  overrides: { type: CheckType; personId?: string; reason: string; by: string; at: Date }[];
  version: number;
  updatedAt: Date;
};

export function toShiftView(doc: ShiftDoc): ShiftView {
  return {
    id: doc._id.toString(),
    standId: doc.standId.toString(),
    eventId: doc.eventId.toString(),
    start: doc.start,
    end: doc.end,
    zoneId: str(doc.zoneId),
    title: doc.title,
    needs: doc.needs.map((n) => ({ role: n.role, count: n.count })),
    assignees: doc.assignees.map((a) => ({
      personId: a.personId.toString(),
      role: a.role,
      self: a.self,
    })),
    overrides: doc.overrides.map((o) => ({
      type: o.type,
      personId: str(o.personId),
      reason: o.reason,
      by: o.by,
      at: o.at,
    })),
    version: doc.version,
    updatedAt: doc.updatedAt,
  };
}

export type MaterialView = {
  id: string;
  standId: string;
  name: string;
  kind: MaterialKind;
  quantityNeeded: number;
  quantityPacked: number;
  quantityOnSite: number;
  ownerProjectId: string;
  status: MaterialStatus;
  dueDate?: string;
  notes?: string;
  /** Past its due date and not yet on site (or back). */
  late: boolean;
  updatedAt: Date;
};

export function toMaterialView(doc: MaterialDoc, late: boolean): MaterialView {
  return {
    id: doc._id.toString(),
    standId: doc.standId.toString(),
    name: doc.name,
    kind: doc.kind,
    quantityNeeded: doc.quantityNeeded,
    quantityPacked: doc.quantityPacked,
    quantityOnSite: doc.quantityOnSite,
    ownerProjectId: doc.ownerProjectId.toString(),
    status: doc.status,
    dueDate: doc.dueDate,
    notes: doc.notes,
    late,
    updatedAt: doc.updatedAt,
  };
}

export type FilmView = {
  id: string;
  standId: string;
  title: string;
  city?: string;
  projectId?: string;
  durationMinutes?: number;
  language?: string;
  subtitles?: string;
  url?: string;
};

export function toFilmView(doc: FilmDoc): FilmView {
  return {
    id: doc._id.toString(),
    standId: doc.standId.toString(),
    title: doc.title,
    city: doc.city,
    projectId: str(doc.projectId),
    durationMinutes: doc.durationMinutes,
    language: doc.language,
    subtitles: doc.subtitles,
    url: doc.url,
  };
}

export type ScreeningView = {
  id: string;
  standId: string;
  zoneId?: string;
  mode: ScreeningMode;
  filmIds: string[];
  start: Date;
  end: Date;
  updatedAt: Date;
};

export function toScreeningView(doc: ScreeningDoc): ScreeningView {
  return {
    id: doc._id.toString(),
    standId: doc.standId.toString(),
    zoneId: str(doc.zoneId),
    mode: doc.mode,
    filmIds: doc.filmIds.map((id) => id.toString()),
    start: doc.start,
    end: doc.end,
    updatedAt: doc.updatedAt,
  };
}
