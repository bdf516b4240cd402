import type { Request } from 'express';
import type { AppContext } from '../context';

/**
 * Notices a page shows on behalf of other components: the dashboard belongs to the
 * events component, while e.g. late stand materials are the exhibitions component's —
 * which itself depends on events. Components contribute sources here; the page that
 * shows them only reads the list, so neither imports the other.
 */
export type PageNotice = {
  /** Stable name of the kind of notice, e.g. "late-materials". */
  kind: string;
  text: string;
  link?: { href: string; text: string };
};
export type NoticeSource = (req: Request) => Promise<PageNotice[]>;

/** Per app (its context), so two apps in one process never share sources. */
const sourcesByApp = new WeakMap<AppContext, Map<string, NoticeSource>>();

/** Adds (or, under the same key, replaces) a source of notices for `page`. */
export function contributeNotices(
  context: AppContext,
  page: string,
  key: string,
  source: NoticeSource,
): void {
  const sources = sourcesByApp.get(context) ?? new Map<string, NoticeSource>();
  sources.set(`${page}:${key}`, source);
  sourcesByApp.set(context, sources);
}

/**
 * Every contributed notice for `page`, in the order sources were added. A failing
 * source is logged and left out: a notice is never worth an error page.
 */
export async function collectNotices(
  context: AppContext,
  page: string,
  req: Request,
): Promise<PageNotice[]> {
  const sources = [...(sourcesByApp.get(context) ?? new Map<string, NoticeSource>())].filter(
    ([key]) => key.startsWith(`${page}:`),
  );
  const results = await Promise.all(
    sources.map(([key, source]) =>
      source(req).catch((err: unknown) => {
        context.logger.warn({ err, source: key }, 'a page notice source failed');
        return [];
      }),
    ),
  );
  return results.flat();
}
