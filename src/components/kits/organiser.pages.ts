import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { ApiRouter } from '../../lib/http/api-router';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import { actorOf, guardBy } from '../../lib/http/policy';
import {
  allowOrRefuse,
  handOutPolicy,
  handOutScope,
  inventoryPolicy,
  reportPolicy,
  visibleHandOuts,
} from './policies';
import type { PageRenderer } from '../../lib/http/pages';
import { parseId } from '../../lib/http/validate';
import { getEvent, getProjectsByIds, listEvents } from '../events';
import { handOutsCsv, kitsCsv, playReportsCsv, reportCsv } from './exports.service';
import { getKitType, listKitTypes } from './kit-types.service';
import { KIT_STATUSES } from './kit.model';
import { KitModel } from './kit.model';
import { PLAY_SETTINGS, PlayReportModel } from './play-report.model';
import { listPlayReports } from './play-reports.service';
import { kitReport } from './reports.service';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS, importHandOuts } from './import.service';
import { MAX_IMPORT_BYTES } from './import-upload';

const comms = [guardBy((actor) => inventoryPolicy.may(actor, 'organise', {}), {})];
const STATUS_LABELS: Record<(typeof KIT_STATUSES)[number], string> = {
  'in-stock': 'In stock',
  'handed-out': 'Handed out',
  registered: 'Registered by the recipient',
  played: 'Played',
};
const SETTING_LABELS: Record<(typeof PLAY_SETTINGS)[number], string> = {
  'municipal-team': 'Municipal team',
  'workshop-with-residents': 'Workshop with residents',
  school: 'School',
  university: 'University',
  'project-meeting': 'Project meeting',
  other: 'Other',
};
const reportQuery = z.strictObject({
  kitTypeId: z
    .string()
    .regex(/^[0-9a-f]{24}$/i)
    .optional(),
  eventId: z
    .string()
    .regex(/^[0-9a-f]{24}$/i)
    .optional(),
});

function sendCsv(res: Response, name: string, body: string) {
  res
    .status(200)
    .set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-store',
    })
    .send(body);
}

