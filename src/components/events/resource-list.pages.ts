import { z } from 'zod';
import { currentUser } from '../../lib/http/access';
import type { ResourcePageContext } from './resource-pages.context';

const NOTICES: Record<string, (noun: string) => string> = {
  created: (noun) => `The ${noun} was created.`,
  updated: (noun) => `The ${noun} was saved.`,
  deleted: (noun) => `The ${noun} was deleted.`,
};

const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  done: z.string().optional().catch(undefined),
});

/** GET <pattern>: the list, paged, with an empty state offering the form. */
export function mountResourceList<V extends { id: string }, C>({
  def,
  pages,
  render,
  guards,
  contextOf,
}: ResourcePageContext<V, C>): void {
  const pageSize = def.pageSize ?? 20;
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
}
