import type { Router } from 'express';
import type { AppContext } from '../../lib/context';
import type { RequestUser } from '../../lib/http/access';
import { asActor, directoryPolicy } from './policies';
import type { ReferencesPort } from '../../lib/component';
import { countryChoices, humanise, type Choice } from './choices';
import * as cities from './cities.service';
import { CITY_ROLES, ORGANISATION_KINDS } from './directory.models';
import type { CityView, OrganisationView, PersonView } from './events.presenter';
import * as schemas from './events.schemas';
import { filled, flag, optionalValue, roles, text } from '../../lib/forms';
import * as organisations from './organisations.service';
import * as people from './people.service';
import * as projects from './projects.service';
import { mountResourcePages, type Breadcrumb } from './resource-pages';
import { countryName } from './values';

/**
 * Pages for the cluster directory: clusters, projects, organisations, cities and
 * people. Every organiser reads them; admins create, edit and delete (as the API).
 */
const mayWrite = (user: RequestUser) => directoryPolicy.may(asActor(user), 'write', null);
export const adminsOnly = { create: mayWrite, modify: mayWrite };
export const crumbs = (): Breadcrumb[] => [{ href: '/directory', label: 'Directory' }];
export const none = () => Promise.resolve(null);
export const ALL = { page: 1, limit: 200 } as const;

export const projectChoices = async (): Promise<Choice[]> =>
  (await projects.listProjects({ ...ALL, sort: 'acronym' })).items.map((p) => ({
    value: p.id,
    label: `${p.acronym} — ${p.name}`,
  }));

/** The directory's organisation pages (list, create, edit, delete). */
export function mountOrganisationPages(
  router: Router,
  context: AppContext,
  references: ReferencesPort,
): void {
  mountResourcePages<OrganisationView, null>(router, context, {
    noun: 'organisation',
    plural: 'Organisations',
    pattern: '/directory/organisations',
    idParam: 'organisationId',
    load: none,
    href: () => '/directory/organisations',
    breadcrumbs: crumbs,
    may: adminsOnly,
    list: (_c, page, limit) => organisations.listOrganisations({ page, limit, sort: 'name' }),
    columns: ['Organisation', 'Country', 'Kind'],
    cells: (organisation) => [
      { label: 'Organisation', text: organisation.name },
      {
        label: 'Country',
        text: organisation.country ? countryName(organisation.country) : 'Not tied to one country',
      },
      { label: 'Kind', text: humanise(organisation.kind) },
    ],
    emptyText: 'No organisations yet.',
    get: (id) => organisations.getOrganisation(id),
    nameOf: (organisation) => organisation.name,
    fields: () =>
      Promise.resolve([
        { name: 'name', label: 'Name', type: 'text', required: true, maxLength: 200 },
        {
          name: 'country',
          label: 'Country',
          type: 'select',
          emptyOption: 'Not tied to one country (e.g. a European network)',
          options: countryChoices(),
        },
        {
          name: 'kind',
          label: 'Kind',
          type: 'select',
          required: true,
          options: ORGANISATION_KINDS.map((k) => ({ value: k, label: humanise(k) })),
        },
      ]),
    defaults: () => ({ kind: 'other' }),
    valuesOf: (organisation) => ({
      name: organisation.name,
      country: organisation.country ?? '',
      kind: organisation.kind,
    }),
    toInput: (values, _c, organisation) => ({
      input: {
        name: filled(text(values, 'name')),
        country: optionalValue(text(values, 'country'), Boolean(organisation)),
        kind: filled(text(values, 'kind')),
      },
      problems: [],
    }),
    createSchema: schemas.createOrganisationBody,
    updateSchema: schemas.updateOrganisationBody,
    create: (input) => organisations.createOrganisation(input),
    update: (id, input) => organisations.updateOrganisation(id, input),
    remove: (id) => organisations.deleteOrganisation(id, references),
    duplicate: {
      field: 'name',
      message: 'An organisation with this name exists already in this country',
    },
  });
}

const roleOptions: Choice[] = [
  { value: '', label: 'Not part of it' },
  ...CITY_ROLES.map((role) => ({ value: role, label: `${humanise(role)} city` })),
];

