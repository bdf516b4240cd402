import type { Request } from 'express';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { requireSignedInPage } from '../../lib/http/access';
import type { PageRouter } from '../../lib/http/page-router';
import type { PageRenderer } from '../../lib/http/pages';
import { idParam } from '../../lib/http/params';
import { actorOf } from '../../lib/http/policy';
import { getEvent, getProjectsByIds, listEvents } from '../events';
import { inventoryOrganisers } from './api-guards';
import { getKitType, listKitTypes } from './kit-types.service';
import { KIT_STATUSES, KitModel } from './kit.model';
import { PLAY_SETTING_LABELS } from './kits.presenter';
import { PlayReportModel } from './play-report.model';
import { listPlayReports } from './play-reports.service';
import { allowOrRefuse, reportPolicy } from './policies';
import { kitReport, type KitReport } from './reports.service';

const STYLES = ['/static/css/kits.css'];
const organisers = [requireSignedInPage, ...inventoryOrganisers];
const STATUS_LABELS: Record<(typeof KIT_STATUSES)[number], string> = {
  'in-stock': 'In stock',
  'handed-out': 'Handed out',
  registered: 'Registered by the recipient',
  played: 'Played',
};
/** The event filter of the report page: anything but one event id shows every event. */
const reportPageQuery = z.object({
  eventId: z
    .string()
    .regex(/^[0-9a-f]{24}$/i)
    .optional()
    .catch(undefined),
});

/** The report's tables by country, city, project and event, each row named for people. */
async function reportTables(report: KitReport) {
  const projects = await getProjectsByIds(report.byProject.map((p) => p.key).filter(Boolean));
  const eventName = async (id: string) =>
    id ? ((await getEvent(id).catch(() => undefined))?.name ?? id) : 'No event';
  const byEvent = await Promise.all(
    report.byEvent.map(async (r) => ({ ...r, name: await eventName(r.key) })),
  );
  return [
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
  ];
}

/** The report page (/kits), the evidence page per kit type and the play photos it shows. */
export function mountReportPages(pages: PageRouter, render: PageRenderer): void {
  pages.get(
    '/kits',
    {
      guards: organisers,
      query: reportPageQuery,
      policy: async (req: Request, { query }) =>
        allowOrRefuse(req, reportPolicy.may(actorOf(req), 'read', { eventId: query.eventId })),
    },
    async (req, res, { query: { eventId } }) => {
      const [report, kitTypes, events] = await Promise.all([
        kitReport({ eventId }),
        listKitTypes(),
        listEvents({ page: 1, limit: 200, sort: '-startDate' }),
      ]);
      render(req, res, 'kits/index', {
        title: 'Game kits',
        styles: STYLES,
        report,
        eventId,
        kitTypes,
        events: events.items.map((e) => ({ id: e.id, name: e.name, selected: e.id === eventId })),
        statuses: KIT_STATUSES.map((s) => ({ label: STATUS_LABELS[s], count: report.byStatus[s] })),
        tables: await reportTables(report),
      });
    },
  );

  pages.get(
    '/kits/types/:id/evidence',
    { guards: organisers, params: z.object({ id: idParam('Kit type') }) },
    async (req, res, { params }) => {
      const kitType = await getKitType(params.id);
      const plays = await listPlayReports({ kitTypeId: kitType.id });
      const kits = await KitModel.find(
        { _id: { $in: plays.map((p) => p.kitId) } },
        { serial: 1 },
      ).lean();
      const serial = new Map(kits.map((k) => [k._id.toString(), k.serial]));
      render(req, res, 'kits/evidence', {
        title: `Evidence: ${kitType.name}`,
        styles: STYLES,
        kitType,
        plays: plays.map((p) => ({
          ...p,
          serial: serial.get(p.kitId),
          settingLabel: PLAY_SETTING_LABELS[p.setting as keyof typeof PLAY_SETTING_LABELS],
        })),
        players: plays.reduce((sum, p) => sum + p.players, 0),
        places: new Set(plays.map((p) => `${p.city}|${p.country}`)).size,
      });
    },
  );

  pages.get(
    '/kits/play-photos/:id',
    { guards: organisers, params: z.object({ id: idParam('Photo') }) },
    async (_req, res, { params }) => {
      // Not lean: a hydrated document gives the bytes as a Buffer.
      const doc = await PlayReportModel.findById(params.id, { photo: 1 });
      if (!doc?.photo?.data) throw new AppError('not_found', 'Photo not found', 404);
      res
        .status(200)
        .set({
          'Content-Type': doc.photo.mediaType,
          'Cache-Control': 'private, max-age=3600',
          'X-Content-Type-Options': 'nosniff',
        })
        .send(doc.photo.data);
    },
  );
}
