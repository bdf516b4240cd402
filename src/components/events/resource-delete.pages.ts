import type { Request, Response } from 'express';
import type { Referrer } from '../../lib/component';
import { stillReferencedView } from '../../lib/http/still-referenced';
import type { ResourcePageContext } from './resource-pages.context';

async function showDelete<V extends { id: string }, C>(
  { def, render }: ResourcePageContext<V, C>,
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

/** GET <pattern>/:id/delete asks; POST deletes, or says what still refers to the record. */
export function mountResourceDelete<V extends { id: string }, C>(
  pages: ResourcePageContext<V, C>,
): void {
  const { def, guards, one, recordParams, contextOf, recordOf, idOf, mayModify } = pages;
  pages.pages.get(
    `${one}/delete`,
    { guards, params: recordParams, policy: mayModify },
    async (req, res, { params }) => {
      await showDelete(pages, req, res, await contextOf(req), await recordOf(req, idOf(params)));
    },
  );

  pages.pages.post(
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
        return showDelete(pages, req, res, context, record, refused, 409);
      }
      res.redirect(303, `${def.href(context)}?done=deleted`);
    },
  );
}
