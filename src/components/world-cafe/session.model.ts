import { Schema, model, type Types } from 'mongoose';

export const WALL_ACCESS = ['public', 'link'] as const;
export type WallAccess = (typeof WALL_ACCESS)[number];

export type PersonRef = { name: string; email?: string };

/**
 * A World Café session of one event. Its calendar entry is a programme item of the
 * event (`programmeItemId`), so the event's feed and printouts show it; start/end are
 * kept here too because the capture page and reports need them without a second read.
 */
export type SessionDoc = {
  _id: Types.ObjectId;
  eventId: Types.ObjectId;
  programmeItemId?: Types.ObjectId;
  title: string;
  room?: string;
  start: Date;
  end: Date;
  /** True when the day or hour is unknown (the seeded 2025 session). */
  allDay: boolean;
  /** Unset when unknown (the source report gives no format). */
  format: { rounds?: number; roundMinutes?: number; breakMinutes?: number };
  /** The people who run the session, as invitations and duties name them. */
  facilitators: PersonRef[];
  /** The facilitator accounts that may act on this session (capture, read, its wall). */
  facilitatorIds: Types.ObjectId[];
  languages: string[];
  wallAccess: WallAccess;
  synthesis: {
    themes: string[];
    nextSteps: string[];
    text?: string;
    publishedAt?: Date;
  };
  /** When the outcome report was sent to consenting participants (once). */
  reportSentAt?: Date;
  createdAt: Date;
  updatedAt: Date;
};

const personRef = new Schema<PersonRef>(
  {
    name: { type: String, required: true, trim: true, maxlength: 200 },
    email: { type: String, trim: true, lowercase: true, maxlength: 320 },
  },
  { _id: false },
);

const sessionSchema = new Schema<SessionDoc>(
  {
    eventId: { type: Schema.Types.ObjectId, required: true },
    programmeItemId: { type: Schema.Types.ObjectId },
    title: { type: String, required: true, trim: true, maxlength: 200 },
    room: { type: String, trim: true, maxlength: 200 },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    allDay: { type: Boolean, default: false },
    format: {
      rounds: { type: Number, min: 1, max: 10 },
      roundMinutes: { type: Number, min: 1, max: 240 },
      breakMinutes: { type: Number, min: 0, max: 120 },
    },
    facilitators: { type: [personRef], default: [] },
    facilitatorIds: { type: [Schema.Types.ObjectId], default: [] },
    languages: { type: [String], default: [] },
    wallAccess: { type: String, enum: WALL_ACCESS, default: 'public' },
    synthesis: {
      themes: { type: [String], default: [] },
      nextSteps: { type: [String], default: [] },
      text: { type: String, maxlength: 20000 },
      publishedAt: { type: Date },
    },
    reportSentAt: { type: Date },
  },
  { timestamps: true },
);

// Sessions of an event in time order; the title is the natural key within an event (seeds, retried POSTs).
sessionSchema.index({ eventId: 1, title: 1 }, { unique: true });
sessionSchema.index({ eventId: 1, start: 1 });
// "The sessions I facilitate".
sessionSchema.index({ facilitatorIds: 1 });

export const WorldCafeSessionModel = model<SessionDoc>('WorldCafeSession', sessionSchema);
