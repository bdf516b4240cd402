import { Schema, model, type Types } from 'mongoose';

/**
 * The person who took a kit: no account, no password. Personal data lives only here
 * (hand-outs keep city and country for counts), so anonymising one document removes
 * the person while every count stays.
 */
export type RecipientDoc = {
  _id: Types.ObjectId;
  name?: string;
  organisation?: string;
  role?: string;
  email?: string;
  city?: string;
  country?: string;
  anonymisedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
};

const recipientSchema = new Schema<RecipientDoc>(
  {
    name: { type: String, trim: true, maxlength: 200 },
    organisation: { type: String, trim: true, maxlength: 200 },
    role: { type: String, trim: true, maxlength: 200 },
    email: { type: String, trim: true, lowercase: true, maxlength: 254 },
    city: { type: String, trim: true, maxlength: 100 },
    country: { type: String, maxlength: 2 },
    anonymisedAt: { type: Date },
  },
  { timestamps: true },
);
recipientSchema.index({ email: 1 });

export const RecipientModel = model<RecipientDoc>('KitRecipient', recipientSchema, 'kitRecipients');
