import { Router, type NextFunction, type Request, type Response } from 'express';
import type { ReferencesPort } from '../../lib/component';
import { stillReferencedView } from '../../lib/http/still-referenced';
import type { QrPorts } from './ports';
import { z } from 'zod';
import type { Types } from 'mongoose';
import type { AppContext } from '../../lib/context';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import type { PageRenderer } from '../../lib/http/pages';
import { actorOf, authorize, guardBy, NOT_YOUR_EVENT, NOT_YOURS } from '../../lib/http/policy';
import { asActor, codePolicy, resourcePolicy, scopeOfContent } from './policies';
import { listEvents, listProjects } from '../events';
import { deleteMedia, storeImage, storePdf } from './media.service';
import {
  errorSummary,
  fieldViews,
  problemOfError,
  problemsFromZod,
  readValues,
  type FieldSpec,
  type FormProblem,
  type FormValues,
} from './organiser-form';
import {
  createPostcard,
  deletePostcard,
  getPostcard,
  listPostcards,
  setPostcardFront,
  updatePostcard,
} from './postcards.service';
import type { PostcardView, ResourceView } from './registry.presenter';
import {
  createPostcardBody,
  createResourceBody,
  updatePostcardBody,
  updateResourceBody,
} from './registry.schemas';
import { RESOURCE_TYPES } from './resource.model';
import {
  createResource,
  deleteResource,
  getResource,
  listResources,
  setResourceFile,
  updateResource,
} from './resources.service';

/**
 * Organiser pages of the resource corner and the city postcards: a paged list with an
 * empty state, create and edit forms (cover or front image, a PDF or an https link),
 * and delete after a confirmation. Files are checked (by their bytes) and stored
 * before the record is written, and removed again when the record cannot be, so a
 * refused form leaves nothing behind.
 */
const PAGE_SIZE = 20;
const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  done: z.enum(['created', 'updated', 'deleted']).optional().catch(undefined),
});
const readers = [requireSignedInPage, guardBy((actor) => codePolicy.may(actor, 'read', {}), {})];
const writers = [
  requireSignedInPage,
  guardBy((actor) => codePolicy.may(actor, 'organise', {}), {}),
];
const STYLES = ['/static/css/qr.css'];

type Choices = { projects: FieldSpec['options']; events: FieldSpec['options'] };

async function choices(req: Request): Promise<Choices> {
  const user = currentUser(req);
  const [projects, events] = await Promise.all([
    listProjects({ page: 1, limit: 200, sort: 'acronym' }),
    listEvents({ page: 1, limit: 200, sort: '-startDate' }),
  ]);
  return {
    projects: projects.items.map((p) => ({ value: p.id, label: p.acronym })),
    events: events.items
      .filter((e) => resourcePolicy.may(asActor(user), 'create', { eventId: e.id }))
      .map((e) => ({ value: e.id, label: e.name })),
  };
}

/** The form shows a record's first event; further ones (set through the API or an import) stay. */
const eventIdsOf = (v: FormValues, record?: { eventIds: string[] }) => [
  ...new Set([...(v.eventId ? [v.eventId] : []), ...(record?.eventIds.slice(1) ?? [])]),
];

const optional = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

type Kind<V extends { id: string }> = {
  noun: string;
  plural: string;
  base: string;
  fileFields: { name: string; label: string; purpose: 'image' | 'pdf' }[];
  fields: (c: Choices) => FieldSpec[];
  valuesOf: (record: V) => FormValues;
  /** Form values → the API input (the same zod schemas as the API). */
  toInput: (values: FormValues, record?: V) => Record<string, unknown>;
  createSchema: z.ZodType;
  updateSchema: z.ZodType;
  create: (input: never, base: string) => Promise<V>;
  update: (id: string, input: never) => Promise<V>;
  remove: (id: string, references: ReferencesPort) => Promise<void>;
  get: (id: string) => Promise<V>;
  list: (page: number) => Promise<{ items: V[]; total: number }>;
  nameOf: (record: V) => string;
  columns: string[];
  cells: (
    record: V,
    projects: Map<string, string>,
  ) => { label: string; text: string; href?: string }[];
  /** Attaches stored files; returns the ids they replace (deleted afterwards). */
  attach: (
    id: string,
    files: Record<string, Types.ObjectId>,
    values: FormValues,
  ) => Promise<(Types.ObjectId | undefined)[]>;
  current: (
    record: V,
  ) => { label: string; href: string; image?: boolean; alt?: string; text?: string }[];
  emptyText: string;
  links: { href: string; label: string }[];
  deleteConsequence: string;
  duplicate: { field: string };
  eventOf: (values: FormValues) => string | undefined;
};

