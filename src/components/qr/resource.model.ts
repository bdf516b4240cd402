import { Schema, model, type Types } from 'mongoose';

/** What a take-away at the resource corner is. */
export const RESOURCE_TYPES = ['deliverable', 'booklet', 'film', 'game', 'other'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** 'YYYY-MM' (month precision, e.g. "due December 2026") or 'YYYY-MM-DD'. */
export const PUBLICATION_DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

export type ResourceDoc = {
  _id: Types.ObjectId;
  projectId: Types.ObjectId;
  /** Deliverable code as the project numbers it, e.g. "D7.7"; absent for games, films. */
  deliverableCode?: string;
  title: string;
  type: ResourceType;
  /** BCP 47 primary language, e.g. "en". */
  language: string;
  description?: string;
  /** Publication (or due) date, month precision allowed. */
  publishedOn?: string;
  /** Whether `publishedOn` is when it came out or when it is due. */
  dateKind: 'published' | 'due';
  /** GridFS file id of the cover image (resized, stripped). */
  coverFileId?: Types.ObjectId;
  /** GridFS file id of the uploaded PDF; or `externalUrl`. */
  documentFileId?: Types.ObjectId;
  externalUrl?: string;
  /** Events where the resource is shown (the resource corner of each). */
  eventIds: Types.ObjectId[];
  /** The code printed on its cover and poster, created with the resource. */
  qrCodeId?: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};

const resourceSchema = new Schema<ResourceDoc>(
  {
    projectId: { type: Schema.Types.ObjectId, required: true, ref: 'Project' },
    deliverableCode: { type: String, trim: true, maxlength: 20 },
    title: { type: String, required: true, trim: true, maxlength: 300 },
    type: { type: String, enum: RESOURCE_TYPES, required: true },
    language: { type: String, required: true, match: /^[a-z]{2,3}$/, default: 'en' },
    description: { type: String, maxlength: 5000 },
    publishedOn: { type: String, match: PUBLICATION_DATE_PATTERN },
    dateKind: { type: String, enum: ['published', 'due'], default: 'published' },
    coverFileId: { type: Schema.Types.ObjectId },
    documentFileId: { type: Schema.Types.ObjectId },
    externalUrl: { type: String, maxlength: 2000 },
    eventIds: { type: [{ type: Schema.Types.ObjectId, ref: 'Event' }], default: [] },
    qrCodeId: { type: Schema.Types.ObjectId },
  },
  { timestamps: true },
);
// One deliverable code per project (D7.7 exists once); games and films have none.
resourceSchema.index(
  { projectId: 1, deliverableCode: 1 },
  { unique: true, partialFilterExpression: { deliverableCode: { $type: 'string' } } },
);
resourceSchema.index({ projectId: 1, title: 1 }, { unique: true });
resourceSchema.index({ eventIds: 1 });

export const ResourceModel = model<ResourceDoc>('Resource', resourceSchema);
