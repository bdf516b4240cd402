import { Types } from 'mongoose';
import { AppError, conflict, notFound } from '../../lib/errors';
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
import { loadStandContext, type StandContext } from './stand-context';
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

/**
 * Changes a film. A field given as `undefined` (a blanked form field) is cleared;
 * 409 `duplicate` when another film of the stand has the new title.
 */
export async function updateFilm(
  standId: string,
  filmId: string,
  input: Partial<FilmInput>,
): Promise<FilmView> {
  const context = await loadStandContext(standId);
  if (!isObjectIdString(filmId)) throw notFound('Film');
  const set: Record<string, unknown> = {};
  const unset: Record<string, ''> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) unset[key] = '';
    else set[key] = key === 'projectId' ? oid(String(value)) : value;
  }
  if ('title' in unset) throw fieldProblem('validation_failed', 'A film needs a title', 'title');
  try {
    const doc = await FilmModel.findOneAndUpdate(
      { _id: oid(filmId), standId: context.stand._id },
      {
        ...(Object.keys(set).length ? { $set: set } : {}),
        ...(Object.keys(unset).length ? { $unset: unset } : {}),
      },
      { new: true },
    ).lean<FilmDoc>();
    if (!doc) throw notFound('Film');
    return toFilmView(doc);
  } catch (err) {
    if (isDuplicateKey(err))
      throw conflict('duplicate', 'The stand already has a film with that title');
    throw err;
  }
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

type ScreeningFields = {
  mode: ScreeningInput['mode'];
  filmIds: string[];
  zoneId?: string;
  start: Date;
  end?: Date;
};

/**
 * Checks a screening's fields against the stand and fills in what follows from them:
 * a fixed showing ends when its film does, and without a zone it goes to the film corner.
 */
async function resolveScreening(context: StandContext, input: ScreeningFields) {
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
  return {
    zoneId: zoneId ? oid(zoneId) : undefined,
    mode: input.mode,
    filmIds: input.filmIds.map(oid),
    start,
    end,
  };
}

async function withChecks(standId: string, doc: ScreeningDoc) {
  const screening = toScreeningView(doc);
  const checks = (await screeningChecks(standId)).filter((c) => c.shiftIds.includes(screening.id));
  return { screening, checks };
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
  const fields = await resolveScreening(context, input);
  const doc = await ScreeningModel.create({ standId: context.stand._id, ...fields });
  return withChecks(standId, doc.toObject());
}

/**
 * Changes a screening with the same checks as scheduling one. Fields left out keep
 * their value; when the start moves without a new end, a fixed showing of a film with
 * a duration ends with the film and anything else keeps its length.
 */
export async function updateScreening(
  standId: string,
  screeningId: string,
  input: Partial<ScreeningInput>,
): Promise<{ screening: ScreeningView; checks: CheckItem[] }> {
  const context = await loadStandContext(standId);
  if (!isObjectIdString(screeningId)) throw notFound('Screening');
  const current = await ScreeningModel.findOne({
    _id: oid(screeningId),
    standId: context.stand._id,
  }).lean<ScreeningDoc>();
  if (!current) throw notFound('Screening');
  const start = input.start ?? current.start;
  const mode = input.mode ?? current.mode;
  const filmIds = input.filmIds ?? current.filmIds.map((id) => id.toString());
  const moved =
    input.start !== undefined || input.filmIds !== undefined || input.mode !== undefined;
  let end = input.end;
  if (!end && !(moved && mode === 'fixed')) {
    end = new Date(current.end.getTime() + (start.getTime() - current.start.getTime()));
  }
  let fields;
  try {
    fields = await resolveScreening(context, {
      mode,
      filmIds,
      zoneId: input.zoneId ?? current.zoneId?.toString(),
      start,
      end,
    });
  } catch (err) {
    // A fixed showing whose film has no duration keeps its length.
    if (!(err instanceof AppError && err.code === 'end_required') || input.end) throw err;
    fields = await resolveScreening(context, {
      mode,
      filmIds,
      zoneId: input.zoneId ?? current.zoneId?.toString(),
      start,
      end: new Date(current.end.getTime() + (start.getTime() - current.start.getTime())),
    });
  }
  const { zoneId, ...rest } = fields;
  const doc = await ScreeningModel.findOneAndUpdate(
    { _id: current._id },
    zoneId ? { $set: { ...rest, zoneId } } : { $set: rest, $unset: { zoneId: '' } },
    { new: true },
  ).lean<ScreeningDoc>();
  if (!doc) throw notFound('Screening');
  return withChecks(standId, doc);
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
