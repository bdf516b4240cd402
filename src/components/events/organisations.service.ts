import { notFound } from '../../lib/errors';
import type { Page } from '../../lib/http/validate';
import { OrganisationModel, PersonModel } from './directory.models';
import { toOrganisationView, type OrganisationView } from './events.presenter';
import type {
  CreateOrganisationInput,
  ListOrganisationsQuery,
  UpdateOrganisationInput,
} from './events.schemas';
import type { UpsertOutcome } from './events.service';
import { definedOnly, listPage, textMatch } from './listing';
import type { ReferencesPort } from '../../lib/component';
import { assertUnreferenced, localReferrer } from './references';
import { isObjectId, upsertDoc } from './upsert';

async function findOrganisationDoc(id: string) {
  const doc = isObjectId(id) ? await OrganisationModel.findById(id) : null;
  if (!doc) throw notFound('Organisation');
  return doc;
}

export async function listOrganisations(
  query: ListOrganisationsQuery,
): Promise<Page<OrganisationView>> {
  const filter: Record<string, unknown> = {};
  if (query.q) filter.name = textMatch(query.q);
  if (query.country) filter.country = query.country;
  if (query.kind) filter.kind = query.kind;
  return listPage(OrganisationModel, { ...query, filter, toView: toOrganisationView });
}

/** One organisation. Throws 404 `not_found`. */
export async function getOrganisation(id: string): Promise<OrganisationView> {
  return toOrganisationView((await findOrganisationDoc(id)).toObject());
}

/** Creates an organisation. Throws 409 `duplicate` for the same name in the same country. */
export async function createOrganisation(
  input: CreateOrganisationInput,
): Promise<OrganisationView> {
  return toOrganisationView((await OrganisationModel.create(input)).toObject());
}

export async function updateOrganisation(
  id: string,
  input: UpdateOrganisationInput,
): Promise<OrganisationView> {
  const doc = await findOrganisationDoc(id);
  const { country, ...rest } = definedOnly(input);
  doc.set(rest);
  // '' clears the country (a body not tied to one country).
  if (country !== undefined) doc.set('country', country || undefined);
  await doc.save();
  return toOrganisationView(doc.toObject());
}

/** Deletes an organisation. Refused with 409 `still_referenced` while people (or others' records) refer to it. */
export async function deleteOrganisation(id: string, references: ReferencesPort): Promise<void> {
  const doc = await findOrganisationDoc(id);
  const people = await PersonModel.countDocuments({ organisationId: doc._id });
  await assertUnreferenced(references, 'organisation', id, [
    localReferrer('person', 'People', people, '/directory/people'),
  ]);
  await doc.deleteOne();
}

/** Creates or updates the organisation with this name and country (seeds, imports). */
export async function upsertOrganisationByName(
  input: CreateOrganisationInput,
): Promise<{ organisation: OrganisationView; outcome: UpsertOutcome }> {
  const key = { name: input.name, country: input.country ?? null };
  const { doc, outcome } = await upsertDoc(OrganisationModel, key, input);
  return { organisation: toOrganisationView(doc), outcome };
}
