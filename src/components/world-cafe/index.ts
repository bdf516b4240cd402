import { Router } from 'express';
import type { AppContext } from '../../lib/context';
import { createCapturePages } from './capture.pages';
import { createCaptureApi } from './capture.routes';
import { createLiveHub } from './live-hub';
import { createSessionsApi } from './sessions.routes';
import { createWallRoutes } from './wall.routes';
import { createVisitorRoutes } from './visitor.routes';
import { createReportRoutes } from './report.routes';
import { createTentRoutes } from './tents.routes';
import { createOrganiserPages } from './organiser.pages';
import { registerWorldCafeDocs } from './world-cafe.openapi';
import { registerDutySource } from '../../lib/duties-elsewhere';
import { listCafeDutiesOf } from './duties.service';
import { createTablePage, tableQrTarget } from './table-page';
import { createSessionListPages } from './session-list.pages';
import { registerQrTarget } from '../qr';

/**
 * The World Café harvest: sessions, tables, capture on phones (also offline), the
 * live wall, rapporteur summaries and outcome reports. Other components use only
 * what is exported here.
 */
export function createWorldCafeRouter(context: AppContext): Router {
  const router = Router();
  registerWorldCafeDocs(context.registry);
  // Stand rotas (exhibitions) count table duties as time elsewhere, without importing this component.
  registerDutySource('world-cafe', listCafeDutiesOf);
  // A table's tent code (registry kind "table") leads to the table's public page.
  registerQrTarget('table', tableQrTarget);
  router.use('/api/world-cafe', createSessionsApi(context).router);
  router.use('/api/world-cafe/tables', createCaptureApi(context).router);
  router.use(createOrganiserPages(context));
  router.use(createCapturePages(context));
  router.use(createWallRoutes(context, createLiveHub(context.logger)));
  router.use(createVisitorRoutes(context));
  router.use(createReportRoutes(context));
  router.use('/api/world-cafe', createTentRoutes(context).router);
  router.use(createTablePage(context));
  router.use(createSessionListPages(context));
  return router;
}

export {
  createSession,
  getSession,
  listSessions,
  updateSession,
  upsertSessionByTitle,
} from './sessions.service';
export {
  createTable,
  getTable,
  listTables,
  updateTable,
  upsertTableByNumber,
  type SeedTableInput,
} from './tables.service';
export { putNote, listNotes, putDot } from './notes.service';
export { putQuote, listQuotes, upsertSessionQuote } from './quotes.service';
export { putOutcomes } from './outcomes.service';
export { saveSummaryDraft, submitSummary, reviewSummary, saveSynthesis } from './summaries.service';
export { castVisitorVote, subscribeToReport, listSubscribers } from './visitors.service';
export { putPhoto, listPhotos, MAX_PHOTO_BYTES } from './photos.service';
export { loadSessionReport, type SessionReport, type ReportTable } from './report-data.service';
export { TABLE_SCOPE, WALL_SCOPE } from './access';
export { listCafeDutiesOf, type CafeDuty } from './duties.service';
export { closeLiveStreams } from './live-streams';
export { renderReport } from './report.routes';
export { mailPublishedReport, REPORT_MAIL_TEMPLATE } from './report-mail.service';
export type {
  SessionView,
  TableView,
  NoteView,
  QuoteView,
  PhotoView,
} from './world-cafe.presenter';
export type { CreateSessionInput, CreateTableInput } from './world-cafe.schemas';
