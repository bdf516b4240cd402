import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import type { PageRenderer } from '../../lib/http/pages';
import { actorOf, authorize, guardBy, NOT_YOURS } from '../../lib/http/policy';
import { asActor, codePolicy } from './policies';
import { objectId, parseQuery } from '../../lib/http/validate';
import { getEvent, listEvents, listProjects } from '../events';
import { listAllQrCodes, listQrZones } from './qr-codes.service';
import { zoneNames } from './zone-names';
import type { QrPorts } from './ports';
import { QR_KIND_LABELS } from './qr-labels';
import { listResources } from './resources.service';
import { scopeAnalytics, scopeDailyRows, type ScopeAnalytics } from './analytics.service';
import { csvLines } from './csv';
import { barChart } from './svg-chart';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
export const analyticsQuery = z.strictObject({
  scope: z.enum(['code', 'resource', 'zone', 'project', 'event']),
  id: objectId,
  from: day.optional(),
  to: day.optional(),
});
export const analyticsCsvQuery = analyticsQuery.extend({
  data: z.enum(['scans', 'feedback']).default('scans'),
});

/** A comms user sees the analytics of the events on their account only. */
function assertMayRead(req: Request, analytics: ScopeAnalytics) {
  const actor = actorOf(req);
  const allowed = analytics.eventIds.every((id) => codePolicy.may(actor, 'stats', { eventId: id }));
  authorize(actor, allowed, NOT_YOURS);
}

const comms = [requireSignedInPage, guardBy((actor) => codePolicy.may(actor, 'organise', {}), {})];

type AnalyticsRoutes = {
  router: Router;
  context: AppContext;
  render: PageRenderer;
  ports: Pick<QrPorts, 'zoneNames'>;
  /** The public base URL (the codes' addresses). */
  base: string;
};

/** GET /qr: the events, projects and zones the actor may read the scans of. */
function mountOverviewPage({ router, render, ports }: AnalyticsRoutes) {
  router.get('/qr', ...comms, async (req, res, next) => {
    try {
      const [events, projects, zones] = await Promise.all([
        listEvents({ page: 1, limit: 200, sort: '-startDate' }),
        listProjects({ page: 1, limit: 200, sort: 'acronym' }),
        listQrZones(),
      ]);
      const user = currentUser(req);
      const managed = events.items.filter((e) =>
        codePolicy.may(asActor(user), 'stats', { eventId: e.id }),
      );
      const names = await zoneNames(ports.zoneNames, [...new Set(zones.map((z) => z.zoneId))]);
      const eventName = new Map(events.items.map((e) => [e.id, e.name]));
      render(req, res, 'qr/index', {
        title: 'QR codes and scans',
        styles: ['/static/css/qr.css'],
        events: managed,
        projects: projects.items,
        zones: zones
          .filter(
            (z) => !z.eventId || codePolicy.may(asActor(user), 'stats', { eventId: z.eventId }),
          )
          .map((z) => ({
            id: z.zoneId,
            name: names.get(z.zoneId)?.name ?? `…${z.zoneId.slice(-6)}`,
            eventName: z.eventId ? eventName.get(z.eventId) : undefined,
            codes: z.codes,
          })),
      });
    } catch (err) {
      next(err);
    }
  });
}

/** GET /qr/sheet: comms users pick registered codes for a label sheet. */
function mountSheetPage({ router, render, base }: AnalyticsRoutes) {
  // The form asks the print API for the PDF.
  router.get('/qr/sheet', ...comms, async (req, res, next) => {
    try {
      const eventId =
        typeof req.query.eventId === 'string' && /^[0-9a-f]{24}$/i.test(req.query.eventId)
          ? req.query.eventId
          : undefined;
      const event = eventId ? await getEvent(eventId) : undefined;
      if (event)
        authorize(
          actorOf(req),
          codePolicy.may(actorOf(req), 'stats', { eventId: event.id }),
          NOT_YOURS,
        );
      const codes = await listAllQrCodes({ eventId }, base);
      const resources = event
        ? (await listResources({ page: 1, limit: 200, eventId: event.id })).items
        : [];
      render(req, res, 'qr/sheet', {
        title: 'Print QR codes',
        styles: ['/static/css/qr.css'],
        event,
        timeZone: event?.timeZone ?? 'UTC',
        codes: codes.map((c) => ({ ...c, kindLabel: QR_KIND_LABELS[c.kind] })),
        resources,
      });
    } catch (err) {
      next(err);
    }
  });
}

