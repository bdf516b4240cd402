import { Schema, model, type Types } from 'mongoose';

/** Kinds of named areas on a stand; 'other' takes any name. */
export const ZONE_KINDS = [
  'resource-corner',
  'film-corner',
  'postcard-wall',
  'game-table',
  'meeting-table',
  'other',
] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

/** What a zone holds. QR codes and materials are plain references until their components link them. */
export const ZONE_ITEM_KINDS = ['qr-code', 'film', 'material', 'other'] as const;
export type ZoneItemKind = (typeof ZONE_ITEM_KINDS)[number];

/** Roles people take on a stand and that shifts need. */
export const STAND_ROLES = ['lead', 'booth', 'av', 'other'] as const;
export type StandRole = (typeof STAND_ROLES)[number];

export type ZoneItemDoc = { kind: ZoneItemKind; label: string; ref?: string };
export type ZoneDoc = {
  _id: Types.ObjectId;
  kind: ZoneKind;
  name: string;
  description?: string;
  projectId?: Types.ObjectId;
  items: ZoneItemDoc[];
};
export type TeamMemberDoc = {
  _id: Types.ObjectId;
  personId: Types.ObjectId;
  projectId: Types.ObjectId;
  role: StandRole;
  /** Printed on the rota only when asked for. */
  phone?: string;
};
export type StandProjectDoc = { projectId: Types.ObjectId; contactPersonId?: Types.ObjectId };
export type OpeningBlockDoc = { start: Date; end: Date };

export type StandDoc = {
  _id: Types.ObjectId;
  eventId: Types.ObjectId;
  clusterId?: Types.ObjectId;
  name: string;
  hall?: string;
  standNumber?: string;
  floorAreaM2?: number;
  notes?: string;
  projects: StandProjectDoc[];
  team: TeamMemberDoc[];
  zones: ZoneDoc[];
  /** Instants, sorted, never overlapping; days are the event's local days. */
  openingHours: OpeningBlockDoc[];
  /** People who must be on duty whenever the stand is open. */
  minStaff: number;
  /** `too_long`: more than this many hours on duty within 24 hours. */
  maxHoursPer24h: number;
  /** `too_long`: less rest than this between two duty days. */
  minRestHours: number;
  createdAt: Date;
  updatedAt: Date;
};

const objectId = { type: Schema.Types.ObjectId };

const zoneSchema = new Schema<ZoneDoc>({
  kind: { type: String, enum: ZONE_KINDS, required: true },
  name: { type: String, required: true, trim: true, maxlength: 120 },
  description: { type: String, maxlength: 2000 },
  projectId: objectId,
  items: {
    type: [
      new Schema<ZoneItemDoc>(
        {
          kind: { type: String, enum: ZONE_ITEM_KINDS, required: true },
          label: { type: String, required: true, maxlength: 200 },
          ref: { type: String, maxlength: 100 },
        },
        { _id: false },
      ),
    ],
    default: [],
  },
});

const teamMemberSchema = new Schema<TeamMemberDoc>({
  personId: { ...objectId, required: true },
  projectId: { ...objectId, required: true },
  role: { type: String, enum: STAND_ROLES, required: true },
  phone: { type: String, maxlength: 40 },
});

const standSchema = new Schema<StandDoc>(
  {
    eventId: { ...objectId, required: true },
    clusterId: objectId,
    name: { type: String, required: true, trim: true, maxlength: 200 },
    hall: { type: String, trim: true, maxlength: 100 },
    standNumber: { type: String, trim: true, maxlength: 40 },
    floorAreaM2: { type: Number, min: 0, max: 100000 },
    notes: { type: String, maxlength: 5000 },
    projects: {
      type: [
        new Schema<StandProjectDoc>(
          { projectId: { ...objectId, required: true }, contactPersonId: objectId },
          { _id: false },
        ),
      ],
      default: [],
    },
    team: { type: [teamMemberSchema], default: [] },
    zones: { type: [zoneSchema], default: [] },
    openingHours: {
      type: [
        new Schema<OpeningBlockDoc>(
          { start: { type: Date, required: true }, end: { type: Date, required: true } },
          { _id: false },
        ),
      ],
      default: [],
    },
    minStaff: { type: Number, min: 0, max: 100, default: 1 },
    maxHoursPer24h: { type: Number, min: 1, max: 24, default: 10 },
    minRestHours: { type: Number, min: 0, max: 24, default: 11 },
  },
  { timestamps: true },
);

// One stand name per event: seeds and retried POSTs find the stand they mean.
standSchema.index({ eventId: 1, name: 1 }, { unique: true });
standSchema.index({ 'team.personId': 1 });
standSchema.index({ 'projects.projectId': 1 });
standSchema.index({ 'team._id': 1 });

export const StandModel = model<StandDoc>('Stand', standSchema);
