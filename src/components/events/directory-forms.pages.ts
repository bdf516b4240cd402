import { Router, type RequestHandler } from 'express';
import type { AppContext } from '../../lib/context';
import type { EventsPorts } from './ports';
import type { ReferencesPort } from '../../lib/component';
import { requireSignedInPage } from '../../lib/http/access';
import { createPageRenderer } from '../../lib/http/pages';
import type { Page } from '../../lib/http/validate';
import * as cities from './cities.service';
import * as clusters from './clusters.service';
import type { ClusterView, ProjectView } from './events.presenter';
import * as schemas from './events.schemas';
import { filled, list, optionalValue, text } from '../../lib/forms';
import * as organisations from './organisations.service';
import * as people from './people.service';
import * as projects from './projects.service';
import { mountResourcePages } from './resource-pages';

/**
 * Pages for the cluster directory: clusters, projects, organisations, cities and
 * people. Every organiser reads them; admins create, edit and delete (as the API).
 */
import {
  adminsOnly,
  crumbs,
  mountCityPages,
  mountOrganisationPages,
  mountPersonPages,
  none,
  projectChoices,
} from './directory-contacts.pages';

const directoryKinds = [
  { href: '/directory/clusters', label: 'Clusters', what: 'Groups of projects that work together' },
  { href: '/directory/projects', label: 'Projects', what: 'Acronym, colour, logo and website' },
  { href: '/directory/organisations', label: 'Organisations', what: 'Partners and their country' },
  { href: '/directory/cities', label: 'Cities', what: 'Cities and their role in each project' },
  { href: '/directory/people', label: 'People', what: 'Contacts, their organisation and consent' },
];

export function createDirectoryFormPages(
  context: AppContext,
  ports: Pick<EventsPorts, 'references'>,
): Router {
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

  mountClusterPages(router, context, ports.references);
  mountProjectPages(router, context, ports.references);
  mountOrganisationPages(router, context, ports.references);
  mountCityPages(router, context, ports.references);
  mountPersonPages(router, context, ports.references);
  return router;
}

/** The directory's cluster pages (list, create, edit, delete). */
export function mountClusterPages(
  router: Router,
  context: AppContext,
  references: ReferencesPort,
): void {
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
    remove: (id) => clusters.deleteCluster(id, references),
    duplicate: { field: 'name', message: 'A cluster with this name exists already' },
    missingReference: { project_not_found: 'projectIds' },
    deleteConsequence: () => 'Its projects stay in the directory.',
  });
}

/** The directory's project pages (list, create, edit, delete). */
export function mountProjectPages(
  router: Router,
  context: AppContext,
  references: ReferencesPort,
): void {
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
    remove: (id) => projects.deleteProject(id, references),
    duplicate: { field: 'acronym', message: 'Another project already has this acronym' },
  });
}
