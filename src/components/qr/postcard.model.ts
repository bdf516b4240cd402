import { Schema, model, type Types } from 'mongoose';

/** One postcard per cluster city: a front image, a short story on the back. */
export type PostcardDoc = {
  _id: Types.ObjectId;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  projectId: Types.ObjectId;
  story?: string;
  /** A film or a page about the city; https only. */
  linkUrl?: string;
  linkLabel?: string;
  language: string;
  /** GridFS file id of the front image. */
  frontFileId?: Types.ObjectId;
  eventIds: Types.ObjectId[];
  /** The code printed on its back, created with the postcard. */
  qrCodeId?: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};

const postcardSchema = new Schema<PostcardDoc>(
  {
    city: { type: String, required: true, trim: true, maxlength: 100 },
    country: { type: String, required: true, match: /^[A-Z]{2}$/ },
    projectId: { type: Schema.Types.ObjectId, required: true, ref: 'Project' },
    story: { type: String, maxlength: 1200 },
    linkUrl: { type: String, maxlength: 2000 },
    linkLabel: { type: String, trim: true, maxlength: 100 },
    language: { type: String, required: true, match: /^[a-z]{2,3}$/, default: 'en' },
    frontFileId: { type: Schema.Types.ObjectId },
    eventIds: { type: [{ type: Schema.Types.ObjectId, ref: 'Event' }], default: [] },
    qrCodeId: { type: Schema.Types.ObjectId },
  },
  { timestamps: true },
);
// One postcard per city and project (the natural key seeds and imports upsert by).
postcardSchema.index({ projectId: 1, city: 1, country: 1 }, { unique: true });
postcardSchema.index({ eventIds: 1 });

export const PostcardModel = model<PostcardDoc>('Postcard', postcardSchema);
