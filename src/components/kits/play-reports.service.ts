import { Types } from 'mongoose';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { KitModel, type KitDoc } from './kit.model';
import { PLAY_SETTINGS, PlayReportModel, type PlayReportDoc } from './play-report.model';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => v || undefined)
    .optional();

/** The public play report form (urlencoded: every value a string). */
export const playReportForm = z.strictObject({
  playedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date'),
  city: z.string().trim().min(1, 'is required').max(100),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be two letters, e.g. LT'),
  players: z.coerce.number().int('must be a whole number').min(1).max(10000),
  setting: z.enum(PLAY_SETTINGS),
  coBenefits: optionalText(2000),
  conflicts: optionalText(2000),
  text: optionalText(5000),
  /** Left empty by people; robots fill it. */
  website: z.string().max(200).optional(),
});
export type PlayReportForm = z.output<typeof playReportForm>;

export type PlayReportView = {
  id: string;
  kitId: string;
  kitTypeId: string;
  playedOn: string;
  city: string;
  country: string;
  players: number;
  setting: string;
  coBenefits?: string;
  conflicts?: string;
  text?: string;
  hasPhoto: boolean;
  createdAt: Date;
};

const toView = (d: PlayReportDoc): PlayReportView => ({
  id: d._id.toString(),
  kitId: d.kitId.toString(),
  kitTypeId: d.kitTypeId.toString(),
  playedOn: d.playedOn,
  city: d.city,
  country: d.country,
  players: d.players,
  setting: d.setting,
  coBenefits: d.coBenefits,
  conflicts: d.conflicts,
  text: d.text,
  hasPhoto: Boolean(d.photo?.mediaType),
  createdAt: d.createdAt,
});

/** Stores a play of a kit; the kit counts as played from then on. A date in the future is refused. */
export async function createPlayReport(
  kit: KitDoc,
  form: PlayReportForm,
  now: Date,
  photo?: { data: Buffer; mediaType: string },
): Promise<PlayReportView> {
  if (form.playedOn > now.toISOString().slice(0, 10))
    throw new AppError('played_in_future', 'The date of the play is in the future', 400);
  const { website: _website, ...fields } = form;
  const doc = await PlayReportModel.create({
    ...fields,
    kitId: kit._id,
    kitTypeId: kit.kitTypeId,
    photo,
  });
  await KitModel.updateOne({ _id: kit._id }, { $set: { status: 'played' } });
  return toView(doc.toObject());
}

/** A play of the kit with this id (seeds, scripts); 404 `kit_not_found`. */
export async function reportPlay(
  kitId: string,
  form: PlayReportForm,
  now: Date,
): Promise<PlayReportView> {
  const kit = /^[0-9a-f]{24}$/i.test(kitId) ? await KitModel.findById(kitId).lean<KitDoc>() : null;
  if (!kit) throw new AppError('kit_not_found', 'There is no such kit', 404);
  return createPlayReport(kit, form, now);
}

export async function listPlayReports(filter: { kitTypeId?: string; kitId?: string } = {}) {
  const query: Record<string, unknown> = {};
  if (filter.kitTypeId) query.kitTypeId = new Types.ObjectId(filter.kitTypeId);
  if (filter.kitId) query.kitId = new Types.ObjectId(filter.kitId);
  const docs = await PlayReportModel.find(query, { 'photo.data': 0 })
    .sort({ playedOn: -1, _id: -1 })
    .limit(5000)
    .lean<PlayReportDoc[]>();
  return docs.map(toView);
}
