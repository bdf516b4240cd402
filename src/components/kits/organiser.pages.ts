import type { Router } from 'express';
import type { AppContext } from '../../lib/context';
import { PageRouter } from '../../lib/http/page-router';
import type { PageRenderer } from '../../lib/http/pages';
import { mountImportPages } from './import.pages';
import { mountReportPages } from './report.pages';
import { createKitReportsApi } from './reports.routes';

/** Reports (JSON and the table page), CSV exports, the evidence page per kit type, the import. */
export function createOrganiserPages(context: AppContext, render: PageRenderer): Router {
  const pages = new PageRouter();
  pages.router.use('/api', createKitReportsApi(context));
  mountReportPages(pages, render);
  mountImportPages(pages, context, render);
  return pages.router;
}
