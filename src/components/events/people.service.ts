import { Types } from 'mongoose';
import { notFound } from '../../lib/errors';
import type { Page } from '../../lib/http/validate';
import { OrganisationModel, PersonModel } from './directory.models';
import { toPersonView, type PersonView } from './events.presenter';
import type { CreatePersonInput, ListPeopleQuery, UpdatePersonInput } from './events.schemas';
import type { UpsertOutcome } from './events.service';
import { listPage, textMatch } from './listing';
import type { ReferencesPort } from '../../lib/component';
import { assertUnreferenced } from './references';
import { isObjectId, upsertDoc } from './upsert';

async function findPersonDoc(id: string) {
  const doc = isObjectId(id) ? await PersonModel.findById(id) : null;
  if (!doc) throw notFound('Person');
  return doc;
}

async function assertOrganisationExists(id: string | null | undefined): Promise<void> {
  if (!id) return;
  if (!(await OrganisationModel.exists({ _id: id }))) {
    throw notFound('Organisation', 'organisation_not_found');
  }
}

/** Consent given now is stamped now; withdrawing both clears the stamp. */
function consentFields(consent: { contact: boolean; photo: boolean } | undefined, now: Date) {
  if (!consent) return {};
  const consentedAt = consent.contact || consent.photo ? now : undefined;
  return { consent: { ...consent, consentedAt } };
}

export async function listPeople(query: ListPeopleQuery): Promise<Page<PersonView>> {
  const filter: Record<string, unknown> = {};
  if (query.q) filter.name = textMatch(query.q);
  if (query.organisationId) filter.organisationId = new Types.ObjectId(query.organisationId);
  if (query.email) filter.email = query.email;
  return listPage(PersonModel, { ...query, filter, toView: toPersonView });
}

/** One person. Throws 404 `not_found`. */
export async function getPerson(id: string): Promise<PersonView> {
  return toPersonView((await findPersonDoc(id)).toObject());
}

/** Creates a person. 409 `duplicate` when the e-mail address is taken. */
export async function createPerson(
  input: CreatePersonInput,
  now = new Date(),
): Promise<PersonView> {
  await assertOrganisationExists(input.organisationId);
  const doc = await PersonModel.create({ ...input, ...consentFields(input.consent, now) });
  return toPersonView(doc.toObject());
}

/** Partial update; `null` clears the organisation or the e-mail address. */
export async function updatePerson(
  id: string,
  input: UpdatePersonInput,
  now = new Date(),
): Promise<PersonView> {
  const doc = await findPersonDoc(id);
  await assertOrganisationExists(input.organisationId);
  if (input.name !== undefined) doc.name = input.name;
  if (input.organisationId !== undefined) {
    doc.set('organisationId', input.organisationId ?? undefined);
  }
  if (input.email !== undefined) doc.set('email', input.email ?? undefined);
  if (input.consent) {
    const unchanged =
      doc.consent.contact === input.consent.contact && doc.consent.photo === input.consent.photo;
    if (!unchanged) doc.set(consentFields(input.consent, now));
  }
  await doc.save();
  return toPersonView(doc.toObject());
}

/** Deletes a person. Refused with 409 `still_referenced` while another component refers to them. */
export async function deletePerson(id: string, references: ReferencesPort): Promise<void> {
  const doc = await findPersonDoc(id);
  await assertUnreferenced(references, 'person', id);
  await doc.deleteOne();
}

/** Creates or updates the person with this e-mail address (seeds, imports). */
export async function upsertPersonByEmail(
  input: CreatePersonInput & { email: string },
  now = new Date(),
): Promise<{ person: PersonView; outcome: UpsertOutcome }> {
  await assertOrganisationExists(input.organisationId);
  const existing = await PersonModel.findOne({ email: input.email }).lean();
  // Unchanged consent keeps its original time stamp (and leaves the document unchanged).
  const sameConsent =
    !!existing &&
    !!input.consent &&
    existing.consent?.contact === input.consent.contact &&
    existing.consent?.photo === input.consent.photo;
  const { consent, ...fields } = input;
  const { doc, outcome } = await upsertDoc(
    PersonModel,
    { email: input.email },
    sameConsent ? fields : { ...fields, ...consentFields(consent, now) },
  );
  return { person: toPersonView(doc), outcome };
}
