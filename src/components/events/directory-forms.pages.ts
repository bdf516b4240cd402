import { Router, type RequestHandler } from 'express';
import type { AppContext } from '../../lib/context';
import { requireSignedInPage } from '../../lib/http/access';
import { createPageRenderer } from '../../lib/http/pages';
import type { Page } from '../../lib/http/validate';
import { countryChoices, humanise, type Choice } from './choices';
import * as cities from './cities.service';
import * as clusters from './clusters.service';
import { CITY_ROLES, ORGANISATION_KINDS } from './directory.models';
import type {
  CityView,
  ClusterView,
  OrganisationView,
  PersonView,
  ProjectView,
} from './events.presenter';
import * as schemas from './events.schemas';
import { filled, flag, list, optionalValue, roles, text } from '../../lib/forms';
import * as organisations from './organisations.service';
import * as people from './people.service';
import * as projects from './projects.service';
import { mountResourcePages, type Breadcrumb } from './resource-pages';
import { countryName } from './values';

/**
 * Pages for the cluster directory: clusters, projects, organisations, cities and
 * people. Every organiser reads them; admins create, edit and delete (as the API).
 */
const isAdmin = (user: { role: string }) => user.role === 'admin';
const adminsOnly = { create: isAdmin, modify: isAdmin };
const crumbs = (): Breadcrumb[] => [{ href: '/directory', label: 'Directory' }];
const none = () => Promise.resolve(null);
const ALL = { page: 1, limit: 200 } as const;

const projectChoices = async (): Promise<Choice[]> =>
  (await projects.listProjects({ ...ALL, sort: 'acronym' })).items.map((p) => ({
    value: p.id,
    label: `${p.acronym} — ${p.name}`,
  }));

const directoryKinds = [
  { href: '/directory/clusters', label: 'Clusters', what: 'Groups of projects that work together' },
  { href: '/directory/projects', label: 'Projects', what: 'Acronym, colour, logo and website' },
  { href: '/directory/organisations', label: 'Organisations', what: 'Partners and their country' },
  { href: '/directory/cities', label: 'Cities', what: 'Cities and their role in each project' },
  { href: '/directory/people', label: 'People', what: 'Contacts, their organisation and consent' },
];