/** Reports (JSON and the table page), CSV exports, the evidence page per kit type. */
export function createOrganiserPages(context: AppContext, render: PageRenderer): Router {
  const router = Router();
  const api = new ApiRouter(context.registry, '/api', 'Kits');
  api.route(
    'get',
    '/kit-reports',
    {
      summary: 'Kits by status, place, project and event; reach',
      query: reportQuery,
      guards: comms,
      security: 'organiser',
    },
    async (req, res, { query }) => {
      allowOrRefuse(req, reportPolicy.may(actorOf(req), 'read', { eventId: query.eventId }));
      res.json(await kitReport(query));
    },
  );
  const csv = z.strictObject({
    kitTypeId: z
      .string()
      .regex(/^[0-9a-f]{24}$/i)
      .optional(),
  });
  const csvDoc = { mediaType: 'text/csv' };
  api.route(
    'get',
    '/kit-exports/kits.csv',
    { summary: 'Kits as CSV', query: csv, guards: comms, security: 'organiser', response: csvDoc },
    async (_req, res, { query }) => {
      sendCsv(res, 'kits.csv', await kitsCsv(query.kitTypeId));
    },
  );
  api.route(
    'get',
    '/kit-exports/hand-outs.csv',
    {
      summary: 'Hand-outs (with recipients) as CSV',
      query: csv,
      guards: comms,
      security: 'organiser',
      response: csvDoc,
    },
    async (req, res, { query }) => {
      // Recipients are personal data: only the hand-outs of the actor's events.
      const visible = await visibleHandOuts(actorOf(req));
      sendCsv(res, 'hand-outs.csv', await handOutsCsv(query.kitTypeId, visible));
    },
  );
  api.route(
    'get',
    '/kit-exports/play-reports.csv',
    {
      summary: 'Play reports as CSV',
      query: csv,
      guards: comms,
      security: 'organiser',
      response: csvDoc,
    },
    async (_req, res, { query }) => {
      sendCsv(res, 'play-reports.csv', await playReportsCsv(query.kitTypeId));
    },
  );
  api.route(
    'get',
    '/kit-exports/report.csv',
    {
      summary: 'The report tables as CSV (status, country, city, project, event, reach)',
      query: reportQuery,
      guards: comms,
      security: 'organiser',
      response: csvDoc,
    },
    async (req, res, { query }) => {
      allowOrRefuse(req, reportPolicy.may(actorOf(req), 'read', { eventId: query.eventId }));
      const report = await kitReport(query);
      const projects = await getProjectsByIds(report.byProject.map((p) => p.key).filter(Boolean));
      const names = new Map(projects.map((p) => [p.id, p.acronym]));
      for (const { key } of report.byEvent) {
        const event = key ? await getEvent(key).catch(() => undefined) : undefined;
        if (event) names.set(key, event.name);
      }
      sendCsv(res, 'kit-report.csv', reportCsv(report, names));
    },
  );
  router.use('/api', api.router);

  router.get('/kits', requireSignedInPage, ...comms, async (req: Request, res: Response) => {
    const eventId =
      typeof req.query.eventId === 'string' && /^[0-9a-f]{24}$/i.test(req.query.eventId)
        ? req.query.eventId
        : undefined;
    allowOrRefuse(req, reportPolicy.may(actorOf(req), 'read', { eventId }));
    const [report, kitTypes, events] = await Promise.all([
      kitReport({ eventId }),
      listKitTypes(),
      listEvents({ page: 1, limit: 200, sort: '-startDate' }),
    ]);
    const projects = await getProjectsByIds(report.byProject.map((p) => p.key).filter(Boolean));
    const eventName = async (id: string) =>
      id ? ((await getEvent(id).catch(() => undefined))?.name ?? id) : 'No event';
    const byEvent = await Promise.all(
      report.byEvent.map(async (r) => ({ ...r, name: await eventName(r.key) })),
    );
    render(req, res, 'kits/index', {
      title: 'Game kits',
      styles: ['/static/css/kits.css'],
      report,
      eventId,
      kitTypes,
      events: events.items.map((e) => ({ id: e.id, name: e.name, selected: e.id === eventId })),
      statuses: KIT_STATUSES.map((s) => ({ label: STATUS_LABELS[s], count: report.byStatus[s] })),
      tables: [
        {
          caption: 'By country',
          keyLabel: 'Country',
          withPlays: true,
          rows: report.byCountry.map((r) => ({ ...r, name: r.key || 'Not recorded' })),
        },
        {
          caption: 'By city',
          keyLabel: 'City',
          withPlays: true,
          rows: report.byCity.map((r) => ({ ...r, name: r.key || 'Not recorded' })),
        },
        {
          caption: 'By project',
          keyLabel: 'Project',
          rows: report.byProject.map((r) => ({
            ...r,
            name: projects.find((p) => p.id === r.key)?.acronym ?? 'No project',
          })),
        },
        { caption: 'By event', keyLabel: 'Event', rows: byEvent },
      ],
    });
  });

  router.get('/kits/types/:id/evidence', requireSignedInPage, ...comms, async (req, res) => {
    const kitType = await getKitType(parseId(req, 'Kit type'));
    const plays = await listPlayReports({ kitTypeId: kitType.id });
    const kits = await KitModel.find(
      { _id: { $in: plays.map((p) => p.kitId) } },
      { serial: 1 },
    ).lean();
    const serial = new Map(kits.map((k) => [k._id.toString(), k.serial]));
    render(req, res, 'kits/evidence', {
      title: `Evidence: ${kitType.name}`,
      styles: ['/static/css/kits.css'],
      kitType,
      plays: plays.map((p) => ({
        ...p,
        serial: serial.get(p.kitId),
        settingLabel: SETTING_LABELS[p.setting as keyof typeof SETTING_LABELS],
      })),
      players: plays.reduce((sum, p) => sum + p.players, 0),
      places: new Set(plays.map((p) => `${p.city}|${p.country}`)).size,
    });
  });

  const importPage = async (
    req: Request,
    res: Response,
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const kitType = await getKitType(parseId(req, 'Kit type'));
    const events = await listEvents({ page: 1, limit: 200, sort: '-startDate' });
    const chosen = extra.eventId;
    render(
      req,
      res,
      'kits/import',
      {
        title: `Import: ${kitType.name}`,
        styles: ['/static/css/kits.css'],
        kitType,
        columns: IMPORT_COLUMNS.join(', '),
        maxMb: MAX_IMPORT_BYTES / 1024 / 1024,
        maxRows: MAX_IMPORT_ROWS.toLocaleString('en'),
        events: events.items.map((e) => ({ id: e.id, name: e.name, selected: e.id === chosen })),
        ...extra,
      },
      status,
    );
  };
  router.get('/kits/types/:id/import', requireSignedInPage, ...comms, (req, res) =>
    importPage(req, res),
  );
  // The body (a file upload or pasted text) is read by the import body parser, before the app's.
  router.post('/kits/types/:id/import', ...comms, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const csv = typeof body.csv === 'string' ? body.csv : '';
    const eventId =
      typeof body.eventId === 'string' && /^[0-9a-f]{24}$/i.test(body.eventId)
        ? body.eventId
        : undefined;
    const scope = await handOutScope(eventId, { kitTypeId: String(req.params.id) });
    allowOrRefuse(req, handOutPolicy.may(actorOf(req), 'record', scope));
    if (!csv.trim())
      throw new AppError('validation_failed', 'Choose a CSV file or paste the CSV first', 400);
    // "Import" checks first too: with any bad line it shows the list and writes nothing.
    const check = await importHandOuts(
      parseId(req, 'Kit type'),
      csv,
      { dryRun: true, eventId },
      context.clock(),
    );
    const result =
      body.action === 'import' && check.errors.length === 0
        ? await importHandOuts(
            parseId(req, 'Kit type'),
            csv,
            { dryRun: false, eventId, userId: currentUser(req).id },
            context.clock(),
          )
        : check;
    await importPage(
      req,
      res,
      { result, csv: result.dryRun || result.errors.length ? csv : '', eventId },
      result.errors.length ? 400 : 200,
    );
  });

  router.get('/kits/play-photos/:id', requireSignedInPage, ...comms, async (req, res) => {
    // Not lean: a hydrated document gives the bytes as a Buffer.
    const doc = await PlayReportModel.findById(parseId(req, 'Photo'), { photo: 1 });
    if (!doc?.photo?.data) throw new AppError('not_found', 'Photo not found', 404);
    res
      .status(200)
      .set({
        'Content-Type': doc.photo.mediaType,
        'Cache-Control': 'private, max-age=3600',
        'X-Content-Type-Options': 'nosniff',
      })
      .send(doc.photo.data);
  });
  return router;
}