function mountKind<V extends { id: string; eventIds: string[] }>(
  router: Router,
  context: AppContext,
  render: PageRenderer,
  kind: Kind<V>,
  ports: Pick<QrPorts, 'references'>,
) {
  const handle =
    (fn: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: NextFunction) => {
      fn(req, res).catch(next);
    };
  const breadcrumbs = [{ href: '/qr', label: 'QR codes and scans' }];
  const one = `${kind.base}/:id`;

  const mayModify = (req: Request, record: V) => {
    return resourcePolicy.may(actorOf(req), 'update', scopeOfContent(record));
  };
  const recordOf = async (req: Request) => {
    const record = await kind.get(String(req.params.id));
    authorize(actorOf(req), mayModify(req, record), NOT_YOURS);
    return record;
  };

  router.get(
    kind.base,
    ...readers,
    handle(async (req, res) => {
      const query = pageQuery.parse(req.query);
      const [result, projects] = await Promise.all([
        kind.list(query.page),
        listProjects({ page: 1, limit: 200, sort: 'acronym' }),
      ]);
      const projectNames = new Map(projects.items.map((p) => [p.id, p.acronym]));
      const user = currentUser(req);
      const lastPage = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
      const canCreate = user.role === 'admin' || user.role === 'comms';
      const rows = result.items.map((record) => ({
        name: kind.nameOf(record),
        cells: kind.cells(record, projectNames),
        canModify: canCreate && mayModify(req, record),
        editHref: `${kind.base}/${record.id}/edit`,
        deleteHref: `${kind.base}/${record.id}/delete`,
      }));
      render(req, res, 'qr/list', {
        title: kind.plural,
        heading: kind.plural,
        breadcrumbs,
        styles: STYLES,
        notice: query.done && `The ${kind.noun} was ${query.done}.`,
        columns: kind.columns,
        rows,
        total: result.total,
        single: result.total === 1,
        nounSingular: kind.noun,
        nounPlural: kind.plural.toLowerCase(),
        page: query.page,
        lastPage,
        manyPages: lastPage > 1,
        previousHref: query.page > 1 ? `${kind.base}?page=${query.page - 1}` : undefined,
        nextHref: query.page < lastPage ? `${kind.base}?page=${query.page + 1}` : undefined,
        canCreate,
        canModify: rows.some((r) => r.canModify),
        newHref: `${kind.base}/new`,
        newLabel: `New ${kind.noun}`,
        emptyText: kind.emptyText,
        links: kind.links,
        emptyNoRight: `A comms user adds ${kind.plural.toLowerCase()}.`,
      });
    }),
  );

  async function showForm(
    req: Request,
    res: Response,
    state: { record?: V; values: FormValues; problems?: FormProblem[] },
    status = 200,
  ) {
    const specs = kind.fields(await choices(req));
    const problems = state.problems ?? [];
    const heading = state.record
      ? `Edit ${kind.noun} “${kind.nameOf(state.record)}”`
      : `New ${kind.noun}`;
    render(
      req,
      res,
      'qr/form',
      {
        title: problems.length ? `Check the form: ${heading}` : heading,
        heading,
        styles: STYLES,
        breadcrumbs: [...breadcrumbs, { href: kind.base, label: kind.plural }],
        fields: fieldViews(specs, state.values, problems),
        errors: errorSummary(specs, problems),
        errorsMany: problems.length > 1,
        current: state.record ? kind.current(state.record) : [],
        multipart: true,
        action: state.record ? `${kind.base}/${state.record.id}/edit` : kind.base,
        submitLabel: state.record ? 'Save changes' : `Create ${kind.noun}`,
        cancelHref: kind.base,
      },
      status,
    );
  }

  async function save(req: Request, res: Response, record?: V) {
    const specs = kind.fields(await choices(req));
    const values = readValues(specs, req.body);
    const problems: FormProblem[] = specs
      .filter((s) => s.required && !values[s.name]?.trim())
      .map((s) => ({ field: s.name, message: s.type === 'select' ? 'Choose one' : 'Enter this' }));
    const eventId = kind.eventOf(values);
    if (eventId && !resourcePolicy.may(actorOf(req), 'create', { eventId }))
      problems.push({ field: 'eventId', message: NOT_YOUR_EVENT });
    const input = kind.toInput(values, record);
    const parsed = (record ? kind.updateSchema : kind.createSchema).safeParse(input);
    if (!parsed.success)
      problems.push(
        ...problemsFromZod(parsed.error, specs, (p) => (p.startsWith('eventIds') ? 'eventId' : p)),
      );
    const uploads = req.formFiles ?? {};
    if (uploads.document && values.externalUrl?.trim())
      problems.push({ field: 'externalUrl', message: 'Give either a PDF or a link, not both' });
    const firstPerField = problems.filter(
      (p, i) => !p.field || problems.findIndex((q) => q.field === p.field) === i,
    );
    if (firstPerField.length)
      return showForm(req, res, { record, values, problems: firstPerField }, 400);

    // Files first: a refused file leaves the record as it was.
    const stored: Record<string, Types.ObjectId> = {};
    const drop = () =>
      Promise.all(Object.values(stored).map((id) => deleteMedia(id).catch(() => undefined)));
    for (const file of kind.fileFields) {
      const upload = uploads[file.name];
      if (!upload) continue;
      try {
        stored[file.name] =
          file.purpose === 'image'
            ? await storeImage(upload.bytes, `${kind.noun}-${file.name}`)
            : await storePdf(
                upload.bytes,
                upload.name.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'document.pdf',
              );
      } catch (err) {
        await drop();
        const known = problemOfError(err, {});
        if (!known) throw err;
        return showForm(
          req,
          res,
          { record, values, problems: [{ field: file.name, message: known.problem.message }] },
          known.status,
        );
      }
    }
    let saved: V;
    try {
      saved = record
        ? await kind.update(record.id, parsed.data as never)
        : await kind.create(parsed.data as never, context.config.publicBaseUrl);
    } catch (err) {
      await drop();
      const known = problemOfError(err, {
        duplicate: kind.duplicate.field,
        project_not_found: 'projectId',
        event_not_found: 'eventId',
      });
      if (!known) throw err;
      return showForm(req, res, { record, values, problems: [known.problem] }, known.status);
    }
    const replaced = await kind.attach(saved.id, stored, values);
    await Promise.all(replaced.map((id) => deleteMedia(id).catch(() => undefined)));
    res.redirect(303, `${kind.base}?done=${record ? 'updated' : 'created'}`);
  }

  router.get(
    `${kind.base}/new`,
    ...writers,
    handle(async (req, res) => showForm(req, res, { values: { language: 'en' } })),
  );
  router.post(
    kind.base,
    ...writers,
    handle((req, res) => save(req, res)),
  );
  router.get(
    `${one}/edit`,
    ...writers,
    handle(async (req, res) => {
      const record = await recordOf(req);
      await showForm(req, res, { record, values: kind.valuesOf(record) });
    }),
  );
  router.post(
    `${one}/edit`,
    ...writers,
    handle(async (req, res) => save(req, res, await recordOf(req))),
  );
  router.get(
    `${one}/delete`,
    ...writers,
    handle(async (req, res) => {
      const record = await recordOf(req);
      render(req, res, 'resource-delete', {
        title: `Delete ${kind.noun} “${kind.nameOf(record)}”?`,
        breadcrumbs: [...breadcrumbs, { href: kind.base, label: kind.plural }],
        noun: kind.noun,
        name: kind.nameOf(record),
        consequence: kind.deleteConsequence,
        action: `${kind.base}/${record.id}/delete`,
        cancelHref: kind.base,
      });
    }),
  );
  router.post(
    `${one}/delete`,
    ...writers,
    handle(async (req, res) => {
      const record = await recordOf(req);
      try {
        await kind.remove(record.id, ports.references);
      } catch (err) {
        const refused = stillReferencedView(err);
        if (!refused) throw err;
        return render(
          req,
          res,
          'resource-delete',
          {
            title: `Delete ${kind.noun} “${kind.nameOf(record)}”?`,
            breadcrumbs: [...breadcrumbs, { href: kind.base, label: kind.plural }],
            noun: kind.noun,
            name: kind.nameOf(record),
            ...refused,
            cancelHref: kind.base,
          },
          409,
        );
      }
      res.redirect(303, `${kind.base}?done=deleted`);
    }),
  );
}

