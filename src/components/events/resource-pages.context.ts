import type { Request, RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { forbidden } from '../../lib/errors';
import type { FieldSpec, FormProblem, FormValues } from '../../lib/forms';
import { currentUser, requireSignedInPage, type RequestUser } from '../../lib/http/access';
import { PageRouter } from '../../lib/http/page-router';
import { createPageRenderer, type PageRenderer } from '../../lib/http/pages';
import { idParam } from '../../lib/http/params';
import type { Page } from '../../lib/http/validate';

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

type RecordParams = z.ZodObject<Record<string, ReturnType<typeof idParam>>>;

/** What the list, form and delete pages of one kind share. */
export type ResourcePageContext<V extends { id: string }, C> = {
  def: ResourcePages<V, C>;
  pages: PageRouter;
  render: PageRenderer;
  guards: RequestHandler[];
  /** `<pattern>/:<idParam>`, the start of the edit and delete addresses. */
  one: string;
  recordParams: RecordParams;
  /** The page's context (an event…), loaded once per request. */
  contextOf: (req: Request) => Promise<C>;
  /** The record the address names, loaded once per request; refused when not the actor's. */
  recordOf: (req: Request, id: string) => Promise<V>;
  idOf: (params: Record<string, string>) => string;
  /** Policy of the create pages. */
  mayCreate: (req: Request) => Promise<void>;
  /** Policy of the edit and delete pages. */
  mayModify: (req: Request, input: { params: Record<string, string> }) => Promise<void>;
};

export function resourcePageContext<V extends { id: string }, C>(
  router: Router,
  appContext: AppContext,
  def: ResourcePages<V, C>,
): ResourcePageContext<V, C> {
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
  const idOf = (params: Record<string, string>) => params[def.idParam] as string;
  return {
    def,
    pages: new PageRouter(router),
    render: createPageRenderer(appContext.config),
    guards: [requireSignedInPage],
    one: `${def.pattern}/:${def.idParam}`,
    recordParams: z.object({ [def.idParam]: idParam(capitalised(def.noun)) }),
    contextOf,
    recordOf,
    idOf,
    mayCreate: async (req) => {
      const context = await contextOf(req);
      if (!def.may.create(currentUser(req), context)) throw forbidden();
    },
    mayModify: async (req, { params }) => {
      await recordOf(req, idOf(params));
    },
  };
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
