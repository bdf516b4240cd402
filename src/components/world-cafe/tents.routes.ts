import type { AppContext } from '../../lib/context';
import { tableQrTarget } from './table-page';
import { ApiRouter } from '../../lib/http/api-router';
import { contentDisposition } from '../../lib/pdf';
import { parseId } from '../../lib/http/validate';
import { issueCapabilityLink, listCapabilityLinks, revokeCapabilityLink } from '../auth';
import { ensureQrCodeFor } from '../qr';
import { TABLE_SCOPE, sessionGuard } from './policies';
import { loadSessionReport } from './report-data.service';
import { renderTableTents } from './table-tents';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Tent links are told from links issued by hand (`POST …/capture-links`) by this label. */
const tentLabel = (number: number) => `Table ${number} tent`;
const TENT_LABEL = /^Table \d+ tent$/;

/** Active tent links of a table (only the keys printed on earlier tents). */
async function activeTentLinkIds(tableId: string, now: Date): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const found = await listCapabilityLinks({
      scope: TABLE_SCOPE,
      resourceId: tableId,
      status: 'active',
      page,
      limit: 100,
      now,
    });
    ids.push(...found.items.filter((l) => TENT_LABEL.test(l.label ?? '')).map((l) => l.id));
    if (page * found.limit >= found.total) return ids;
  }
}

/**
 * GET /api/world-cafe/sessions/:id/table-tents.pdf — organisers only. Each download
 * issues a fresh capture link per table (valid until two days after the session, for
 * the rapporteurs' summaries), printed only on the host's side of the tent and
 * answered with no-store, so the key never reaches a public page or a shared cache.
 * Only a hash of each key is stored, so an earlier key cannot be printed again: the
 * links on earlier tents are revoked once the new tents are made (a lost or
 * photographed tent stops opening the table). Links issued by hand stay valid.
 */
export function createTentRoutes(context: AppContext): ApiRouter {
  return new ApiRouter(context.registry, '/api/world-cafe', 'World Café').route(
    'get',
    '/sessions/:id/table-tents.pdf',
    {
      summary:
        'Table tents (A4 folded): capture link QR on the host side, wall and table code QR on the visitors’ side',
      description:
        'Issues a new capture link for every table on each download and revokes the capture links printed on earlier tents of the session (links issued with `POST /api/world-cafe/tables/{id}/capture-links` stay valid): only the newest tents open the tables. The visitors’ side carries the table’s QR registry code (kind `table`, created on the first download and the same on every reprint), which leads to the table’s public page with the voting page, and counts scans. A link-protected wall is left off the tents.',
      guards: [sessionGuard('manage', () => context.clock())],
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
      const superseded: string[] = [];
      for (const table of report.tables) {
        superseded.push(...(await activeTentLinkIds(table.id, now)));
        const link = await issueCapabilityLink({
          scope: TABLE_SCOPE,
          resourceId: table.id,
          expiresAt,
          label: tentLabel(table.number),
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
          // This component's own target: the registry checks the table through it.
          { targets: { table: tableQrTarget } },
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
      // Revoked only now that the new tents exist: a failed download leaves the old ones working.
      for (const id of superseded) await revokeCapabilityLink(id, now);
      res.status(200).set({
        'Content-Type': 'application/pdf',
        'Content-Disposition': contentDisposition(`table-tents-${session.id}.pdf`),
        'Cache-Control': 'private, no-store',
      });
      res.send(pdf);
    },
  );
}
