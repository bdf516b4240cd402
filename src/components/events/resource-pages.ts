import type { Request, Response, Router } from 'express';
import type { Referrer } from '../../lib/component';
import { stillReferencedView } from '../../lib/http/still-referenced';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { forbidden } from '../../lib/errors';
import {
  firstPerField,
  formView,
  missingRequired,
  problemsFromIssues,
  readFormValues,
  type FieldSpec,
  type FormProblem,
  type FormValues,
} from '../../lib/forms';
import { currentUser, requireSignedInPage, type RequestUser } from '../../lib/http/access';
import { toProblem } from '../../lib/http/error-handler';
import { PageRouter } from '../../lib/http/page-router';
import { createPageRenderer } from '../../lib/http/pages';
import { idParam } from '../../lib/http/params';
import type { Page } from '../../lib/http/validate';

/**
 * Server-rendered list, create, edit and delete pages for one kind of record, on top
 * of the component's services and zod schemas (the same ones the API uses):
 *
 *   GET  <base>                 the list, paged, with an empty state offering the form
 *   GET  <base>/new, POST <base>            the create form
 *   GET  <base>/:id/edit, POST <base>/:id/edit   the edit form
 *   GET  <base>/:id/delete, POST <base>/:id/delete  a confirmation page, then the delete
 *
 * Everything works without script; CSRF tokens are checked by the auth middleware for
 * every cookie-authenticated post.
 */

export type Breadcrumb = { href: string; label: string };
export type Cell = { label: string; text: string; href?: string };

export type ResourcePages<V extends { id: string }, C> = {
  /** 'project': used in headings, buttons and notices. */
  noun: string;
  plural: string;
  /** The Express pattern of the list ('/directory/projects', '/events/:id/programme'). */
  pattern: string;
  /** The route parameter naming one record. */
  idParam: string;
  /** What every page of this kind needs (e.g. the event of a programme item). */
  load: (req: Request) => Promise<C>;
  /** The list's address for this context. */
  href: (context: C) => string;
  breadcrumbs: (context: C) => Breadcrumb[];
  intro?: (context: C) => string | undefined;
  may: {
    create: (user: RequestUser, context: C) => boolean;
    modify: (user: RequestUser, context: C, record: V) => boolean;
  };
  pageSize?: number;
  list: (context: C, page: number, limit: number) => Promise<Page<V>>;
  columns: string[];
  cells: (record: V, context: C) => Promise<Cell[]> | Cell[];
  /** The list's cells of a page of records at once (saves per-row look-ups). */
  prepare?: (records: V[], context: C) => Promise<(record: V) => Cell[]>;
  emptyText: string;
  get: (id: string, context: C) => Promise<V>;
  nameOf: (record: V) => string;
  fields: (context: C, record?: V) => Promise<FieldSpec[]>;
  defaults: (context: C) => FormValues;
  valuesOf: (record: V, context: C) => FormValues;
  /** Form values → the API input; problems found on the way (e.g. a skipped local time). */
  toInput: (
    values: FormValues,
    context: C,
    record?: V,
  ) => { input: Record<string, unknown>; problems: FormProblem[] };
  createSchema: z.ZodType;
  updateSchema: z.ZodType;
  create: (input: never, context: C) => Promise<V>;
  update: (id: string, input: never, context: C) => Promise<V>;
  remove: (id: string, context: C) => Promise<void>;
  /** Where a saved record leads (default: the list). */
  afterSave?: (record: V, context: C) => string;
  /** Schema paths that are not a field's own name ('consent.photo' → 'consentPhoto'). */
  fieldOf?: (path: string) => string | undefined;
  /** The field a unique-key clash (409 duplicate) belongs to, and what to say there. */
  duplicate: { field: string; message: string };
  /** Codes of 404s about referenced records ('cluster_not_found') → their field. */
  missingReference?: Record<string, string>;
  /** Said on the delete confirmation, e.g. what else goes with the record. */
  deleteConsequence?: (record: V) => string | undefined;
};

const NOTICES: Record<string, (noun: string) => string> = {
  created: (noun) => `The ${noun} was created.`,
  updated: (noun) => `The ${noun} was saved.`,
  deleted: (noun) => `The ${noun} was deleted.`,
};

const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  done: z.string().optional().catch(undefined),
});

