import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { createPageRenderer } from '../../lib/http/pages';
import { parseBody, parseId } from '../../lib/http/validate';
import { loadSessionReport } from './report-data.service';
import { visitorLimit } from './visitor-limit';
import { castVisitorVote, subscribeToReport } from './visitors.service';
import { outcomeVotes } from './report-data.service';
import { subscribeBody, visitorVoteBody } from './world-cafe.schemas';
import { z } from 'zod';

const VISITOR_COOKIE = 'fk_visitor';
const YEAR_MS = 365 * 24 * 3600 * 1000;

/** The visitor's anonymous id (a random cookie): one vote per outcome per visitor, no account. */
function visitorId(req: Request, res: Response, secure: boolean): string {
  const existing: unknown = req.cookies?.[VISITOR_COOKIE];
  if (typeof existing === 'string' && /^[A-Za-z0-9_-]{22,64}$/.test(existing)) return existing;
  const id = randomBytes(16).toString('base64url');
  res.cookie(VISITOR_COOKIE, id, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: YEAR_MS,
    path: '/world-cafe',
  });
  res.cookie(VISITOR_COOKIE, id, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: YEAR_MS,
    path: '/api/world-cafe',
  });
  return id;
}

const voteForm = z.strictObject({ outcomeId: z.string().max(64), _csrf: z.string().optional() });
const subscribeForm = z.strictObject({
  email: z.string().max(320),
  consent: z.string().optional(),
  _csrf: z.string().optional(),
});

/**
 * Participants' voice: the voting page from the QR on the wall (vote on key outcomes,
 * leave an e-mail with consent for the report) and the same as API calls. No account;
 * rate-limited per client with the count in MongoDB.
 */
export function createVisitorRoutes(context: AppContext): Router {
  const router = Router();
  const render = createPageRenderer(context.config);
  const secure = context.config.publicBaseUrl.startsWith('https:');
  const limit = visitorLimit({
    secret: context.config.sessionSecret,
    limit: 60,
    windowMs: 10 * 60 * 1000,
    now: context.clock,
  });

  async function page(
    req: Request,
    res: Response,
    notice: Record<string, unknown> = {},
    status = 200,
  ) {
    const report = await loadSessionReport(parseId(req, 'Session'));
    const votes = await outcomeVotes(report.session.id);
    render(
      req,
      res,
      'world-cafe/vote',
      {
        title: `Vote: ${report.session.title}`,
        session: report.session,
        event: report.event,
        tables: report.tables.map((t) => ({
          number: t.number,
          lead: t.leadProject?.acronym,
          // Once published, the public votes on the published list (a change awaits review).
          outcomes: (t.summary.published?.outcomes ?? t.outcomes.items).map((o) => ({
            ...o,
            votes: votes.get(o.id) ?? 0,
          })),
        })),
        ...notice,
      },
      status,
    );
  }

  router.get('/world-cafe/sessions/:id/vote', async (req, res, next) => {
    try {
      visitorId(req, res, secure);
      await page(req, res, {
        voted: req.query.voted === '1',
        already: req.query.voted === '0',
        subscribed: req.query.subscribed === '1',
      });
    } catch (err) {
      next(err);
    }
  });

  router.post('/world-cafe/sessions/:id/vote', limit, async (req, res, next) => {
    try {
      const sessionId = parseId(req, 'Session');
      const form = parseBody(voteForm, req);
      const { counted } = await castVisitorVote(
        sessionId,
        form.outcomeId,
        visitorId(req, res, secure),
        context.clock(),
      );
      res.redirect(303, `/world-cafe/sessions/${sessionId}/vote?voted=${counted ? 1 : 0}#outcomes`);
    } catch (err) {
      next(err);
    }
  });

  router.post('/world-cafe/sessions/:id/subscribe', limit, async (req, res, next) => {
    try {
      const sessionId = parseId(req, 'Session');
      const form = parseBody(subscribeForm, req);
      const parsed = subscribeBody.safeParse({
        email: form.email.trim(),
        consent: form.consent === 'on',
      });
      if (!parsed.success) {
        const problem =
          parsed.error.issues[0]?.path[0] === 'consent'
            ? 'Tick the box to agree that we keep your address for this.'
            : 'Enter a valid e-mail address.';
        return await page(req, res, { subscribeError: problem, email: form.email }, 400);
      }
      await subscribeToReport(sessionId, parsed.data.email, context.clock());
      res.redirect(303, `/world-cafe/sessions/${sessionId}/vote?subscribed=1#report`);
    } catch (err) {
      next(err);
    }
  });

  router.post('/api/world-cafe/sessions/:id/votes', limit, async (req, res, next) => {
    try {
      const body = parseBody(visitorVoteBody, req);
      const result = await castVisitorVote(
        parseId(req, 'Session'),
        body.outcomeId,
        visitorId(req, res, secure),
        context.clock(),
      );
      res.status(result.counted ? 201 : 200).json(result);
    } catch (err) {
      next(err);
    }
  });

  router.post('/api/world-cafe/sessions/:id/subscribers', limit, async (req, res, next) => {
    try {
      const body = parseBody(subscribeBody, req);
      await subscribeToReport(parseId(req, 'Session'), body.email, context.clock());
      res.status(204).end();
    } catch (err) {
      if (err instanceof AppError) return next(err);
      next(err);
    }
  });

  return router;
}
