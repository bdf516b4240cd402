import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { createPageRenderer } from '../../lib/http/pages';
import { parseId } from '../../lib/http/validate';
import { projectPath } from '../../lib/paths';
import { tableCaptureGuards } from './policies';
import { listNotes } from './notes.service';
import { getSession } from './sessions.service';
import { getTable, leadProjectsOf } from './tables.service';

const LINK_HEADINGS: Record<string, string> = {
  capability_revoked: 'This link has been revoked',
  capability_expired: 'This link has expired',
  capability_invalid: 'This link does not open this table',
  capability_required: 'Open this page with your table link',
};

/**
 * The facilitator's capture page (/world-cafe/table/:id?key=…, the address of the
 * capture link and of the QR code on the table tent) and its service worker.
 */
export function createCapturePages(context: AppContext): Router {
  const router = Router();
  const render = createPageRenderer(context.config);
  const tableCapture = () => tableCaptureGuards(() => context.clock());
  router.get('/world-cafe/capture-sw.js', (_req, res) => {
    res.set({ 'Cache-Control': 'no-cache', 'Service-Worker-Allowed': '/world-cafe/' });
    res.type('application/javascript').sendFile(projectPath('public', 'js', 'world-cafe', 'sw.js'));
  });

  /** A link problem is a page that says what happened and what to do, never a stack trace. */
  const linkProblem = (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (err instanceof AppError && LINK_HEADINGS[err.code]) {
      const heading = LINK_HEADINGS[err.code]!;
      render(
        req,
        res,
        'world-cafe/link-problem',
        { title: heading, heading, detail: err.message, status: err.status, code: err.code },
        err.status,
      );
      return;
    }
    next(err);
  };

  router.get('/world-cafe/table/:id', ...tableCapture(), async (req, res, next) => {
    try {
      const table = await getTable(parseId(req, 'Table'));
      const [session, notes, projects] = await Promise.all([
        getSession(table.sessionId),
        listNotes(table.id),
        leadProjectsOf([table]),
      ]);
      render(req, res, 'world-cafe/capture', {
        title: `Table ${table.number}`,
        table,
        session,
        leadProject: table.leadProjectId ? projects.get(table.leadProjectId) : undefined,
        rounds: session.format.rounds ?? 1,
        roundMinutes: session.format.roundMinutes ?? 20,
        notes,
        outcomesText: table.outcomes.items.map((o) => o.text).join('\n'),
      });
    } catch (err) {
      next(err);
    }
  });
  router.use('/world-cafe/table', linkProblem);
  return router;
}
