import { Schema, model, type Types } from 'mongoose';

/** A film shown in a stand's film corner. Unknown facts (duration, language) stay empty. */
export type FilmDoc = {
  _id: Types.ObjectId;
  standId: Types.ObjectId;
  title: string;
  city?: string;
  projectId?: Types.ObjectId;
  durationMinutes?: number;
  language?: string;
  subtitles?: string;
  url?: string;
  createdAt: Date;
  updatedAt: Date;
};

const filmSchema = new Schema<FilmDoc>(
  {
    standId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true, trim: true, maxlength: 200 },
    city: { type: String, trim: true, maxlength: 100 },
    projectId: { type: Schema.Types.ObjectId },
    durationMinutes: { type: Number, min: 1, max: 600 },
    language: { type: String, maxlength: 40 },
    subtitles: { type: String, maxlength: 80 },
    url: { type: String, maxlength: 500 },
  },
  { timestamps: true },
);
filmSchema.index({ standId: 1, title: 1 }, { unique: true });

export const FilmModel = model<FilmDoc>('StandFilm', filmSchema);
