import { Schema, model, type Types } from 'mongoose';

/**
 * One reminder per (shift, person, start instant). The unique index is the claim:
 * of two app processes running the job, only one inserts the row and sends; a
 * shift that moves gets a new start, so a new reminder is due.
 */
export type ShiftReminderDoc = {
  _id: Types.ObjectId;
  shiftId: Types.ObjectId;
  personId: Types.ObjectId;
  start: Date;
  status: 'claimed' | 'queued';
  claimedAt: Date;
  outboxId?: string;
};

const reminderSchema = new Schema<ShiftReminderDoc>(
  {
    shiftId: { type: Schema.Types.ObjectId, required: true },
    personId: { type: Schema.Types.ObjectId, required: true },
    start: { type: Date, required: true },
    status: { type: String, enum: ['claimed', 'queued'], required: true },
    claimedAt: { type: Date, required: true },
    outboxId: { type: String },
  },
  { versionKey: false },
);
reminderSchema.index({ shiftId: 1, personId: 1, start: 1 }, { unique: true });

export const ShiftReminderModel = model<ShiftReminderDoc>('StandShiftReminder', reminderSchema);
