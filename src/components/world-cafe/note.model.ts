import { Schema, model, type Types } from 'mongoose';

/**
 * A short note captured at a table. Append-only: two phones at one table merge by
 * simply adding. `clientId` is made on the phone before the note is queued, and the
 * unique index (table, clientId) is what makes a replayed queue store nothing twice.
 */
export type NoteDoc = {
  _id: Types.ObjectId;
  sessionId: Types.ObjectId;
  tableId: Types.ObjectId;
  clientId: string;
  round: number;
  text: string;
  tags: string[];
  /** When the phone captured it (may be long before it synced). */
  capturedAt: Date;
  createdAt: Date;
};

const noteSchema = new Schema<NoteDoc>(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true },
    tableId: { type: Schema.Types.ObjectId, required: true },
    clientId: { type: String, required: true },
    round: { type: Number, min: 1, max: 10, default: 1 },
    text: { type: String, required: true, maxlength: 1000 },
    tags: { type: [String], default: [] },
    capturedAt: { type: Date, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

noteSchema.index({ tableId: 1, clientId: 1 }, { unique: true });
noteSchema.index({ tableId: 1, capturedAt: 1 });

export const WorldCafeNoteModel = model<NoteDoc>('WorldCafeNote', noteSchema);
