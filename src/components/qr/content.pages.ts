import type { Request, Response, Router } from 'express';
import type { Types } from 'mongoose';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import {
  firstPerField,
  formView,
  missingRequired,
  problemOfError,
  problemsFromIssues,
  readFormValues,
  text,
  type FormProblem,
  type FormValues,
} from '../../lib/forms';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import { actorOf, authorize, guardBy, NOT_YOUR_EVENT, NOT_YOURS } from '../../lib/http/policy';
import { stillReferencedView } from '../../lib/http/still-referenced';
import { asActor, codePolicy, resourcePolicy, scopeOfContent } from './policies';
import type { QrPorts } from './ports';
import { PageRouter, perRequest, type PageRouteSpec } from '../../lib/http/page-router';
import type { PageRenderer } from '../../lib/http/pages';
import { idParam } from '../../lib/http/params';
import { listEvents, listProjects } from '../events';
import { PAGE_SIZE, postcards, resources, type Choices, type Kind } from './content-kinds';
import { deleteMedia, storeImage, storePdf } from './media.service';

/**
 * Organiser pages of the resource corner and the city postcards: a paged list with an
 * empty state, create and edit forms (cover or front image, a PDF or an https link),
 * and delete after a confirmation. Files are checked (by their bytes) and stored
 * before the record is written, and removed again when the record cannot be, so a
 * refused form leaves nothing behind.
 */
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

type RecordParams = z.ZodObject<{ id: ReturnType<typeof idParam> }>;

/** What the list, form and delete pages of one kind share. */
type KindPages<V extends { id: string; eventIds: string[] }> = {
  pages: PageRouter;
  context: AppContext;
  render: PageRenderer;
  kind: Kind<V>;
  ports: Pick<QrPorts, 'references'>;
  breadcrumbs: { href: string; label: string }[];
  /** `<base>/:id`, the start of the edit and delete addresses. */
  one: string;
  mayModify: (req: Request, record: V) => boolean;
  /** The record named by the address, loaded once per request (policy and handler share it). */
  recordOf: (req: Request, id: string) => Promise<V>;
  /** The spec of the edit and delete pages: writers, the record's id, and the policy. */
  one$: PageRouteSpec<RecordParams, undefined, undefined>;
};

function kindPages<V extends { id: string; eventIds: string[] }>(
  router: Router,
  context: AppContext,
  render: PageRenderer,
  kind: Kind<V>,
  ports: Pick<QrPorts, 'references'>,
): KindPages<V> {
  const recordParams: RecordParams = z.object({ id: idParam(capitalised(kind.noun)) });
  const mayModify = (req: Request, record: V) =>
    resourcePolicy.may(actorOf(req), 'update', scopeOfContent(record));
  const recordOf = perRequest(async (id: string) => kind.get(id));
  /** The policy of the edit and delete pages: the actor manages the record's events. */
  const policy = async (req: Request, { params }: { params: { id: string } }) => {
    const record = await recordOf(req, params.id);
    authorize(actorOf(req), mayModify(req, record), NOT_YOURS);
  };
  return {
    pages: new PageRouter(router),
    context,
    render,
    kind,
    ports,
    breadcrumbs: [{ href: '/qr', label: 'QR codes and scans' }],
    one: `${kind.base}/:id`,
    mayModify,
    recordOf,
    one$: { guards: writers, params: recordParams, policy },
  };
}

/** GET <base>: the paged list with its empty state. */
function mountList<V extends { id: string; eventIds: string[] }>(k: KindPages<V>) {
  const { kind, render, breadcrumbs, mayModify } = k;
  k.pages.get(kind.base, { guards: readers, query: pageQuery }, async (req, res, { query }) => {
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
  });
}

async function showForm<V extends { id: string; eventIds: string[] }>(
  { kind, render, breadcrumbs }: KindPages<V>,
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
      ...formView(specs, state.values, problems),
      current: state.record ? kind.current(state.record) : [],
      multipart: true,
      action: state.record ? `${kind.base}/${state.record.id}/edit` : kind.base,
      submitLabel: state.record ? 'Save changes' : `Create ${kind.noun}`,
      cancelHref: kind.base,
    },
    status,
  );
}