/** GET /qr/analytics: charts, top codes and feedback of one scope. */
function mountAnalyticsPage({ router, render, ports, base }: AnalyticsRoutes) {
  router.get('/qr/analytics', ...comms, async (req, res, next) => {
    try {
      const query = parseQuery(analyticsQuery, req);
      const analytics = await scopeAnalytics(
        { type: query.scope, id: query.id },
        query,
        base,
        ports.zoneNames,
      );
      assertMayRead(req, analytics);
      const { stats } = analytics;
      const csv = new URLSearchParams(
        Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
      render(req, res, 'qr/analytics', {
        title: `Scans: ${analytics.title}`,
        styles: ['/static/css/qr.css'],
        analytics,
        query,
        csvScans: `/api/qr-analytics.csv?${csv.toString()}&data=scans`,
        csvFeedback: `/api/qr-analytics.csv?${csv.toString()}&data=feedback`,
        dayChart: barChart(
          stats.byDay.map((d) => ({ label: d.day.slice(5), value: d.scans })),
          `Scans per day (${analytics.timeZone})`,
        ),
        hourChart: barChart(
          stats.byHour.map((h) => ({ label: String(h.hour), value: h.scans })),
          `Scans by hour of the day (${analytics.timeZone})`,
        ),
        topCodes: analytics.codes.slice(0, 20),
      });
    } catch (err) {
      next(err);
    }
  });
}

/** GET /api/qr-analytics.csv: the scans or feedback of one scope as a spreadsheet. */
function mountCsvExport({ router, context, ports, base }: AnalyticsRoutes) {
  const api = new ApiRouter(context.registry, '/api', 'QR registry');
  api.route(
    'get',
    '/qr-analytics.csv',
    {
      summary:
        'CSV export of scans (per code and day) or feedback of a code, resource, zone, project or event',
      description:
        'Cells are quoted; text starting with =, +, -, @, tab or CR is prefixed with an apostrophe so spreadsheets do not run it.',
      query: analyticsCsvQuery,
      guards: [guardBy((actor) => codePolicy.may(actor, 'import', {}), {})],
      security: 'organiser',
      response: { mediaType: 'text/csv', description: 'UTF-8 CSV with a header row' },
    },
    async (req, res, { query }) => {
      const analytics = await scopeAnalytics(
        { type: query.scope, id: query.id },
        query,
        base,
        ports.zoneNames,
      );
      assertMayRead(req, analytics);
      const rows =
        query.data === 'scans'
          ? await scopeDailyRows(analytics, query)
          : [
              ['createdAt', 'subject', 'rating', 'comment', 'email', 'qrCodeId'],
              ...analytics.feedback.items.map((f) => [
                f.createdAt.toISOString(),
                f.subject,
                f.rating,
                f.comment,
                f.email,
                f.qrCodeId,
              ]),
            ];
      res
        .status(200)
        .set({
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="qr-${query.data}-${query.scope}-${query.id}.csv"`,
          'Cache-Control': 'private, no-store',
        })
        .send(`\uFEFF${csvLines(rows)}`);
    },
  );
  router.use('/api', api.router);
}

/** /qr (codes and scopes), /qr/analytics (charts, top codes, feedback) and the CSV export. */
export function createAnalyticsRoutes(
  context: AppContext,
  render: PageRenderer,
  ports: Pick<QrPorts, 'zoneNames'>,
): Router {
  const routes: AnalyticsRoutes = {
    router: Router(),
    context,
    render,
    ports,
    base: context.config.publicBaseUrl,
  };
  mountOverviewPage(routes);
  mountSheetPage(routes);
  mountAnalyticsPage(routes);
  mountCsvExport(routes);
  return routes.router;
}
