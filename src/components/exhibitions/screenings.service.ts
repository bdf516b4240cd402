import { Types } from 'mongoose';
import { conflict, notFound } from '../../lib/errors';
import type { CheckItem } from './checks.logic';
import {
  toFilmView,
  toScreeningView,
  type FilmView,
  type ScreeningView,
} from './exhibitions.presenter';
import type { FilmInput, ScreeningInput } from './exhibitions.schemas';
import { FilmModel, type FilmDoc } from './film.model';
import { fieldProblem, isDuplicateKey, isObjectIdString } from './problems';
import { ScreeningModel, type ScreeningDoc } from './screening.model';
import { assertShiftTimes } from './shifts.service';
import { loadStandContext } from './stand-context';
import { overlaps } from './time';

const oid = (id: string) => new Types.ObjectId(id);

/** Adds a film to the stand's film list. 409 `duplicate` for the same title twice. */
export async function addFilm(standId: string, input: FilmInput): Promise<FilmView> {
  const context = await loadStandContext(standId);
  try {
    const doc = await FilmModel.create({
      ...input,
      standId: context.stand._id,
      projectId: input.projectId ? oid(input.projectId) : undefined,
    });
    return toFilmView(doc.toObject());
  } catch (err) {
    if (isDuplicateKey(err))
      throw conflict('duplicate', 'The stand already has a film with that title');
    throw err;
  }
}

export async function updateFilm(
  standId: string,
  filmId: string,
  input: Partial<FilmInput>,
): Promise<FilmView> {
  const context = await loadStandContext(standId);
  if (!isObjectIdString(filmId)) throw notFound('Film');
  const set: Record<string, unknown> = { ...input };
  if (input.projectId) set.projectId = oid(input.projectId);
  const doc = await FilmModel.findOneAndUpdate(
    { _id: oid(filmId), standId: context.stand._id },
    { $set: set },
    { new: true },
  ).lean<FilmDoc>();
  if (!doc) throw notFound('Film');
  return toFilmView(doc);
}

/** Removes a film; 409 `in_use` while a screening shows it. */
export async function deleteFilm(standId: string, filmId: string): Promise<void> {
  const context = await loadStandContext(standId);
  if (!isObjectIdString(filmId)) throw notFound('Film');
  if (await ScreeningModel.exists({ filmIds: oid(filmId) })) {
    throw conflict('in_use', 'A screening still shows this film');
  }
  const done = await FilmModel.deleteOne({ _id: oid(filmId), standId: context.stand._id });
  if (done.deletedCount === 0) throw notFound('Film');
}

export async function listFilms(standId: string): Promise<FilmView[]> {
  const context = await loadStandContext(standId);
  const docs = await FilmModel.find({ standId: context.stand._id })
    .sort({ title: 1 })
    .lean<FilmDoc[]>();
  return docs.map(toFilmView);
}

/**
 * Schedules a screening in the film corner: a fixed showing of one film (its end
 * from the film's duration unless given) or a loop between start and end. 400 with
 * the path for unknown films, a missing end, or times outside the event; the answer
 * lists the overlaps it causes (`screening_overlap`).
 */
export async function addScreening(
  standId: string,
  input: ScreeningInput,
): Promise<{ screening: ScreeningView; checks: CheckItem[] }> {
  const context = await loadStandContext(standId);
  const start = new Date(input.start);
  const films = await FilmModel.find({
    standId: context.stand._id,
    _id: { $in: input.filmIds.map(oid) },
  }).lean<FilmDoc[]>();
  input.filmIds.forEach((id, i) => {
    if (!films.some((f) => f._id.toString() === id.toLowerCase())) {
      throw fieldProblem('unknown_film', 'The stand has no film with this id', `filmIds.${i}`);
    }
  });
  if (input.mode === 'fixed' && input.filmIds.length !== 1) {
    throw fieldProblem(
      'one_film_only',
      'A fixed showing shows one film; use a loop for several',
      'filmIds',
    );
  }
  let end = input.end ? new Date(input.end) : undefined;
  if (!end && input.mode === 'fixed') {
    const minutes = films[0]?.durationMinutes;
    if (minutes) end = new Date(start.getTime() + minutes * 60_000);
  }
  if (!end) {
    throw fieldProblem(
      'end_required',
      'Give an end: loops, and films without a duration, need one',
      'end',
    );
  }
  assertShiftTimes(context, start, end);
  if (
    input.zoneId &&
    !context.stand.zones.some((z) => z._id.toString() === input.zoneId?.toLowerCase())
  ) {
    throw fieldProblem('unknown_zone', 'The stand has no zone with this id', 'zoneId');
  }
  const zoneId =
    input.zoneId ?? context.stand.zones.find((z) => z.kind === 'film-corner')?._id.toString();
  const doc = await ScreeningModel.create({
    standId: context.stand._id,
    zoneId: zoneId ? oid(zoneId) : undefined,
    mode: input.mode,
    filmIds: input.filmIds.map(oid),
    start,
    end,
  });
  const screening = toScreeningView(doc.toObject());
  const checks = (await screeningChecks(standId)).filter((c) => c.shiftIds.includes(screening.id));
  return { screening, checks };
}

export async function deleteScreening(standId: string, screeningId: string): Promise<void> {
  const context = await loadStandContext(standId);
  if (!isObjectIdString(screeningId)) throw notFound('Screening');
  const done = await ScreeningModel.deleteOne({
    _id: oid(screeningId),
    standId: context.stand._id,
  });
  if (done.deletedCount === 0) throw notFound('Screening');
}

export async function listScreenings(standId: string): Promise<ScreeningView[]> {
  const context = await loadStandContext(standId);
  const docs = await ScreeningModel.find({ standId: context.stand._id })
    .sort({ start: 1 })
    .lean<ScreeningDoc[]>();
  return docs.map(toScreeningView);
}

/** Two screenings on the same screen (zone) at once; back-to-back is fine. Ids in `shiftIds` are screening ids. */
export async function screeningChecks(standId: string): Promise<CheckItem[]> {
  const screenings = await listScreenings(standId);
  const items: CheckItem[] = [];
  for (let i = 0; i < screenings.length; i++) {
    for (let j = i + 1; j < screenings.length; j++) {
      const a = screenings[i]!;
      const b = screenings[j]!;
      if ((a.zoneId ?? '') !== (b.zoneId ?? '') || !overlaps(a, b)) continue;
      items.push({
        type: 'screening_overlap',
        start: a.start > b.start ? a.start : b.start,
        end: a.end < b.end ? a.end : b.end,
        shiftIds: [a.id, b.id],
        message: 'Two screenings overlap on the same screen',
      });
    }
  }
  return items;
}
