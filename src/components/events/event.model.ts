import { DateTime } from 'luxon';
import { Schema, model, type Types } from 'mongoose';
import { SLUG_PATTERN, isCalendarDate, isCountryCode, isTimeZone } from './values';

export const EVENT_KINDS = ['conference', 'meeting', 'festival', 'exhibition', 'other'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/**
 * How exact the dates are. 'month' means only the month is known (e.g. "Bruges,
 * October 2026"): startDate is the first and endDate the last day of that month, and
 * pages show the month with "exact dates to be confirmed" rather than a made-up day.
 */
export const DATE_PRECISIONS = ['day', 'month'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export type EventDoc = {
  _id: Types.ObjectId;
  name: string;
  slug: string;
  kind: EventKind;
  venue?: string;
  city: string;
  country: string;
  /** The event's local calendar dates, 'YYYY-MM-DD', inclusive. */
  startDate: string;
  endDate: string;
  datePrecision: DatePrecision;
  timeZone: string;
  organiser?: string;
  description?: string;
  /** Where a fact comes from or why one is missing; for organisers only (never in calendars, print or e-mail). */
  sourceNote?: string;
  url?: string;
  /** e.g. "Invitation-only". */
  accessNote?: string;
  clusterIds: Types.ObjectId[];
  createdAt: Date;
  updatedAt: Date;
};

const eventSchema = new Schema<EventDoc>(
  {
    name: { type: String, required: true, trim: true, maxlength: 200 },
    slug: { type: String, required: true, unique: true, match: SLUG_PATTERN, maxlength: 100 },
    kind: { type: String, enum: EVENT_KINDS, default: 'conference' },
    venue: { type: String, trim: true, maxlength: 200 },
    city: { type: String, required: true, trim: true, maxlength: 100 },
    country: {
      type: String,
      required: true,
      validate: { validator: isCountryCode, message: 'must be an ISO 3166-1 alpha-2 code' },
    },
    startDate: {
      type: String,
      required: true,
      validate: { validator: isCalendarDate, message: 'must be a date YYYY-MM-DD' },
    },
    endDate: {
      type: String,
      required: true,
      validate: { validator: isCalendarDate, message: 'must be a date YYYY-MM-DD' },
    },
    datePrecision: { type: String, enum: DATE_PRECISIONS, default: 'day' },
    timeZone: {
      type: String,
      required: true,
      validate: { validator: isTimeZone, message: 'must be an IANA time zone' },
    },
    organiser: { type: String, trim: true, maxlength: 200 },
    description: { type: String, maxlength: 5000 },
    sourceNote: { type: String, maxlength: 1000 },
    url: { type: String, maxlength: 500 },
    accessNote: { type: String, maxlength: 200 },
    clusterIds: { type: [{ type: Schema.Types.ObjectId, ref: 'Cluster' }], default: [] },
  },
  { timestamps: true },
);

// 'YYYY-MM-DD' strings sort like the dates they name.
eventSchema.pre('validate', function checkDates() {
  if (!isCalendarDate(this.startDate ?? '') || !isCalendarDate(this.endDate ?? '')) return;
  if (this.endDate < this.startDate) {
    this.invalidate('endDate', 'must be on or after startDate', this.endDate);
  } else if (this.datePrecision === 'month') {
    // A month-precision event spans whole months, so no single day is implied.
    if (!this.startDate.endsWith('-01')) {
      this.invalidate('startDate', 'must be the first day of a month when datePrecision is month');
    }
    if (this.endDate !== lastDayOfMonth(this.endDate)) {
      this.invalidate('endDate', 'must be the last day of a month when datePrecision is month');
    }
  }
});

function lastDayOfMonth(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).endOf('month').toISODate() ?? date;
}

eventSchema.index({ startDate: 1 });
eventSchema.index({ country: 1, startDate: 1 });
eventSchema.index({ clusterIds: 1 });

export const EventModel = model<EventDoc>('Event', eventSchema);
