import { Schema, model, type Types } from 'mongoose';

/** 'fixed': one showing at a time; 'loop': the films repeat from start to end. */
export const SCREENING_MODES = ['fixed', 'loop'] as const;
export type ScreeningMode = (typeof SCREENING_MODES)[number];

export type ScreeningDoc = {
  _id: Types.ObjectId;
  standId: Types.ObjectId;
  zoneId?: Types.ObjectId;
  mode: ScreeningMode;
  /** One film for a fixed showing; the playlist of a loop. */
  filmIds: Types.ObjectId[];
  start: Date;
  end: Date;
  createdAt: Date;
  updatedAt: Date;
};

const screeningSchema = new Schema<ScreeningDoc>(
  {
    standId: { type: Schema.Types.ObjectId, required: true },
    zoneId: { type: Schema.Types.ObjectId },
    mode: { type: String, enum: SCREENING_MODES, required: true },
    filmIds: { type: [Schema.Types.ObjectId], default: [] },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
  },
  { timestamps: true },
);
screeningSchema.index({ standId: 1, start: 1 });
screeningSchema.index({ filmIds: 1 });

export const ScreeningModel = model<ScreeningDoc>('StandScreening', screeningSchema);
