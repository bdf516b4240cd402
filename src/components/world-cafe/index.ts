import { Router } from 'express';
import { nothingToStop, type Component, type ReferencesPort } from '../../lib/component';
import type { AppContext } from '../../lib/context';
import type { DutySource } from '../../lib/duties-elsewhere';
import type { ComponentTarget } from '../qr';
import { createCapturePages } from './capture.pages';
import { createCaptureApi } from './capture.routes';
import { listCafeDutiesOf } from './duties.service';
import { createLiveHub } from './live-hub';
import { createStreamTracker } from './live-streams';
import { createOrganiserPages } from './organiser.pages';
import { worldCafeReferences } from './references';
import { createReportRoutes } from './report.routes';
import { createSessionListPages } from './session-list.pages';
import { createSessionsApi } from './sessions.routes';
import { createTablePage, tableQrTarget } from './table-page';
import { createTentRoutes } from './tents.routes';
import { createVisitorRoutes } from './visitor.routes';
import { createWallRoutes } from './wall.routes';
import { registerWorldCafeDocs } from './world-cafe.openapi';

/**
 * The World Café harvest: sessions, tables, capture on phones (also offline), the
 * live wall, rapporteur summaries and outcome reports. Other components use only
 * what is exported here.
 */
export type WorldCafeComponent = Component<
  { main: Router },
  {
    /** Table duties (host, rapporteur, facilitator): stand rotas count them as time elsewhere. */
    duties: DutySource;
    /** How a table's tent code (registry kind "table") leads to the table's public page. */
    qrTarget: ComponentTarget;
    /** What of the World Café refers to events and projects. */
    references: ReferencesPort;
  }
>;

/** Needs no ports: what it uses of events, qr, calendars and mail is their index.ts. */
export function createWorldCafeComponent(context: AppContext): WorldCafeComponent {
  registerWorldCafeDocs(context.registry);
  const streams = createStreamTracker();
  const main = Router();
  main.use('/api/world-cafe', createSessionsApi(context).router);
  main.use('/api/world-cafe/tables', createCaptureApi(context).router);
  main.use(createOrganiserPages(context));
  main.use(createCapturePages(context));
  main.use(createWallRoutes(context, createLiveHub(context.logger), streams));
  main.use(createVisitorRoutes(context));
  main.use(createReportRoutes(context));
  main.use('/api/world-cafe', createTentRoutes(context).router);
  main.use(createTablePage(context));
  main.use(createSessionListPages(context));
  return {
    routers: { main },
    ports: { duties: listCafeDutiesOf, qrTarget: tableQrTarget, references: worldCafeReferences },
    jobs: [],
    // Live-wall streams never finish by themselves; end them so the stop can complete.
    endStreams: () => void streams.closeAll(),
    stop: nothingToStop,
  };
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
