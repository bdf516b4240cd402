import { Schema, model, type Types } from 'mongoose';

/**
 * `named`: one kit to one (possibly anonymous) recipient. `aggregate`: a tally without
 * people ("more than 250 kits"), a first-class record so reports add paper tallies
 * and named hand-outs honestly.
 */
export const HAND_OUT_KINDS = ['named', 'aggregate'] as const;
export type HandOutKind = (typeof HAND_OUT_KINDS)[number];
/** How a tally's figure reads: exactly, at least, or more than. */
export const COUNT_QUALIFIERS = ['exact', 'at-least', 'more-than'] as const;
export type CountQualifier = (typeof COUNT_QUALIFIERS)[number];
export const HAND_OUT_SOURCES = ['stand', 'import', 'report', 'api'] as const;
export type HandOutSource = (typeof HAND_OUT_SOURCES)[number];

export type Consent = { given: boolean; textVersion: string; at: Date; withdrawnAt?: Date };

export type HandOutDoc = {
  _id: Types.ObjectId;
  kind: HandOutKind;
  kitTypeId: Types.ObjectId;
  kitId?: Types.ObjectId;
  eventId?: Types.ObjectId;
  recipientId?: Types.ObjectId;
  /** The id the phone drew: a repeat of the same entry is answered with this hand-out. */
  clientId?: string;
  count: number;
  countQualifier: CountQualifier;
  /** Kept apart from the recipient for the counts by place, which stay after anonymising. */
  city?: string;
  country?: string;
  consents: { followUp: Consent; newsletter: Consent };
  /** When; a tally may go without one (the source names only the event). */
  handedOutAt?: Date;
  handedOutBy?: Types.ObjectId;
  source: HandOutSource;
  note?: string;
  /** Follow-ups claimed for sending, by week number (each at most once). */
  followUpsSent: number[];
  /** In follow-up e-mails: lets the reader unsubscribe or report a play without an account. */
  mailToken?: string;
  /** The recipient confirmed or corrected their details. */
  confirmedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
};

const consentSchema = new Schema<Consent>(
  {
    given: { type: Boolean, required: true },
    textVersion: { type: String, required: true, maxlength: 50 },
    at: { type: Date, required: true },
    withdrawnAt: { type: Date },
  },
  { _id: false },
);

const handOutSchema = new Schema<HandOutDoc>(
  {
    kind: { type: String, enum: HAND_OUT_KINDS, required: true },
    kitTypeId: { type: Schema.Types.ObjectId, required: true },
    kitId: { type: Schema.Types.ObjectId },
    eventId: { type: Schema.Types.ObjectId },
    recipientId: { type: Schema.Types.ObjectId },
    clientId: { type: String, maxlength: 64 },
    count: { type: Number, required: true, min: 1 },
    countQualifier: { type: String, enum: ['exact', 'at-least', 'more-than'], default: 'exact' },
    city: { type: String, maxlength: 100 },
    country: { type: String, maxlength: 2 },
    consents: {
      followUp: { type: consentSchema, required: true },
      newsletter: { type: consentSchema, required: true },
    },
    handedOutAt: {
      type: Date,
      required: function (this: { kind: HandOutKind }) {
        return this.kind === 'named';
      },
    },
    handedOutBy: { type: Schema.Types.ObjectId },
    source: { type: String, enum: HAND_OUT_SOURCES, required: true },
    note: { type: String, maxlength: 2000 },
    followUpsSent: { type: [Number], default: [] },
    mailToken: { type: String },
    confirmedAt: { type: Date },
  },
  { timestamps: true },
);
// A queued entry sent twice (two tabs, a retry after a lost answer) is stored once.
handOutSchema.index(
  { clientId: 1 },
  { unique: true, partialFilterExpression: { clientId: { $type: 'string' } } },
);
handOutSchema.index(
  { mailToken: 1 },
  { unique: true, partialFilterExpression: { mailToken: { $type: 'string' } } },
);
handOutSchema.index({ 'consents.followUp.given': 1, handedOutAt: 1 });
handOutSchema.index({ kitTypeId: 1, handedOutAt: -1 });
handOutSchema.index({ kitId: 1 });
handOutSchema.index({ recipientId: 1 });
handOutSchema.index({ eventId: 1 });

export const HandOutModel = model<HandOutDoc>('KitHandOut', handOutSchema, 'kitHandOuts');
