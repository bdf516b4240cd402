import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { requireRole } from '../../lib/http/access';
import { contentDisposition } from '../../lib/pdf';
import { parseId } from '../../lib/http/validate';
import { issueCapabilityLink } from '../auth';
import { ensureQrCodeFor } from '../qr';
import { TABLE_SCOPE, sessionManager } from './access';
import { loadSessionReport } from './report-data.service';
import { renderTableTents } from './table-tents';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * GET /api/world-cafe/sessions/:id/table-tents.pdf — organisers only. Each download
 * issues a fresh capture link per table (valid until two days after the session, for
 * the rapporteurs' summaries), printed only on the host's side of the tent and
 * answered with no-store, so the key never reaches a public page or a shared cache.
 */
export function createTentRoutes(context: AppContext): ApiRouter {
  return new ApiRouter(context.registry, '/api/world-cafe', 'World Café').route(
    'get',
    '/sessions/:id/table-tents.pdf',
    {
      summary:
        'Table tents (A4 folded): capture link QR on the host side, wall and table code QR on the visitors’ side',
      description:
        'Issues a new capture link for every table on each download. The visitors’ side carries the table’s QR registry code (kind `table`, created on the first download and the same on every reprint), which leads to the table’s public page with the voting page, and counts scans. A link-protected wall is left off the tents.',
      guards: [requireRole('comms'), sessionManager()],
      security: 'organiser',
      response: { mediaType: 'application/pdf' },
    },
    async (req, res) => {
      const now = context.clock();
      const base = context.config.publicBaseUrl;
      const report = await loadSessionReport(parseId(req, 'Session'));
      const { session } = report;
      const expiresAt = new Date(
        Math.max(session.end.getTime() + 2 * DAY_MS, now.getTime() + DAY_MS),
      );
      const tents = [];
      for (const table of report.tables) {
        const link = await issueCapabilityLink({
          scope: TABLE_SCOPE,
          resourceId: table.id,
          expiresAt,
          label: `Table ${table.number} tent`,
          baseUrl: base,
          createdBy: req.user?.id,
          now,
        });
        // The same registry code on every reprint: printed tents keep working.
        const code = await ensureQrCodeFor(
          'table',
          { tableId: table.id },
          {
            label: `World Café table ${table.number}: ${session.title}`.slice(0, 200),
            eventId: session.eventId,
            projectId: table.leadProjectId,
          },
          base,
        );
        tents.push({
          number: table.number,
          lead: table.leadProject
            ? `${table.leadProject.name}${table.leadProject.acronym && table.leadProject.acronym !== table.leadProject.name ? ` (${table.leadProject.acronym})` : ''}`
            : undefined,
          objectives: table.objectives,
          captureUrl: link.url,
          wallUrl:
            session.wallAccess === 'public'
              ? `${base}/world-cafe/sessions/${session.id}/wall`
              : undefined,
          tableCodeUrl: code.qrUrl,
        });
      }
      const pdf = await renderTableTents(session.title, tents, now);
      res.status(200).set({
        'Content-Type': 'application/pdf',
        'Content-Disposition': contentDisposition(`table-tents-${session.id}.pdf`),
        'Cache-Control': 'private, no-store',
      });
      res.send(pdf);
    },
  );
}
