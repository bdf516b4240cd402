import type { Request } from 'express';
import type { Logger } from '../logger';

/**
 * Notices a page shows on behalf of other components: the dashboard belongs to the
 * events component, while e.g. late stand materials are the exhibitions component's —
 * which itself depends on events. The providing component returns a source as a port;
 * app.ts hands the sources to the page's component, so neither imports the other.
 */
export type PageNotice = {
  /** Stable name of the kind of notice, e.g. "late-materials". */
  kind: string;
  text: string;
  link?: { href: string; text: string };
};
export type NoticeSource = (req: Request) => Promise<PageNotice[]>;

/**
 * Every notice of `sources`, in their order. A failing source is logged and left
 * out: a notice is never worth an error page.
 */
export async function collectNotices(
  logger: Logger,
  sources: Readonly<Record<string, NoticeSource>>,
  req: Request,
): Promise<PageNotice[]> {
  const results = await Promise.all(
    Object.entries(sources).map(([key, source]) =>
      source(req).catch((err: unknown) => {
        logger.warn({ err, source: key }, 'a page notice source failed');
        return [];
      }),
    ),
  );
  return results.flat();
}
