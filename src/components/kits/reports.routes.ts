import type { Response, Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { actorOf } from '../../lib/http/policy';
import { getEvent, getProjectsByIds } from '../events';
import { inventoryOrganisers } from './api-guards';
import { handOutsCsv, kitsCsv, playReportsCsv, reportCsv } from './exports.service';
import { allowOrRefuse, reportPolicy, visibleHandOuts } from './policies';
import { kitReport } from './reports.service';

const hexId = z.string().regex(/^[0-9a-f]{24}$/i);
const reportQuery = z.strictObject({ kitTypeId: hexId.optional(), eventId: hexId.optional() });
const csvQuery = z.strictObject({ kitTypeId: hexId.optional() });
const csvDoc = { mediaType: 'text/csv' };

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

/** /api/kit-reports (JSON) and /api/kit-exports/*.csv: what the kits did, for organisers. */
export function createKitReportsApi(context: AppContext): Router {
  const api = new ApiRouter(context.registry, '/api', 'Kits');
  api.route(
    'get',
    '/kit-reports',
    {
      summary: 'Kits by status, place, project and event; reach',
      query: reportQuery,
      guards: inventoryOrganisers,
      security: 'organiser',
    },
    async (req, res, { query }) => {
      allowOrRefuse(req, reportPolicy.may(actorOf(req), 'read', { eventId: query.eventId }));
      res.json(await kitReport(query));
    },
  );
  api.route(
    'get',
    '/kit-exports/kits.csv',
    {
      summary: 'Kits as CSV',
      query: csvQuery,
      guards: inventoryOrganisers,
      security: 'organiser',
      response: csvDoc,
    },
    async (_req, res, { query }) => {
      sendCsv(res, 'kits.csv', await kitsCsv(query.kitTypeId));
    },
  );
  api.route(
    'get',
    '/kit-exports/hand-outs.csv',
    {
      summary: 'Hand-outs (with recipients) as CSV',
      query: csvQuery,
      guards: inventoryOrganisers,
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
      query: csvQuery,
      guards: inventoryOrganisers,
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
      guards: inventoryOrganisers,
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
  return api.router;
}
