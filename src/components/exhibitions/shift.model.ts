import { Schema, model, type Types } from 'mongoose';
import { STAND_ROLES, type StandRole } from './stand.model';

/** The checks a shift can fail; comms users may override each with a reason. */
export const CHECK_TYPES = [
  'double_booked',
  'outside_opening_hours',
  'understaffed',
  'too_long',
  'screening_overlap',
] as const;
export type CheckType = (typeof CHECK_TYPES)[number];

export type ShiftNeedDoc = { role: StandRole; count: number };
export type AssigneeDoc = {
  personId: Types.ObjectId;
  role: StandRole;
  signedUpAt: Date;
  self: boolean;
};
export type OverrideDoc = {
  type: CheckType;
  personId?: Types.ObjectId;
  reason: string;
  by: string;
  at: Date;
};

export type ShiftDoc = {
  _id: Types.ObjectId;
  standId: Types.ObjectId;
  eventId: Types.ObjectId;
  start: Date;
  end: Date;
  zoneId?: Types.ObjectId;
  title?: string;
  needs: ShiftNeedDoc[];
  assignees: AssigneeDoc[];
  overrides: OverrideDoc[];
  /** Raised by every change: a PATCH naming an older version is refused (409). */
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

const shiftSchema = new Schema<ShiftDoc>(
  {
    standId: { type: Schema.Types.ObjectId, required: true },
    eventId: { type: Schema.Types.ObjectId, required: true },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    zoneId: { type: Schema.Types.ObjectId },
    title: { type: String, trim: true, maxlength: 120 },
    needs: {
      type: [
        new Schema<ShiftNeedDoc>(
          {
            role: { type: String, enum: STAND_ROLES, required: true },
            count: { type: Number, min: 0, max: 50, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    assignees: {
      type: [
        new Schema<AssigneeDoc>(
          {
            personId: { type: Schema.Types.ObjectId, required: true },
            role: { type: String, enum: STAND_ROLES, required: true },
            signedUpAt: { type: Date, required: true },
            self: { type: Boolean, default: false },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    overrides: {
      type: [
        new Schema<OverrideDoc>(
          {
            type: { type: String, enum: CHECK_TYPES, required: true },
            personId: { type: Schema.Types.ObjectId },
            reason: { type: String, required: true, maxlength: 500 },
            by: { type: String, required: true, maxlength: 200 },
            at: { type: Date, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    version: { type: Number, default: 1 },
  },
  { timestamps: true, versionKey: false },
);

shiftSchema.index({ standId: 1, start: 1 });
shiftSchema.index({ 'assignees.personId': 1, start: 1 });
// The reminder job scans upcoming shifts by start.
shiftSchema.index({ start: 1 });

export const ShiftModel = model<ShiftDoc>('StandShift', shiftSchema);
