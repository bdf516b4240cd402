import { Schema, model, type Types } from 'mongoose';

/** A game or kit the cluster hands out, e.g. the NEB Impact Model Dominoes game. */
export type KitTypeDoc = {
  _id: Types.ObjectId;
  name: string;
  projectId?: Types.ObjectId;
  description?: string;
  /** How to play: an outside https address… */
  instructionsUrl?: string;
  /** …or a resource of the QR registry (its public page). */
  resourceId?: Types.ObjectId;
  /** Serials are `<prefix>-<number>`, e.g. DOM-0042. */
  serialPrefix: string;
  /** The last serial number drawn; raised with $inc, so serials never repeat. */
  lastSerial: number;
  /** Weeks after a hand-out when a follow-up e-mail goes (to those who consented). */
  followUpWeeks: number[];
  /** Optional: recipients are anonymised this many days after the event of their hand-out. */
  anonymiseAfterDays?: number;
  createdAt: Date;
  updatedAt: Date;
};

const kitTypeSchema = new Schema<KitTypeDoc>(
  {
    name: { type: String, required: true, trim: true, maxlength: 200 },
    projectId: { type: Schema.Types.ObjectId, ref: 'Project' },
    description: { type: String, maxlength: 5000 },
    instructionsUrl: { type: String, maxlength: 2000 },
    resourceId: { type: Schema.Types.ObjectId },
    serialPrefix: { type: String, required: true, unique: true, match: /^[A-Z]{2,8}$/ },
    lastSerial: { type: Number, default: 0, min: 0 },
    followUpWeeks: { type: [Number], default: [4, 12] },
    anonymiseAfterDays: { type: Number, min: 1 },
  },
  { timestamps: true },
);
kitTypeSchema.index({ name: 1 });

export const KitTypeModel = model<KitTypeDoc>('KitType', kitTypeSchema, 'kitTypes');