/** The directory's city pages (list, create, edit, delete). */
export function mountCityPages(
  router: Router,
  context: AppContext,
  references: ReferencesPort,
): void {
  mountResourcePages<CityView, null>(router, context, {
    noun: 'city',
    plural: 'Cities',
    pattern: '/directory/cities',
    idParam: 'cityId',
    load: none,
    href: () => '/directory/cities',
    breadcrumbs: crumbs,
    may: adminsOnly,
    list: (_c, page, limit) => cities.listCities({ page, limit, sort: 'name' }),
    columns: ['City', 'Country', 'Projects'],
    prepare: async (items) => {
      const ids = [...new Set(items.flatMap((c) => c.projects.map((p) => p.projectId)))];
      const byId = new Map((await projects.getProjectsByIds(ids)).map((p) => [p.id, p]));
      return (city) => [
        { label: 'City', text: city.name },
        { label: 'Country', text: countryName(city.country) },
        {
          label: 'Projects',
          text: city.projects
            .map((link) => `${byId.get(link.projectId)?.acronym ?? '?'} (${link.role})`)
            .join(', '),
        },
      ];
    },
    cells: () => [],
    emptyText: 'No cities yet.',
    get: (id) => cities.getCity(id),
    nameOf: (city) => city.name,
    fields: async () => [
      {
        name: 'name',
        label: 'Name',
        type: 'text',
        required: true,
        maxLength: 100,
        hint: 'In its local spelling, with diacritics (Constanța, Ålesund).',
      },
      {
        name: 'country',
        label: 'Country',
        type: 'select',
        required: true,
        emptyOption: 'Choose a country',
        options: countryChoices(),
      },
      {
        name: 'projects',
        label: 'Role in each project',
        type: 'roles',
        options: await projectChoices(),
        roleOptions,
      },
    ],
    defaults: () => ({ projects: {} }),
    valuesOf: (city) => ({
      name: city.name,
      country: city.country,
      projects: Object.fromEntries(city.projects.map((p) => [p.projectId, p.role])),
    }),
    toInput: (values) => ({
      input: {
        name: filled(text(values, 'name')),
        country: filled(text(values, 'country')),
        projects: Object.entries(roles(values, 'projects')).map(([projectId, role]) => ({
          projectId,
          role,
        })),
      },
      problems: [],
    }),
    createSchema: schemas.createCityBody,
    updateSchema: schemas.updateCityBody,
    create: (input) => cities.createCity(input),
    update: (id, input) => cities.updateCity(id, input),
    remove: (id) => cities.deleteCity(id, references),
    duplicate: { field: 'name', message: 'This city is in the directory already' },
    missingReference: { project_not_found: 'projects' },
  });
}

/** The directory's person pages (list, create, edit, delete). */
export function mountPersonPages(
  router: Router,
  context: AppContext,
  references: ReferencesPort,
): void {
  mountResourcePages<PersonView, null>(router, context, {
    noun: 'person',
    plural: 'People',
    pattern: '/directory/people',
    idParam: 'personId',
    load: none,
    href: () => '/directory/people',
    breadcrumbs: crumbs,
    may: adminsOnly,
    list: (_c, page, limit) => people.listPeople({ page, limit, sort: 'name' }),
    columns: ['Name', 'Organisation', 'E-mail', 'Consent'],
    prepare: async () => {
      const all = await organisations.listOrganisations({ ...ALL, sort: 'name' });
      const byId = new Map(all.items.map((o) => [o.id, o.name]));
      return (person) => [
        { label: 'Name', text: person.name },
        {
          label: 'Organisation',
          text: person.organisationId ? (byId.get(person.organisationId) ?? '') : '',
        },
        { label: 'E-mail', text: person.email ?? '' },
        { label: 'Consent', text: consentText(person) },
      ];
    },
    cells: () => [],
    emptyText: 'No people yet.',
    get: (id) => people.getPerson(id),
    nameOf: (person) => person.name,
    fields: async () => {
      const all = await organisations.listOrganisations({ ...ALL, sort: 'name' });
      return [
        {
          name: 'name',
          label: 'Name',
          type: 'text',
          required: true,
          maxLength: 200,
          autocomplete: 'off',
        },
        {
          name: 'organisationId',
          label: 'Organisation',
          type: 'select',
          emptyOption: 'None',
          options: all.items.map((o) => ({ value: o.id, label: o.name })),
        },
        {
          name: 'email',
          label: 'E-mail address',
          type: 'email',
          maxLength: 254,
          autocomplete: 'off',
        },
        {
          name: 'consentContact',
          label: 'Agrees to be contacted',
          type: 'checkbox',
        },
        {
          name: 'consentPhoto',
          label: 'Agrees to be photographed',
          type: 'checkbox',
          hint: 'Consent is dated when it is given; clearing both boxes withdraws it.',
        },
      ];
    },
    defaults: () => ({ consentContact: false, consentPhoto: false }),
    valuesOf: (person) => ({
      name: person.name,
      organisationId: person.organisationId ?? '',
      email: person.email ?? '',
      consentContact: person.consent.contact,
      consentPhoto: person.consent.photo,
    }),
    toInput: (values, _c, person) => {
      const editing = Boolean(person);
      const organisationId = text(values, 'organisationId');
      const email = text(values, 'email').trim();
      return {
        input: {
          name: filled(text(values, 'name')),
          // On an edit, an empty choice removes the organisation or the address (null).
          organisationId: organisationId || (editing ? null : undefined),
          email: email || (editing ? null : undefined),
          consent: { contact: flag(values, 'consentContact'), photo: flag(values, 'consentPhoto') },
        },
        problems: [],
      };
    },
    createSchema: schemas.createPersonBody,
    updateSchema: schemas.updatePersonBody,
    create: (input) => people.createPerson(input, context.clock()),
    update: (id, input) => people.updatePerson(id, input, context.clock()),
    remove: (id) => people.deletePerson(id, references),
    fieldOf: (path) =>
      path === 'consent.photo'
        ? 'consentPhoto'
        : path.startsWith('consent')
          ? 'consentContact'
          : path.split('.')[0],
    duplicate: { field: 'email', message: 'Another person already has this e-mail address' },
    missingReference: { organisation_not_found: 'organisationId' },
  });
}

function consentText(person: PersonView): string {
  const given = [person.consent.contact && 'contact', person.consent.photo && 'photos'].filter(
    Boolean,
  );
  return given.length ? given.join(', ') : 'none';
}
