import { Schema, model, type Types } from 'mongoose';

/** What a feedback form on a public page is about. */
export const FEEDBACK_SUBJECTS = ['resource', 'postcard', 'event', 'qr'] as const;
export type FeedbackSubject = (typeof FEEDBACK_SUBJECTS)[number];

export type FeedbackDoc = {
  _id: Types.ObjectId;
  subject: FeedbackSubject;
  subjectId: Types.ObjectId;
  /** The code the visitor came through, when they came through one. */
  qrCodeId?: Types.ObjectId;
  rating: number;
  comment?: string;
  /** Only with `contactConsent`: the visitor agreed to be contacted about their feedback. */
  email?: string;
  contactConsent: boolean;
  createdAt: Date;
};

const feedbackSchema = new Schema<FeedbackDoc>(
  {
    subject: { type: String, enum: FEEDBACK_SUBJECTS, required: true },
    subjectId: { type: Schema.Types.ObjectId, required: true },
    qrCodeId: { type: Schema.Types.ObjectId },
    rating: { type: Number, required: true, min: 1, max: 5 },
    comment: { type: String, maxlength: 2000 },
    email: { type: String, maxlength: 254 },
    contactConsent: { type: Boolean, default: false },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
feedbackSchema.index({ subject: 1, subjectId: 1, createdAt: -1 });
feedbackSchema.index({ qrCodeId: 1, createdAt: -1 });
export const FeedbackModel = model<FeedbackDoc>('QrFeedback', feedbackSchema, 'qrFeedback');

/**
 * Visitor form limits, shared by every app process: one row per visitor key and
 * window, counted with $inc, expired by TTL.
 */
export type FormLimitDoc = { key: string; windowStart: Date; count: number; expiresAt: Date };
const formLimitSchema = new Schema<FormLimitDoc>(
  {
    key: { type: String, required: true },
    windowStart: { type: Date, required: true },
    count: { type: Number, default: 0 },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
formLimitSchema.index({ key: 1, windowStart: 1 }, { unique: true });
formLimitSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
export const FormLimitModel = model<FormLimitDoc>('QrFormLimit', formLimitSchema, 'qrFormLimits');
