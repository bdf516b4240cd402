import { Router } from 'express';
import { intParam, param } from '../../lib/http/params';
import type { AppContext } from '../../lib/context';
import { notFound } from '../../lib/errors';
import { createPageRenderer } from '../../lib/http/pages';
import { parseId } from '../../lib/http/validate';
import type { ComponentTarget } from '../qr';
import { loadSessionReport } from './report-data.service';
import { WorldCafeTableModel } from './table.model';

/** The visitors' page of one table: where its registry code (printed on the tent) leads. */
export const tablePagePath = (sessionId: string, number: number) =>
  `/world-cafe/sessions/${sessionId}/tables/${number}`;

/** How the QR registry checks and reaches a table (codes of kind "table"). */
export const tableQrTarget: ComponentTarget = {
  exists: async (tableId) =>
    /^[0-9a-f]{24}$/i.test(tableId) &&
    (await WorldCafeTableModel.exists({ _id: tableId })) !== null,
  publicPath: async (tableId) => {
    if (!/^[0-9a-f]{24}$/i.test(tableId)) return undefined;
    const table = await WorldCafeTableModel.findById(tableId, { sessionId: 1, number: 1 }).lean();
    return table ? tablePagePath(table.sessionId.toString(), table.number) : undefined;
  },
};

/**
 * GET /world-cafe/sessions/:id/tables/:number — public: what a person at the table
 * expects after scanning the tent: the table, its lead project, objectives and
 * guiding questions, and the way on to voting, the wall (when public) and the
 * report (once published). Notes, quotes and capture links never appear here.
 */
export function createTablePage(context: AppContext): Router {
  const router = Router();
  const render = createPageRenderer(context.config);
  router.get('/world-cafe/sessions/:id/tables/:number', async (req, res, next) => {
    try {
      const number = param(req, 'number', intParam('Table'));
      const report = await loadSessionReport(parseId(req, 'Session'));
      const table = report.tables.find((t) => t.number === number);
      if (!table) throw notFound('Table');
      const { session } = report;
      render(req, res, 'world-cafe/table', {
        title: `Table ${table.number}: ${session.title}`,
        session,
        event: report.event,
        table,
        lead: table.leadProject,
        keyOutcomes: table.published?.keyOutcomes ?? [],
        wallPublic: session.wallAccess === 'public',
        reportPublic: report.published || report.tables.some((t) => t.published),
      });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
