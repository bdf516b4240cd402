import { Schema, model, type Types } from 'mongoose';

/**
 * Something a participant said, with who (role and city, never a name unless the
 * attribution says so) and whether they agreed to its publication. Quotes without
 * consent stay internal: no public page or published output shows them.
 */
export type QuoteDoc = {
  _id: Types.ObjectId;
  sessionId: Types.ObjectId;
  /** Absent for a quote from the session as a whole (the seeded City of Riga quote). */
  tableId?: Types.ObjectId;
  clientId: string;
  round: number;
  text: string;
  speaker: { role?: string; city?: string; attribution?: string };
  consent: boolean;
  capturedAt: Date;
  createdAt: Date;
};

const quoteSchema = new Schema<QuoteDoc>(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true },
    tableId: { type: Schema.Types.ObjectId },
    clientId: { type: String, required: true },
    round: { type: Number, min: 1, max: 10, default: 1 },
    text: { type: String, required: true, maxlength: 2000 },
    speaker: {
      role: { type: String, maxlength: 200 },
      city: { type: String, maxlength: 200 },
      attribution: { type: String, maxlength: 300 },
    },
    consent: { type: Boolean, required: true },
    capturedAt: { type: Date, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

quoteSchema.index({ sessionId: 1, clientId: 1 }, { unique: true });
quoteSchema.index({ tableId: 1, capturedAt: 1 });

export const WorldCafeQuoteModel = model<QuoteDoc>('WorldCafeQuote', quoteSchema);
