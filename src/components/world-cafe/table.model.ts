import { Schema, model, type Types } from 'mongoose';
import type { PersonRef } from './session.model';

export const SUMMARY_STATUSES = ['draft', 'submitted', 'published'] as const;
export type SummaryStatus = (typeof SUMMARY_STATUSES)[number];

export type KeyOutcome = { id: string; text: string };

/**
 * What the public report shows of a table: frozen when the organiser publishes, so a
 * later change (new outcomes from a phone, an edited summary) waits for their review
 * instead of reaching the public at once.
 */
export type PublishedSnapshot = {
  text: string;
  outcomes: KeyOutcome[];
  quoteIds: Types.ObjectId[];
  photoIds: Types.ObjectId[];
  publishedAt: Date;
};

/**
 * One discussion table. Key outcomes are edited as a whole list carrying a version:
 * a write names the version it was based on, so two phones editing at once see a
 * conflict instead of one silently overwriting the other.
 */
export type TableDoc = {
  _id: Types.ObjectId;
  sessionId: Types.ObjectId;
  number: number;
  leadProjectId?: Types.ObjectId;
  host?: PersonRef;
  rapporteur?: PersonRef;
  objectives: string[];
  guidingQuestions: string[];
  capacity?: number;
  participants: PersonRef[];
  participantCounts: { round: number; count: number }[];
  outcomes: { items: KeyOutcome[]; version: number; updatedAt?: Date };
  summary: {
    text: string;
    status: SummaryStatus;
    quoteIds: Types.ObjectId[];
    photoIds: Types.ObjectId[];
    /** The organiser's reason when a submitted summary was sent back. */
    comment?: string;
    submittedAt?: Date;
    publishedAt?: Date;
    /** The version the public sees; kept while a change to it waits for review. */
    published?: PublishedSnapshot;
    /** Set when published outcomes or a published summary changed and await review again. */
    changedAfterPublishing?: boolean;
  };
  createdAt: Date;
  updatedAt: Date;
};

const personRef = new Schema<PersonRef>(
  {
    name: { type: String, required: true, trim: true, maxlength: 200 },
    email: { type: String, trim: true, lowercase: true, maxlength: 320 },
  },
  { _id: false },
);

const tableSchema = new Schema<TableDoc>(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true },
    number: { type: Number, required: true, min: 1, max: 200 },
    leadProjectId: { type: Schema.Types.ObjectId },
    host: { type: personRef },
    rapporteur: { type: personRef },
    objectives: { type: [String], default: [] },
    guidingQuestions: { type: [String], default: [] },
    capacity: { type: Number, min: 1, max: 1000 },
    participants: { type: [personRef], default: [] },
    participantCounts: {
      type: [
        new Schema({ round: Number, count: Number }, { _id: false }) as Schema<{
          round: number;
          count: number;
        }>,
      ],
      default: [],
    },
    outcomes: {
      items: {
        type: [new Schema<KeyOutcome>({ id: String, text: String }, { _id: false })],
        default: [],
      },
      version: { type: Number, default: 0 },
      updatedAt: { type: Date },
    },
    summary: {
      text: { type: String, default: '', maxlength: 20000 },
      status: { type: String, enum: SUMMARY_STATUSES, default: 'draft' },
      quoteIds: { type: [Schema.Types.ObjectId], default: [] },
      photoIds: { type: [Schema.Types.ObjectId], default: [] },
      comment: { type: String, maxlength: 2000 },
      submittedAt: { type: Date },
      publishedAt: { type: Date },
      published: {
        type: new Schema<PublishedSnapshot>(
          {
            text: { type: String, default: '' },
            outcomes: {
              type: [new Schema<KeyOutcome>({ id: String, text: String }, { _id: false })],
              default: [],
            },
            quoteIds: { type: [Schema.Types.ObjectId], default: [] },
            photoIds: { type: [Schema.Types.ObjectId], default: [] },
            publishedAt: { type: Date, required: true },
          },
          { _id: false },
        ),
      },
      changedAfterPublishing: { type: Boolean },
    },
  },
  { timestamps: true },
);

tableSchema.index({ sessionId: 1, number: 1 }, { unique: true });

export const WorldCafeTableModel = model<TableDoc>('WorldCafeTable', tableSchema);
