import type { Request, Response } from 'express';
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
import { toProblem } from '../../lib/http/error-handler';
import type { ResourcePageContext, ResourcePages } from './resource-pages.context';

async function showForm<V extends { id: string }, C>(
  { def, render }: ResourcePageContext<V, C>,
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
async function save<V extends { id: string }, C>(
  pages: ResourcePageContext<V, C>,
  req: Request,
  res: Response,
  context: C,
  record?: V,
) {
  const { def } = pages;
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
      const saveProblems = problemsOfSaveError(def, err, specs);
      if (!saveProblems) throw err;
      return showForm(
        pages,
        req,
        res,
        context,
        { record, values, problems: saveProblems.problems },
        saveProblems.status,
      );
    }
  }
  await showForm(
    pages,
    req,
    res,
    context,
    { record, values, problems: firstPerField(problems) },
    400,
  );
}

/** A refused save as problems at the form's fields; undefined for what the error page shows. */
function problemsOfSaveError<V extends { id: string }, C>(
  def: ResourcePages<V, C>,
  err: unknown,
  specs: FieldSpec[],
) {
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

/** GET <pattern>/new, POST <pattern>; GET and POST <pattern>/:id/edit. */
export function mountResourceForms<V extends { id: string }, C>(
  pages: ResourcePageContext<V, C>,
): void {
  const { def, guards, one, recordParams, contextOf, recordOf, idOf, mayCreate, mayModify } = pages;
  pages.pages.get(`${def.pattern}/new`, { guards, policy: mayCreate }, async (req, res) => {
    const context = await contextOf(req);
    await showForm(pages, req, res, context, { values: def.defaults(context) });
  });

  pages.pages.post(def.pattern, { guards, policy: mayCreate }, async (req, res) => {
    await save(pages, req, res, await contextOf(req));
  });

  pages.pages.get(
    `${one}/edit`,
    { guards, params: recordParams, policy: mayModify },
    async (req, res, { params }) => {
      const [context, record] = await Promise.all([contextOf(req), recordOf(req, idOf(params))]);
      await showForm(pages, req, res, context, { record, values: def.valuesOf(record, context) });
    },
  );

  pages.pages.post(
    `${one}/edit`,
    { guards, params: recordParams, policy: mayModify },
    async (req, res, { params }) => {
      await save(pages, req, res, await contextOf(req), await recordOf(req, idOf(params)));
    },
  );
}
