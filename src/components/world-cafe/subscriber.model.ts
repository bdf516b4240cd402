import { Schema, model, type Types } from 'mongoose';

/**
 * A participant who left an e-mail address on the voting page, with consent, to
 * receive the published report. Nothing else about them is kept.
 */
export type SubscriberDoc = {
  _id: Types.ObjectId;
  sessionId: Types.ObjectId;
  email: string;
  consentAt: Date;
  createdAt: Date;
};

const subscriberSchema = new Schema<SubscriberDoc>(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true },
    email: { type: String, required: true, trim: true, lowercase: true, maxlength: 320 },
    consentAt: { type: Date, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

subscriberSchema.index({ sessionId: 1, email: 1 }, { unique: true });

export const WorldCafeSubscriberModel = model<SubscriberDoc>(
  'WorldCafeSubscriber',
  subscriberSchema,
);
