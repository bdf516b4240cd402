import { Schema, model, type Types } from 'mongoose';

export const PROGRAMME_STATUSES = ['confirmed', 'cancelled'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];

/**
 * One entry of an event's programme. `start`/`end` are instants; for all-day items
 * they are local midnights in the event's time zone (end exclusive). `sequence` is
 * the iCalendar SEQUENCE: it goes up whenever attendees' calendars must move the
 * entry (time, place or cancellation), never for wording changes.
 */
export type ProgrammeItemDoc = {
  _id: Types.ObjectId;
  eventId: Types.ObjectId;
  title: string;
  description?: string;
  /** Where a fact comes from or why one is missing; for organisers only (never in calendars, print or e-mail). */
  sourceNote?: string;
  location?: string;
  start: Date;
  end: Date;
  allDay: boolean;
  status: ProgrammeStatus;
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
};

const programmeItemSchema = new Schema<ProgrammeItemDoc>(
  {
    eventId: { type: Schema.Types.ObjectId, ref: 'Event', required: true },
    title: { type: String, required: true, trim: true, maxlength: 200 },
    description: { type: String, maxlength: 5000 },
    sourceNote: { type: String, maxlength: 1000 },
    location: { type: String, trim: true, maxlength: 200 },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    allDay: { type: Boolean, default: false },
    status: { type: String, enum: PROGRAMME_STATUSES, default: 'confirmed' },
    sequence: { type: Number, default: 0, min: 0 },
  },
  { timestamps: true },
);

programmeItemSchema.pre('validate', function checkOrder() {
  if (this.start && this.end && this.end.getTime() <= this.start.getTime()) {
    this.invalidate('end', 'must be after start', this.end);
  }
});

// Programme of one event in time order (calendar feeds, printouts). Also the natural
// key: the same title starting at the same moment in one event is a double submission
// (a retried POST), not a second session, so it is refused (409 duplicate).
programmeItemSchema.index({ eventId: 1, start: 1, title: 1 }, { unique: true });

export const ProgrammeItemModel = model<ProgrammeItemDoc>('ProgrammeItem', programmeItemSchema);
