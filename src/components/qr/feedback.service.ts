import { Types } from 'mongoose';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import {
  FeedbackModel,
  FormLimitModel,
  type FeedbackDoc,
  type FeedbackSubject,
} from './feedback.model';
import { FEEDBACK_SUBJECTS } from './feedback.model';

/** The public feedback form, as posted (urlencoded). */
export const feedbackForm = z.object({
  subject: z.enum(FEEDBACK_SUBJECTS),
  subjectId: z.string().regex(/^[0-9a-f]{24}$/i),
  c: z.string().max(32).optional(),
  rating: z.coerce
    .number({ error: 'Choose a rating from 1 to 5' })
    .int('Choose a rating from 1 to 5')
    .min(1, 'Choose a rating from 1 to 5')
    .max(5, 'Choose a rating from 1 to 5'),
  comment: z.string().trim().max(2000, 'At most 2000 characters').optional(),
  email: z
    .string()
    .trim()
    .max(254)
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.email('Enter an e-mail address like name@example.org').optional()),
  consent: z.literal('yes').optional(),
  /** Honeypot: hidden from people, filled by form robots. */
  website: z.string().optional(),
});
export type FeedbackForm = z.output<typeof feedbackForm>;

export type FeedbackView = {
  id: string;
  subject: FeedbackSubject;
  subjectId: string;
  qrCodeId?: string;
  rating: number;
  comment?: string;
  email?: string;
  createdAt: Date;
};

const toFeedbackView = (doc: FeedbackDoc): FeedbackView => ({
  id: doc._id.toString(),
  subject: doc.subject,
  subjectId: doc.subjectId.toString(),
  qrCodeId: doc.qrCodeId?.toString(),
  rating: doc.rating,
  comment: doc.comment,
  email: doc.email,
  createdAt: doc.createdAt,
});

export const FEEDBACK_LIMIT = { perWindow: 5, windowMs: 60 * 60 * 1000 };

/**
 * Counts one form submission of a visitor key in the current window, in the database
 * so every process shares the count. Throws 429 `rate_limited` over the limit.
 */
export async function takeFormAllowance(
  key: string,
  now: Date,
  limit = FEEDBACK_LIMIT,
): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / limit.windowMs) * limit.windowMs);
  const update = {
    $inc: { count: 1 },
    $setOnInsert: { expiresAt: new Date(windowStart.getTime() + 2 * limit.windowMs) },
  };
  const options = { upsert: true, new: true } as const;
  const row = await FormLimitModel.findOneAndUpdate({ key, windowStart }, update, options)
    .lean()
    .catch((err: { code?: number }) => {
      if (err.code !== 11000) throw err;
      return FormLimitModel.findOneAndUpdate({ key, windowStart }, update, options).lean();
    });
  if ((row?.count ?? 0) > limit.perWindow) {
    throw new AppError('rate_limited', 'Thank you — we already have your feedback for now.', 429);
  }
}

/** Stores a visitor's feedback. The e-mail address is kept only with the consent box ticked. */
export async function saveFeedback(
  form: FeedbackForm,
  qrCodeId: string | undefined,
): Promise<FeedbackView> {
  const doc = await FeedbackModel.create({
    subject: form.subject,
    subjectId: new Types.ObjectId(form.subjectId),
    qrCodeId: qrCodeId ? new Types.ObjectId(qrCodeId) : undefined,
    rating: form.rating,
    comment: form.comment || undefined,
    email: form.consent === 'yes' ? form.email : undefined,
    contactConsent: form.consent === 'yes' && !!form.email,
  });
  return toFeedbackView(doc.toObject());
}

/** Feedback on the given subjects or through the given codes, newest first. */
export async function listFeedback(filter: {
  subjectIds?: readonly string[];
  qrCodeIds?: readonly string[];
  limit?: number;
}): Promise<{ items: FeedbackView[]; count: number; averageRating?: number }> {
  const or: Record<string, unknown>[] = [];
  if (filter.subjectIds?.length)
    or.push({ subjectId: { $in: filter.subjectIds.map((id) => new Types.ObjectId(id)) } });
  if (filter.qrCodeIds?.length)
    or.push({ qrCodeId: { $in: filter.qrCodeIds.map((id) => new Types.ObjectId(id)) } });
  if (!or.length) return { items: [], count: 0 };
  const query = { $or: or };
  const [docs, summary] = await Promise.all([
    FeedbackModel.find(query)
      .sort({ createdAt: -1, _id: -1 })
      .limit(filter.limit ?? 50)
      .lean<FeedbackDoc[]>(),
    FeedbackModel.aggregate<{ count: number; average: number }>([
      { $match: query },
      { $group: { _id: null, count: { $sum: 1 }, average: { $avg: '$rating' } } },
    ]),
  ]);
  const first = summary[0];
  return {
    items: docs.map(toFeedbackView),
    count: first?.count ?? 0,
    averageRating: first ? Math.round(first.average * 10) / 10 : undefined,
  };
}

/** Feedback on whatever a code leads to (seeds, and tools that collect feedback elsewhere). */
export async function saveFeedbackOnCode(
  code: { id: string; target: { type: string; id?: string } },
  rating: number,
  comment?: string,
): Promise<FeedbackView> {
  const target = code.target;
  const subject: FeedbackSubject =
    target.type === 'resource' || target.type === 'postcard' || target.type === 'event'
      ? target.type
      : 'qr';
  const subjectId = subject === 'qr' ? code.id : (target.id ?? code.id);
  return saveFeedback(
    { subject, subjectId, rating, comment, contactConsent: undefined } as unknown as FeedbackForm,
    code.id,
  );
}