export function mountResourcePages<V extends { id: string }, C>(
  router: Router,
  appContext: AppContext,
  def: ResourcePages<V, C>,
): void {
  const render = createPageRenderer(appContext.config);
  const pageSize = def.pageSize ?? 20;
  const one = `${def.pattern}/:${def.idParam}`;

  const pages = new PageRouter(router);
  const guards = [requireSignedInPage];
  const recordParams = z.object({ [def.idParam]: idParam(capitalised(def.noun)) });

  // The policy and the handler both need the page's context and record: loaded once per request.
  const contexts = new WeakMap<Request, Promise<C>>();
  const contextOf = (req: Request) => {
    let loaded = contexts.get(req);
    if (!loaded) contexts.set(req, (loaded = def.load(req)));
    return loaded;
  };
  const records = new WeakMap<Request, Promise<V>>();
  const recordOf = (req: Request, id: string) => {
    let loaded = records.get(req);
    if (!loaded) {
      loaded = contextOf(req).then(async (context) => {
        const record = await def.get(id, context);
        if (!def.may.modify(currentUser(req), context, record)) throw forbidden();
        return record;
      });
      records.set(req, loaded);
    }
    return loaded;
  };
  const mayCreate = async (req: Request) => {
    const context = await contextOf(req);
    if (!def.may.create(currentUser(req), context)) throw forbidden();
  };
  const idOf = (params: Record<string, string>) => params[def.idParam] as string;
  const mayModify = async (req: Request, { params }: { params: Record<string, string> }) => {
    await recordOf(req, idOf(params));
  };

  pages.get(def.pattern, { guards, query: pageQuery }, async (req, res, { query }) => {
    const context = await contextOf(req);
    const user = currentUser(req);
    const result = await def.list(context, query.page, pageSize);
    const lastPage = Math.max(1, Math.ceil(result.total / pageSize));
    const base = def.href(context);
    const cellsOf = def.prepare ? await def.prepare(result.items, context) : undefined;
    const rows = await Promise.all(
      result.items.map(async (record) => ({
        name: def.nameOf(record),
        cells: cellsOf ? cellsOf(record) : await def.cells(record, context),
        canModify: def.may.modify(user, context, record),
        editHref: `${base}/${record.id}/edit`,
        deleteHref: `${base}/${record.id}/delete`,
      })),
    );
    const notice = query.done && NOTICES[query.done]?.(def.noun);
    render(req, res, 'events/resource-list', {
      title: def.plural,
      heading: def.plural,
      intro: def.intro?.(context),
      breadcrumbs: def.breadcrumbs(context),
      notice,
      columns: def.columns,
      rows,
      total: result.total,
      single: result.total === 1,
      nounSingular: def.noun,
      nounPlural: def.plural.toLowerCase(),
      page: query.page,
      lastPage,
      manyPages: lastPage > 1,
      previousHref: query.page > 1 ? `${base}?page=${query.page - 1}` : undefined,
      nextHref: query.page < lastPage ? `${base}?page=${query.page + 1}` : undefined,
      canCreate: def.may.create(user, context),
      canModify: rows.some((row) => row.canModify),
      newHref: `${base}/new`,
      newLabel: `New ${def.noun}`,
      emptyText: def.emptyText,
      emptyNoRight: `You can read ${def.plural.toLowerCase()} here; an administrator or the event's manager adds them.`,
    });
  });

  async function showForm(
    req: Request,
    res: Response,
    context: C,
    state: { record?: V; values: FormValues; problems?: FormProblem[] },
    status = 200,
  ) {
    const specs = await def.fields(context, state.record);
    const problems = state.problems ?? [];
    const base = def.href(context);
    const heading = state.record
      ? `Edit ${def.noun} “${def.nameOf(state.record)}”`
      : `New ${def.noun}`;
    render(
      req,
      res,
      'events/resource-form',
      {
        title: problems.length ? `Check the form: ${heading}` : heading,
        heading,
        intro: def.intro?.(context),
        breadcrumbs: [...def.breadcrumbs(context), { href: base, label: def.plural }],
        ...formView(specs, state.values, problems),
        action: state.record ? `${base}/${state.record.id}/edit` : base,
        submitLabel: state.record ? 'Save changes' : `Create ${def.noun}`,
        cancelHref: base,
      },
      status,
    );
  }

  /** Validates and saves; answers the form again with its problems when that fails. */
  async function save(req: Request, res: Response, context: C, record?: V) {
    const specs = await def.fields(context, record);
    const values = readFormValues(specs, req.body);
    const { input, problems: found } = def.toInput(values, context, record);
    const schema = record ? def.updateSchema : def.createSchema;
    const parsed = schema.safeParse(input);
    const problems = [...missingRequired(specs, values), ...found];
    if (!parsed.success) problems.push(...problemsFromIssues(parsed.error, specs, def.fieldOf));
    if (problems.length === 0 && parsed.success) {
      try {
        const saved = record
          ? await def.update(record.id, parsed.data as never, context)
          : await def.create(parsed.data as never, context);
        const target = def.afterSave?.(saved, context) ?? def.href(context);
        const separator = target.includes('?') ? '&' : '?';
        res.redirect(303, `${target}${separator}done=${record ? 'updated' : 'created'}`);
        return;
      } catch (err) {
        const saveProblems = problemsOfSaveError(err, specs);
        if (!saveProblems) throw err;
        return showForm(
          req,
          res,
          context,
          { record, values, problems: saveProblems.problems },
          saveProblems.status,
        );
      }
    }
    await showForm(req, res, context, { record, values, problems: firstPerField(problems) }, 400);
  }

  function problemsOfSaveError(err: unknown, specs: FieldSpec[]) {
    const problem = toProblem(err);
    if (problem.status >= 500) return undefined;
    const known = (field: string) => (specs.some((s) => s.name === field) ? field : '');
    if (problem.code === 'duplicate') {
      return {
        status: 409,
        problems: [{ field: known(def.duplicate.field), message: def.duplicate.message }],
      };
    }
    const reference = def.missingReference?.[problem.code];
    if (reference) {
      return {
        status: 400,
        problems: [
          {
            field: known(reference),
            message: 'Something chosen here no longer exists; reload the page and choose again',
          },
        ],
      };
    }
    if (problem.errors?.length) {
      return {
        status: 400,
        problems: problem.errors.map((e) => ({
          field: known(def.fieldOf?.(e.path) ?? e.path.split('.')[0] ?? ''),
          message: e.message.charAt(0).toUpperCase() + e.message.slice(1),
        })),
      };
    }
    if (problem.status === 404 || problem.status === 403) return undefined;
    return {
      status: problem.status,
      problems: [{ field: '', message: problem.detail ?? problem.title }],
    };
  }

  pages.get(`${def.pattern}/new`, { guards, policy: mayCreate }, async (req, res) => {
    const context = await contextOf(req);
    await showForm(req, res, context, { values: def.defaults(context) });
  });

  pages.post(def.pattern, { guards, policy: mayCreate }, async (req, res) => {
    await save(req, res, await contextOf(req));
  });

  pages.get(
    `${one}/edit`,
    { guards, params: recordParams, policy: mayModify },
    async (req, res, { params }) => {
      const [context, record] = await Promise.all([contextOf(req), recordOf(req, idOf(params))]);
      await showForm(req, res, context, { record, values: def.valuesOf(record, context) });
    },
  );

  pages.post(
    `${one}/edit`,
    { guards, params: recordParams, policy: mayModify },
    async (req, res, { params }) => {
      await save(req, res, await contextOf(req), await recordOf(req, idOf(params)));
    },
  );

  async function showDelete(
    req: Request,
    res: Response,
    context: C,
    record: V,
    refused?: { error: string; references?: Referrer[] },
    status = 200,
  ) {
    const base = def.href(context);
    render(
      req,
      res,
      'resource-delete',
      {
        title: `Delete ${def.noun} “${def.nameOf(record)}”?`,
        breadcrumbs: [...def.breadcrumbs(context), { href: base, label: def.plural }],
        noun: def.noun,
        name: def.nameOf(record),
        consequence: def.deleteConsequence?.(record),
        ...refused,
        action: `${base}/${record.id}/delete`,
        cancelHref: base,
      },
      status,
    );
  }

  pages.get(
    `${one}/delete`,
    { guards, params: recordParams, policy: mayModify },
    async (req, res, { params }) => {
      await showDelete(req, res, await contextOf(req), await recordOf(req, idOf(params)));
    },
  );

  pages.post(
    `${one}/delete`,
    { guards, params: recordParams, policy: mayModify },
    async (req, res, { params }) => {
      const [context, record] = await Promise.all([contextOf(req), recordOf(req, idOf(params))]);
      try {
        await def.remove(record.id, context);
      } catch (err) {
        // 409 still_referenced: what refers to it, each with a link to go and change it.
        const refused = stillReferencedView(err);
        if (!refused) throw err;
        return showDelete(req, res, context, record, refused, 409);
      }
      res.redirect(303, `${def.href(context)}?done=deleted`);
    },
  );
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
