import { Router } from 'express';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { contentDisposition } from '../../lib/pdf';
import { parseId } from '../../lib/http/validate';
import { findPhoto, photoBytes } from './photos.service';
import { mayCafe, scopeOfSession } from './policies';
import { loadSessionReport, type SessionReport } from './report-data.service';
import {
  renderReportDocx,
  renderReportJson,
  renderReportMarkdown,
  renderReportPdf,
} from './report-formats';

const FORMATS = ['pdf', 'docx', 'md', 'json'] as const;

/** The public can read a report once something in it is published; the session's organisers always. */
function isPublic(report: SessionReport): boolean {
  return report.published || report.tables.some((t) => t.published);
}

async function thumbnailsOf(report: SessionReport): Promise<Map<string, Buffer>> {
  const thumbs = new Map<string, Buffer>();
  for (const photo of report.tables.flatMap((t) => t.published?.photos ?? [])) {
    thumbs.set(photo.id, await photoBytes(await findPhoto(photo.id), 'thumb'));
  }
  return thumbs;
}

/** Renders a session's outcome report in `format`. */
export async function renderReport(sessionId: string, format: (typeof FORMATS)[number], now: Date) {
  const report = await loadSessionReport(sessionId);
  const name = `world-cafe-${report.session.title}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 80);
  switch (format) {
    case 'pdf':
      return {
        report,
        name: `${name}.pdf`,
        type: 'application/pdf',
        body: await renderReportPdf(report, await thumbnailsOf(report), now),
      };
    case 'docx':
      return {
        report,
        name: `${name}.docx`,
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        body: await renderReportDocx(report, await thumbnailsOf(report)),
      };
    case 'md':
      return {
        report,
        name: `${name}.md`,
        type: 'text/markdown; charset=utf-8',
        body: Buffer.from(renderReportMarkdown(report)),
      };
    case 'json':
      return {
        report,
        name: `${name}.json`,
        type: 'application/json; charset=utf-8',
        body: Buffer.from(JSON.stringify(renderReportJson(report))),
      };
  }
}

/** GET /api/world-cafe/sessions/:id/report.pdf|.docx|.md|.json */
export function createReportRoutes(context: AppContext): Router {
  const router = Router();
  router.get('/api/world-cafe/sessions/:id/report.:format', async (req, res, next) => {
    try {
      const format = FORMATS.find((f) => f === req.params.format);
      if (!format) throw new AppError('not_found', 'Unknown report format', 404);
      const rendered = await renderReport(parseId(req, 'Session'), format, context.clock());
      const { report } = rendered;
      const organiser = mayCafe(req, 'read', scopeOfSession(report.session), context.clock());
      if (!organiser && !isPublic(report)) {
        throw new AppError('report_not_published', 'This report is not published yet', 404);
      }
      res.status(200).set({
        'Content-Type': rendered.type,
        'Content-Disposition': contentDisposition(rendered.name),
        'Cache-Control': 'private, no-store',
      });
      res.send(rendered.body);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