export function createDirectoryFormPages(context: AppContext): Router {
  const router = Router();
  const render = createPageRenderer(context.config);

  const directoryIndex: RequestHandler = (req, res, next) => {
    const count = (page: Promise<Page<unknown>>) => page.then((p) => p.total);
    const one = { page: 1, limit: 1 } as const;
    Promise.all([
      count(clusters.listClusters({ ...one, sort: 'name' })),
      count(projects.listProjects({ ...one, sort: 'name' })),
      count(organisations.listOrganisations({ ...one, sort: 'name' })),
      count(cities.listCities({ ...one, sort: 'name' })),
      count(people.listPeople({ ...one, sort: 'name' })),
    ])
      .then((totals) => {
        render(req, res, 'events/directory', {
          title: 'Directory',
          kinds: directoryKinds.map((kind, i) => ({ ...kind, total: totals[i] ?? 0 })),
        });
      })
      .catch(next);
  };
  router.get('/directory', requireSignedInPage, directoryIndex);

  mountResourcePages<ClusterView, null>(router, context, {
    noun: 'cluster',
    plural: 'Clusters',
    pattern: '/directory/clusters',
    idParam: 'clusterId',
    load: none,
    href: () => '/directory/clusters',
    breadcrumbs: crumbs,
    may: adminsOnly,
    list: (_c, page, limit) => clusters.listClusters({ page, limit, sort: 'name' }),
    columns: ['Cluster', 'Call', 'Projects'],
    prepare: async (items) => {
      const ids = [...new Set(items.flatMap((c) => c.projectIds))];
      const byId = new Map((await projects.getProjectsByIds(ids)).map((p) => [p.id, p]));
      return (cluster) => [
        { label: 'Cluster', text: cluster.name },
        { label: 'Call', text: cluster.callIdentifier ?? '' },
        {
          label: 'Projects',
          text: cluster.projectIds
            .map((id) => byId.get(id)?.acronym)
            .filter(Boolean)
            .join(', '),
        },
      ];
    },
    cells: () => [],
    emptyText: 'No clusters yet.',
    get: (id) => clusters.getCluster(id),
    nameOf: (cluster) => cluster.name,
    fields: async () => [
      { name: 'name', label: 'Name', type: 'text', required: true, maxLength: 200 },
      {
        name: 'callIdentifier',
        label: 'Funding call',
        type: 'text',
        maxLength: 100,
        hint: 'For example HORIZON-MISS-2021-CIT-02-01.',
      },
      { name: 'description', label: 'Description', type: 'textarea', maxLength: 5000 },
      {
        name: 'projectIds',
        label: 'Projects',
        type: 'checkboxes',
        options: await projectChoices(),
      },
    ],
    defaults: () => ({ projectIds: [] }),
    valuesOf: (cluster) => ({
      name: cluster.name,
      callIdentifier: cluster.callIdentifier ?? '',
      description: cluster.description ?? '',
      projectIds: cluster.projectIds,
    }),
    toInput: (values, _c, cluster) => ({
      input: {
        name: filled(text(values, 'name')),
        callIdentifier: optionalValue(text(values, 'callIdentifier'), Boolean(cluster)),
        description: optionalValue(text(values, 'description'), Boolean(cluster)),
        projectIds: list(values, 'projectIds'),
      },
      problems: [],
    }),
    createSchema: schemas.createClusterBody,
    updateSchema: schemas.updateClusterBody,
    create: (input) => clusters.createCluster(input),
    update: (id, input) => clusters.updateCluster(id, input),
    remove: (id) => clusters.deleteCluster(id),
    duplicate: { field: 'name', message: 'A cluster with this name exists already' },
    missingReference: { project_not_found: 'projectIds' },
    deleteConsequence: () => 'Its projects stay in the directory.',
  });

  mountResourcePages<ProjectView, null>(router, context, {
    noun: 'project',
    plural: 'Projects',
    pattern: '/directory/projects',
    idParam: 'projectId',
    load: none,
    href: () => '/directory/projects',
    breadcrumbs: crumbs,
    may: adminsOnly,
    list: (_c, page, limit) => projects.listProjects({ page, limit, sort: 'acronym' }),
    columns: ['Acronym', 'Name', 'Website'],
    cells: (project) => [
      { label: 'Acronym', text: project.acronym },
      { label: 'Name', text: project.name },
      { label: 'Website', text: project.website ?? '', href: project.website },
    ],
    emptyText: 'No projects yet.',
    get: (id) => projects.getProject(id),
    nameOf: (project) => project.acronym,
    fields: () =>
      Promise.resolve([
        { name: 'acronym', label: 'Acronym', type: 'text', required: true, maxLength: 40 },
        { name: 'name', label: 'Full name', type: 'text', required: true, maxLength: 200 },
        {
          name: 'colour',
          label: 'Colour',
          type: 'text',
          maxLength: 7,
          autocomplete: 'off',
          hint: 'A hex colour such as #1a2b3c, used on pages and printouts.',
        },
        {
          name: 'website',
          label: 'Website',
          type: 'url',
          maxLength: 500,
          hint: 'Starting with https://',
        },
        {
          name: 'logoUrl',
          label: 'Logo address',
          type: 'url',
          maxLength: 500,
          hint: 'Starting with https://',
        },
      ]),
    defaults: () => ({}),
    valuesOf: (project) => ({
      acronym: project.acronym,
      name: project.name,
      colour: project.colour ?? '',
      website: project.website ?? '',
      logoUrl: project.logoUrl ?? '',
    }),
    toInput: (values, _c, project) => {
      const editing = Boolean(project);
      return {
        input: {
          acronym: filled(text(values, 'acronym')),
          name: filled(text(values, 'name')),
          colour: optionalValue(text(values, 'colour').trim(), editing),
          website: optionalValue(text(values, 'website').trim(), editing),
          logoUrl: optionalValue(text(values, 'logoUrl').trim(), editing),
        },
        problems: [],
      };
    },
    createSchema: schemas.createProjectBody,
    updateSchema: schemas.updateProjectBody,
    create: (input) => projects.createProject(input),
    update: (id, input) => projects.updateProject(id, input),
    remove: (id) => projects.deleteProject(id),
    duplicate: { field: 'acronym', message: 'Another project already has this acronym' },
  });

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
    remove: (id) => organisations.deleteOrganisation(id),
    duplicate: {
      field: 'name',
      message: 'An organisation with this name exists already in this country',
    },
  });

  const roleOptions: Choice[] = [
    { value: '', label: 'Not part of it' },
    ...CITY_ROLES.map((role) => ({ value: role, label: `${humanise(role)} city` })),
  ];

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
    remove: (id) => cities.deleteCity(id),
    duplicate: { field: 'name', message: 'This city is in the directory already' },
    missingReference: { project_not_found: 'projects' },
  });

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
    remove: (id) => people.deletePerson(id),
    fieldOf: (path) =>
      path === 'consent.photo'
        ? 'consentPhoto'
        : path.startsWith('consent')
          ? 'consentContact'
          : path.split('.')[0],
    duplicate: { field: 'email', message: 'Another person already has this e-mail address' },
    missingReference: { organisation_not_found: 'organisationId' },
  });

  return router;
}

function consentText(person: PersonView): string {
  const given = [person.consent.contact && 'contact', person.consent.photo && 'photos'].filter(
    Boolean,
  );
  return given.length ? given.join(', ') : 'none';
}