const languageField: FieldSpec = {
  name: 'language',
  label: 'Language',
  required: true,
  hint: 'A language code such as en or lt',
  maxLength: 3,
};
const eventField = (c: Choices): FieldSpec => ({
  name: 'eventId',
  label: 'Event',
  type: 'select',
  emptyOption: 'No event',
  options: c.events,
  hint: 'Where it is shown (its QR code is placed there)',
});

const resources: Kind<ResourceView> = {
  noun: 'resource',
  plural: 'Resources',
  base: '/qr/resources',
  fileFields: [
    { name: 'cover', label: 'Cover image', purpose: 'image' },
    { name: 'document', label: 'Document (PDF)', purpose: 'pdf' },
  ],
  fields: (c) => [
    {
      name: 'projectId',
      label: 'Project',
      type: 'select',
      required: true,
      emptyOption: 'Choose a project',
      options: c.projects,
    },
    { name: 'deliverableCode', label: 'Deliverable code', hint: 'e.g. D7.7', maxLength: 20 },
    { name: 'title', label: 'Title', required: true, maxLength: 300 },
    {
      name: 'type',
      label: 'Type',
      type: 'select',
      required: true,
      options: RESOURCE_TYPES.map((t) => ({
        value: t,
        label: t.charAt(0).toUpperCase() + t.slice(1),
      })),
    },
    languageField,
    { name: 'description', label: 'Description', type: 'textarea', maxLength: 5000 },
    {
      name: 'publishedOn',
      label: 'Publication or due date',
      hint: 'YYYY-MM or YYYY-MM-DD',
      maxLength: 10,
    },
    {
      name: 'dateKind',
      label: 'The date is',
      type: 'select',
      required: true,
      options: [
        { value: 'published', label: 'When it was published' },
        { value: 'due', label: 'When it is due' },
      ],
    },
    eventField(c),
    {
      name: 'cover',
      label: 'Cover image',
      type: 'file',
      hint: 'JPEG, PNG or WebP, at most 8 MB (SVG is not accepted); leave empty to keep the current one',
    },
    {
      name: 'document',
      label: 'Document (PDF)',
      type: 'file',
      hint: 'At most 25 MB; or give a link below instead',
    },
    {
      name: 'externalUrl',
      label: 'Or a link to it',
      type: 'url',
      hint: 'An https:// address; leave empty for none',
      maxLength: 2000,
    },
  ],
  valuesOf: (r) => ({
    projectId: r.projectId,
    deliverableCode: r.deliverableCode ?? '',
    title: r.title,
    type: r.type,
    language: r.language,
    description: r.description ?? '',
    publishedOn: r.publishedOn ?? '',
    dateKind: r.dateKind,
    eventId: r.eventIds[0] ?? '',
    externalUrl: r.externalUrl ?? '',
  }),
  toInput: (v, record) => ({
    projectId: v.projectId,
    deliverableCode: optional(v.deliverableCode),
    title: v.title,
    type: v.type,
    language: v.language,
    description: optional(v.description),
    publishedOn: optional(v.publishedOn),
    dateKind: v.dateKind,
    eventIds: eventIdsOf(v, record),
    externalUrl: optional(v.externalUrl) ?? (record ? null : undefined),
  }),
  createSchema: createResourceBody,
  updateSchema: updateResourceBody,
  create: (input, base) => createResource(input, base),
  update: (id, input) => updateResource(id, input),
  remove: deleteResource,
  get: getResource,
  list: (page) => listResources({ page, limit: PAGE_SIZE }),
  nameOf: (r) => [r.deliverableCode, r.title].filter(Boolean).join(' '),
  columns: ['Title', 'Project', 'Type', 'Document', 'Poster', 'Scans'],
  cells: (r, projects) => [
    {
      label: 'Title',
      text: [r.deliverableCode, r.title].filter(Boolean).join(' '),
      href: r.pagePath,
    },
    { label: 'Project', text: projects.get(r.projectId) ?? '' },
    { label: 'Type', text: r.type },
    { label: 'Document', text: r.documentUrl ? 'PDF' : r.externalUrl ? 'Link' : 'Coming' },
    { label: 'Poster', text: 'A4 poster (PDF)', href: `/api/resources/${r.id}/poster.pdf?size=A4` },
    { label: 'Scans', text: 'Analytics', href: `/qr/analytics?scope=resource&id=${r.id}` },
  ],
  attach: async (id, files, values) => {
    const replaced: (Types.ObjectId | undefined)[] = [];
    if (files.cover) replaced.push(await setResourceFile(id, 'coverFileId', files.cover));
    if (files.document) {
      replaced.push(await setResourceFile(id, 'documentFileId', files.document));
      await updateResource(id, { externalUrl: null });
    } else if (values.externalUrl?.trim()) {
      // A link replaces an uploaded PDF: a resource has one or the other.
      replaced.push(await setResourceFile(id, 'documentFileId', undefined));
    }
    return replaced;
  },
  current: (r) => [
    ...(r.coverUrl
      ? [{ label: 'Current cover', href: r.coverUrl, image: true, alt: `Cover of ${r.title}` }]
      : []),
    ...(r.documentUrl ? [{ label: 'Current document', href: r.documentUrl, text: 'the PDF' }] : []),
  ],
  emptyText: 'No resources yet: add a publication, or import a CSV.',
  links: [
    { href: '/qr/import/resources', label: 'Import resources from a CSV file' },
    { href: '/qr/codes', label: 'All QR codes' },
  ],
  deleteConsequence: 'Its printed QR codes stay and then lead to a “coming soon” page.',
  duplicate: { field: 'title' },
  eventOf: (v) => optional(v.eventId),
};