/** Checks the form, stores its files, then the record; answers the form again when refused. */
async function save<V extends { id: string; eventIds: string[] }>(
  k: KindPages<V>,
  req: Request,
  res: Response,
  record?: V,
) {
  const { kind } = k;
  const specs = kind.fields(await choices(req));
  const values = readFormValues(specs, req.body);
  const problems: FormProblem[] = missingRequired(specs, values);
  const eventId = kind.eventOf(values);
  if (eventId && !resourcePolicy.may(actorOf(req), 'create', { eventId }))
    problems.push({ field: 'eventId', message: NOT_YOUR_EVENT });
  const input = kind.toInput(values, record);
  const parsed = (record ? kind.updateSchema : kind.createSchema).safeParse(input);
  if (!parsed.success)
    problems.push(
      ...problemsFromIssues(parsed.error, specs, (p) => (p.startsWith('eventIds') ? 'eventId' : p)),
    );
  const uploads = req.formFiles ?? {};
  if (uploads.document && text(values, 'externalUrl').trim())
    problems.push({ field: 'externalUrl', message: 'Give either a PDF or a link, not both' });
  const shown = firstPerField(problems);
  if (shown.length) return showForm(k, req, res, { record, values, problems: shown }, 400);

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
        k,
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
      : await kind.create(parsed.data as never, k.context.config.publicBaseUrl);
  } catch (err) {
    await drop();
    const known = problemOfError(err, {
      duplicate: kind.duplicate.field,
      project_not_found: 'projectId',
      event_not_found: 'eventId',
    });
    if (!known) throw err;
    return showForm(k, req, res, { record, values, problems: [known.problem] }, known.status);
  }
  const replaced = await kind.attach(saved.id, stored, values);
  await Promise.all(replaced.map((id) => deleteMedia(id).catch(() => undefined)));
  res.redirect(303, `${kind.base}?done=${record ? 'updated' : 'created'}`);
}

/** GET <base>/new, POST <base>; GET and POST <base>/:id/edit. */
function mountForms<V extends { id: string; eventIds: string[] }>(k: KindPages<V>) {
  const { pages, kind, one, one$, recordOf } = k;
  pages.get(`${kind.base}/new`, { guards: writers }, async (req, res) =>
    showForm(k, req, res, { values: { language: 'en' } }),
  );
  pages.post(kind.base, { guards: writers }, (req, res) => save(k, req, res));
  pages.get(`${one}/edit`, one$, async (req, res, { params }) => {
    const record = await recordOf(req, params.id);
    await showForm(k, req, res, { record, values: kind.valuesOf(record) });
  });
  pages.post(`${one}/edit`, one$, async (req, res, { params }) =>
    save(k, req, res, await recordOf(req, params.id)),
  );
}

/** GET <base>/:id/delete asks; POST deletes, or says what still refers to the record. */
function mountDelete<V extends { id: string; eventIds: string[] }>(k: KindPages<V>) {
  const { pages, kind, render, breadcrumbs, one, one$, recordOf, ports } = k;
  pages.get(`${one}/delete`, one$, async (req, res, { params }) => {
    const record = await recordOf(req, params.id);
    render(req, res, 'resource-delete', {
      title: `Delete ${kind.noun} “${kind.nameOf(record)}”?`,
      breadcrumbs: [...breadcrumbs, { href: kind.base, label: kind.plural }],
      noun: kind.noun,
      name: kind.nameOf(record),
      consequence: kind.deleteConsequence,
      action: `${kind.base}/${record.id}/delete`,
      cancelHref: kind.base,
    });
  });
  pages.post(`${one}/delete`, one$, async (req, res, { params }) => {
    const record = await recordOf(req, params.id);
    try {
      await kind.remove(record.id, ports.references);
    } catch (err) {
      // 409 still_referenced: what refers to it, each with a link to go and change it.
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
  });
}

/** The list, form and delete pages of one kind, in that order (`/new` before `/:id/…`). */
function mountKind<V extends { id: string; eventIds: string[] }>(
  router: Router,
  context: AppContext,
  render: PageRenderer,
  kind: Kind<V>,
  ports: Pick<QrPorts, 'references'>,
) {
  const k = kindPages(router, context, render, kind, ports);
  mountList(k);
  mountForms(k);
  mountDelete(k);
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** /qr/resources and /qr/postcards. */
export function createContentPages(
  context: AppContext,
  render: PageRenderer,
  ports: Pick<QrPorts, 'references'>,
): Router {
  const router = new PageRouter().router;
  mountKind(router, context, render, resources, ports);
  mountKind(router, context, render, postcards, ports);
  return router;
}
