import { Types } from 'mongoose';
import { notFound } from '../../lib/errors';
import type { Page } from '../../lib/http/validate';
import { CityModel, type CityDoc } from './directory.models';
import { toCityView, type CityView } from './events.presenter';
import type { CreateCityInput, ListCitiesQuery, UpdateCityInput } from './events.schemas';
import type { UpsertOutcome } from './events.service';
import { definedOnly, listPage, textMatch } from './listing';
import { assertProjectsExist } from './projects.service';
import type { ReferencesPort } from '../../lib/component';
import { assertUnreferenced } from './references';
import { isObjectId, upsertDoc } from './upsert';

async function findCityDoc(id: string) {
  const doc = isObjectId(id) ? await CityModel.findById(id) : null;
  if (!doc) throw notFound('City');
  return doc;
}

/** Lists cities; `projectId` (optionally with `role`) keeps one project's cities. */
export async function listCities(query: ListCitiesQuery): Promise<Page<CityView>> {
  const filter: Record<string, unknown> = {};
  if (query.q) filter.name = textMatch(query.q);
  if (query.country) filter.country = query.country;
  if (query.projectId || query.role) {
    const match: Record<string, unknown> = {};
    if (query.projectId) match.projectId = new Types.ObjectId(query.projectId);
    if (query.role) match.role = query.role;
    filter.projects = { $elemMatch: match };
  }
  return listPage(CityModel, { ...query, filter, toView: toCityView });
}

/** All cities taking part in any of these projects, by name. */
export async function listCitiesOfProjects(projectIds: string[]): Promise<CityView[]> {
  const ids = projectIds.filter(isObjectId).map((id) => new Types.ObjectId(id));
  const docs = await CityModel.find({ 'projects.projectId': { $in: ids } })
    .sort({ name: 1 })
    .lean<CityDoc[]>();
  return docs.map(toCityView);
}

/** One city. Throws 404 `not_found`. */
export async function getCity(id: string): Promise<CityView> {
  return toCityView((await findCityDoc(id)).toObject());
}

/** Creates a city. 409 `duplicate` for the same name in the same country. */
export async function createCity(input: CreateCityInput): Promise<CityView> {
  await assertProjectsExist((input.projects ?? []).map((p) => p.projectId));
  return toCityView((await CityModel.create(input)).toObject());
}

export async function updateCity(id: string, input: UpdateCityInput): Promise<CityView> {
  const doc = await findCityDoc(id);
  await assertProjectsExist((input.projects ?? []).map((p) => p.projectId));
  doc.set(definedOnly(input));
  await doc.save();
  return toCityView(doc.toObject());
}

/** Deletes a city. Refused with 409 `still_referenced` while another component refers to it. */
export async function deleteCity(id: string, references: ReferencesPort): Promise<void> {
  const doc = await findCityDoc(id);
  await assertUnreferenced(references, 'city', id);
  await doc.deleteOne();
}

/** Creates or updates the city with this name and country (seeds, imports). */
export async function upsertCityByName(
  input: CreateCityInput,
): Promise<{ city: CityView; outcome: UpsertOutcome }> {
  await assertProjectsExist((input.projects ?? []).map((p) => p.projectId));
  const key = { name: input.name, country: input.country };
  const { doc, outcome } = await upsertDoc(CityModel, key, input);
  return { city: toCityView(doc), outcome };
}
