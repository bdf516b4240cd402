import { Schema, model, type Types } from 'mongoose';
import { CALENDAR_SCOPES, type CalendarScope } from './calendar-sources';

/**
 * A calendar subscription link: a revocable bearer token for one feed. Only the
 * token's sha256 is stored; the token itself is shown once, when the link is made.
 */
export type CalendarSubscriptionDoc = {
  _id: Types.ObjectId;
  ownerUserId: Types.ObjectId;
  scope: CalendarScope;
  resourceId: string;
  tokenHash: string;
  label: string;
  createdAt: Date;
  updatedAt: Date;
  revokedAt?: Date;
  lastUsedAt?: Date;
};

const calendarSubscriptionSchema = new Schema<CalendarSubscriptionDoc>(
  {
    ownerUserId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    scope: { type: String, enum: CALENDAR_SCOPES, required: true },
    resourceId: { type: String, required: true },
    tokenHash: { type: String, required: true },
    label: { type: String, required: true, trim: true, maxlength: 200 },
    revokedAt: { type: Date },
    lastUsedAt: { type: Date },
  },
  { timestamps: true },
);

// Every feed request looks its token up by hash.
calendarSubscriptionSchema.index({ tokenHash: 1 }, { unique: true });
// "My links", newest first.
calendarSubscriptionSchema.index({ ownerUserId: 1, createdAt: -1 });

export const CalendarSubscriptionModel = model<CalendarSubscriptionDoc>(
  'CalendarSubscription',
  calendarSubscriptionSchema,
);
