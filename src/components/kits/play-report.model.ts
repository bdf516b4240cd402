import { Schema, model, type Types } from 'mongoose';

export const PLAY_SETTINGS = [
  'municipal-team',
  'workshop-with-residents',
  'school',
  'university',
  'project-meeting',
  'other',
] as const;
export type PlaySetting = (typeof PLAY_SETTINGS)[number];

/** One play of a kit, reported from its public page or a follow-up e-mail; several per kit. */
export type PlayReportDoc = {
  _id: Types.ObjectId;
  kitId: Types.ObjectId;
  kitTypeId: Types.ObjectId;
  playedOn: string;
  city: string;
  country: string;
  players: number;
  setting: PlaySetting;
  coBenefits?: string;
  conflicts?: string;
  text?: string;
  photo?: { data: Buffer; mediaType: string };
  createdAt: Date;
};

const playReportSchema = new Schema<PlayReportDoc>(
  {
    kitId: { type: Schema.Types.ObjectId, required: true },
    kitTypeId: { type: Schema.Types.ObjectId, required: true },
    playedOn: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    city: { type: String, required: true, maxlength: 100 },
    country: { type: String, required: true, match: /^[A-Z]{2}$/ },
    players: { type: Number, required: true, min: 1, max: 10000 },
    setting: { type: String, enum: PLAY_SETTINGS, required: true },
    coBenefits: { type: String, maxlength: 2000 },
    conflicts: { type: String, maxlength: 2000 },
    text: { type: String, maxlength: 5000 },
    photo: { _id: false, data: Buffer, mediaType: String },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
playReportSchema.index({ kitTypeId: 1, playedOn: -1 });
playReportSchema.index({ kitId: 1 });

export const PlayReportModel = model<PlayReportDoc>(
  'KitPlayReport',
  playReportSchema,
  'kitPlayReports',
);