const postcards: Kind<PostcardView> = {
  noun: 'postcard',
  plural: 'City postcards',
  base: '/qr/postcards',
  fileFields: [{ name: 'front', label: 'Front image', purpose: 'image' }],
  fields: (c) => [
    { name: 'city', label: 'City', required: true, maxLength: 100 },
    {
      name: 'country',
      label: 'Country',
      required: true,
      hint: 'Two letters, e.g. LT',
      maxLength: 2,
    },
    {
      name: 'projectId',
      label: 'Project',
      type: 'select',
      required: true,
      emptyOption: 'Choose a project',
      options: c.projects,
    },
    { name: 'story', label: 'Short story', type: 'textarea', maxLength: 1200 },
    {
      name: 'linkUrl',
      label: 'Link (a film, a page)',
      type: 'url',
      hint: 'An https:// address',
      maxLength: 2000,
    },
    { name: 'linkLabel', label: 'Link text', maxLength: 100 },
    languageField,
    eventField(c),
    {
      name: 'front',
      label: 'Front image',
      type: 'file',
      hint: 'JPEG, PNG or WebP, at most 8 MB (SVG is not accepted); leave empty to keep the current one',
    },
  ],
  valuesOf: (p) => ({
    city: p.city,
    country: p.country,
    projectId: p.projectId,
    story: p.story ?? '',
    linkUrl: p.linkUrl ?? '',
    linkLabel: p.linkLabel ?? '',
    language: p.language,
    eventId: p.eventIds[0] ?? '',
  }),
  toInput: (v, record) => ({
    city: v.city,
    country: v.country,
    projectId: v.projectId,
    story: optional(v.story),
    linkUrl: optional(v.linkUrl) ?? (record ? null : undefined),
    linkLabel: optional(v.linkLabel),
    language: v.language,
    eventIds: eventIdsOf(v, record),
  }),
  createSchema: createPostcardBody,
  updateSchema: updatePostcardBody,
  create: (input, base) => createPostcard(input, base),
  update: (id, input) => updatePostcard(id, input),
  remove: deletePostcard,
  get: getPostcard,
  list: (page) => listPostcards({ page, limit: PAGE_SIZE }),
  nameOf: (p) => p.city,
  columns: ['City', 'Country', 'Project', 'Front', 'Print', 'Scans'],
  cells: (p, projects) => [
    { label: 'City', text: p.city, href: p.pagePath },
    { label: 'Country', text: p.country },
    { label: 'Project', text: projects.get(p.projectId) ?? '' },
    { label: 'Front', text: p.frontUrl ? 'Image' : 'None yet' },
    { label: 'Print', text: 'Postcard (PDF)', href: `/api/print/postcards.pdf?ids=${p.id}` },
    {
      label: 'Scans',
      text: 'Analytics',
      href: p.qrCodeId ? `/qr/analytics?scope=code&id=${p.qrCodeId}` : undefined,
    },
  ],
  attach: async (id, files) => (files.front ? [await setPostcardFront(id, files.front)] : []),
  current: (p) =>
    p.frontUrl
      ? [
          {
            label: 'Current front',
            href: p.frontUrl,
            image: true,
            alt: `Front of the ${p.city} postcard`,
          },
        ]
      : [],
  emptyText: 'No city postcards yet: add one, or import the cities from a CSV.',
  links: [
    { href: '/qr/import/postcards', label: 'Import cities and postcards from a CSV file' },
    { href: '/api/print/postcards.pdf', label: 'Print every postcard (PDF, A6 duplex)' },
    { href: '/qr/codes', label: 'All QR codes' },
  ],
  deleteConsequence: 'Its printed QR codes stay and then lead to a “coming soon” page.',
  duplicate: { field: 'city' },
  eventOf: (v) => optional(v.eventId),
};

/** /qr/resources and /qr/postcards. */
export function createContentPages(
  context: AppContext,
  render: PageRenderer,
  ports: Pick<QrPorts, 'references'>,
): Router {
  const router = Router();
  mountKind(router, context, render, resources, ports);
  mountKind(router, context, render, postcards, ports);
  return router;
}
