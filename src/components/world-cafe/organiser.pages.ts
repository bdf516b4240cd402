import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import { actorOf } from '../../lib/http/policy';
import { createPageRenderer } from '../../lib/http/pages';
import { parseId } from '../../lib/http/validate';
import { getClustersByIds, getEvent, getProjectsByIds } from '../events';
import {
  authorizeNewSession,
  mayCafe,
  scopeOfSession,
  sessionGuard,
  tableCaptureGuards,
  tableGuard,
  tableScope,
} from './policies';
import {
  check,
  field,
  fieldList,
  lines,
  localInput,
  peopleText,
  countsText,
  problemsOf,
  sessionFromForm,
  tableFromForm,
  type FormFields,
} from './organiser-forms';
import { facilitatorChoices } from './facilitator-accounts';
import { loadSessionReport } from './report-data.service';
import { mailPublishedReport } from './report-mail.service';
import { inviteSessionPeople } from './invitations.service';
import { listPhotos } from './photos.service';
import { listQuotes } from './quotes.service';
import { createSession, getSession, updateSession } from './sessions.service';
import { reviewSummary, saveSummaryDraft, saveSynthesis, submitSummary } from './summaries.service';
import { createTable, getTable, listTables, updateTable } from './tables.service';
import type { SessionView } from './world-cafe.presenter';
import {
  createSessionBody,
  createTableBody,
  putSummaryBody,
  reviewSummaryBody,
  synthesisBody,
  updateSessionBody,
  updateTableBody,
} from './world-cafe.schemas';

/** A handler whose bad input re-renders its form with the problems instead of an error page. */
type FormPage = (req: Request, res: Response, problems?: AppError) => Promise<void>;

function withForm(show: FormPage, act: (req: Request, res: Response) => Promise<void>) {
  const handler: RequestHandler = async (req, res, next) => {
    try {
      await act(req, res);
    } catch (err) {
      if (err instanceof AppError && (err.status === 400 || err.status === 409)) {
        try {
          await show(req, res, err);
        } catch (inner) {
          next(inner);
        }
        return;
      }
      next(err);
    }
  };
  return handler;
}

const formOf = (req: Request) => (req.body ?? {}) as FormFields;

/**
 * The organiser's pages (session setup, summary review, synthesis) and the public
 * report page. Rapporteurs reach the summary page with their table's capability link
 * (or signed in); everything else needs an organiser who manages the event.
 */
export function createOrganiserPages(context: AppContext): Router {
  const router = Router();
  const render = createPageRenderer(context.config);
  const now = () => context.clock();
  // Pages send the signed-out to sign in; then the policy decides.
  const manageSession = [requireSignedInPage, sessionGuard('manage', now)];
  const manageTable = [requireSignedInPage, tableGuard('manage', now)];
  const capture = tableCaptureGuards(now);

  // ——— session setup ———

  async function projectChoices(eventId: string, include: (string | undefined)[] = []) {
    const event = await getEvent(eventId);
    const clusters = event.clusterIds.length ? await getClustersByIds(event.clusterIds) : [];
    const ids = [...new Set([...clusters.flatMap((c) => c.projectIds), ...include])];
    const projects = await getProjectsByIds(ids.filter((id): id is string => Boolean(id)));
    return projects.sort((a, b) => a.acronym.localeCompare(b.acronym));
  }

  function sessionForm(session: Partial<SessionView> | undefined, timeZone: string) {
    return {
      title: session?.title ?? '',
      room: session?.room ?? '',
      start: session?.start ? localInput(session.start, timeZone) : '',
      end: session?.end ? localInput(session.end, timeZone) : '',
      allDay: session?.allDay ?? false,
      rounds: session?.format?.rounds ?? '',
      roundMinutes: session?.format?.roundMinutes ?? '',
      breakMinutes: session?.format?.breakMinutes ?? '',
      facilitators: peopleText(session?.facilitators),
      facilitatorIds: session?.facilitatorIds ?? [],
      languages: (session?.languages ?? []).join(', '),
      wallPublic: (session?.wallAccess ?? 'public') === 'public',
    };
  }

  const showNewSession: FormPage = async (req, res, problems) => {
    const eventId = String(req.query.eventId ?? field(formOf(req), 'eventId'));
    const event = await getEvent(eventId);
    render(
      req,
      res,
      'world-cafe/session-setup',
      {
        title: 'New World Café session',
        creating: true,
        event,
        form: problems
          ? { ...formOf(req), wallPublic: field(formOf(req), 'wallAccess') !== 'link' }
          : sessionForm(undefined, event.timeZone),
        facilitatorAccounts: await facilitatorChoices(fieldList(formOf(req), 'facilitatorIds')),
        problems: problems && problemsOf(problems),
      },
      problems ? problems.status : 200,
    );
  };

  const requireEventManager: RequestHandler = (req, _res, next) => {
    try {
      authorizeNewSession(actorOf(req), String(req.query.eventId ?? field(formOf(req), 'eventId')));
      next();
    } catch (err) {
      next(err);
    }
  };

  router.get(
    '/world-cafe/sessions/new',
    requireSignedInPage,
    requireEventManager,
    async (req, res, next) => {
      try {
        await showNewSession(req, res);
      } catch (err) {
        next(err);
      }
    },
  );

  router.post(
    '/world-cafe/sessions/new',
    requireSignedInPage,
    requireEventManager,
    withForm(showNewSession, async (req, res) => {
      const form = formOf(req);
      const event = await getEvent(field(form, 'eventId'));
      const body = check(createSessionBody, {
        eventId: event.id,
        ...sessionFromForm(form, event.timeZone),
      });
      const session = await createSession(body);
      res.redirect(303, `/world-cafe/sessions/${session.id}/setup?saved=1`);
    }),
  );

  const showSetup: FormPage = async (req, res, problems) => {
    const session = await getSession(parseId(req, 'Session'));
    const event = await getEvent(session.eventId);
    const tables = await listTables(session.id);
    const projects = await projectChoices(
      event.id,
      tables.map((t) => t.leadProjectId),
    );
    const failedTable = problems ? field(formOf(req), 'tableId') || 'new' : undefined;
    const sessionProblems = problems && failedTable === 'session';
    render(
      req,
      res,
      'world-cafe/session-setup',
      {
        title: `Set up: ${session.title}`,
        session,
        event,
        form: sessionForm(session, event.timeZone),
        facilitatorAccounts: await facilitatorChoices(session.facilitatorIds),
        problems: sessionProblems ? problemsOf(problems) : undefined,
        saved: req.query.saved === '1',
        invited: typeof req.query.invited === 'string' ? req.query.invited : undefined,
        tables: tables.map((t) => ({
          ...t,
          objectivesText: t.objectives.join('\n'),
          questionsText: t.guidingQuestions.join('\n'),
          participantsText: peopleText(t.participants),
          countsText: countsText(t.participantCounts),
          projects: projects.map((p) => ({ ...p, selected: p.id === t.leadProjectId })),
          problems: problems && failedTable === t.id ? problemsOf(problems) : undefined,
        })),
        newTable: {
          number: Math.max(0, ...tables.map((t) => t.number)) + 1,
          projects,
        },
        newTableProblems: problems && failedTable === 'new' ? problemsOf(problems) : undefined,
      },
      problems ? problems.status : 200,
    );
  };

  router.get('/world-cafe/sessions/:id/setup', ...manageSession, async (req, res, next) => {
    try {
      await showSetup(req, res);
    } catch (err) {
      next(err);
    }
  });

  router.post(
    '/world-cafe/sessions/:id/setup',
    ...manageSession,
    withForm(showSetup, async (req, res) => {
      const form = formOf(req);
      const session = await getSession(parseId(req, 'Session'));
      const event = await getEvent(session.eventId);
      const tableId = field(form, 'tableId');
      if (tableId === 'session') {
        const fields = sessionFromForm(form, event.timeZone);
        await updateSession(
          session.id,
          check(updateSessionBody, { ...fields, wallAccess: fields.wallAccess ?? 'public' }),
        );
      } else if (tableId === 'new') {
        await createTable(session.id, check(createTableBody, tableFromForm(form)));
      } else {
        const table = await getTable(tableId);
        if (table.sessionId !== session.id) throw new AppError('not_found', 'Table not found', 404);
        await updateTable(table.id, check(updateTableBody, tableFromForm(form)));
      }
      res.redirect(303, `/world-cafe/sessions/${session.id}/setup?saved=1`);
    }),
  );

  router.post(
    '/world-cafe/sessions/:id/invitations',
    ...manageSession,
    withForm(showSetup, async (req, res) => {
      const user = currentUser(req);
      const sessionId = parseId(req, 'Session');
      const sent = await inviteSessionPeople(sessionId, {
        inviter: { name: user.name, email: user.email },
        baseUrl: context.config.publicBaseUrl,
        now: now(),
      });
      res.redirect(303, `/world-cafe/sessions/${sessionId}/setup?invited=${sent.recipients}`);
    }),
  );

  // ——— rapporteur summary and the organiser's review ———

  const showSummary: FormPage = async (req, res, problems) => {
    const table = await getTable(parseId(req, 'Table'));
    const session = await getSession(table.sessionId);
    const [quotes, photos] = await Promise.all([listQuotes(table.id), listPhotos(table.id)]);
    const key = typeof req.query.key === 'string' ? req.query.key : undefined;
    const manager = mayCafe(req, 'manage', await tableScope(table.id), now());
    const chosenQuotes = new Set(table.summary.quoteIds);
    const chosenPhotos = new Set(table.summary.photoIds);
    render(
      req,
      res,
      'world-cafe/summary',
      {
        title: `Summary: table ${table.number}`,
        table,
        session,
        keyQuery: key ? `?key=${encodeURIComponent(key)}` : '',
        key,
        draft: table.summary.status === 'draft',
        submitted: table.summary.status === 'submitted',
        published: table.summary.status === 'published',
        changedAfterPublishing: Boolean(table.summary.changedAfterPublishing),
        publicVersion: table.summary.published,
        manager,
        text:
          problems && field(formOf(req), 'text') ? field(formOf(req), 'text') : table.summary.text,
        quotes: quotes
          .filter((q) => q.consent)
          .map((q) => ({ ...q, chosen: chosenQuotes.has(q.id) })),
        photos: photos.map((p) => ({ ...p, chosen: chosenPhotos.has(p.id) })),
        notice: String(req.query.done ?? ''),
        problems: problems && problemsOf(problems),
      },
      problems ? problems.status : 200,
    );
  };

  router.get('/world-cafe/tables/:id/summary', ...capture, async (req, res, next) => {
    try {
      await showSummary(req, res);
    } catch (err) {
      next(err);
    }
  });

  router.post(
    '/world-cafe/tables/:id/summary',
    ...capture,
    withForm(showSummary, async (req, res) => {
      const form = formOf(req);
      const tableId = parseId(req, 'Table');
      const body = check(putSummaryBody, {
        text: field(form, 'text'),
        quoteIds: fieldList(form, 'quoteIds'),
        photoIds: fieldList(form, 'photoIds'),
      });
      await saveSummaryDraft(tableId, body, now());
      const submit = field(form, 'action') === 'submit';
      if (submit) await submitSummary(tableId, now());
      const key =
        typeof req.query.key === 'string' ? `key=${encodeURIComponent(req.query.key)}&` : '';
      res.redirect(
        303,
        `/world-cafe/tables/${tableId}/summary?${key}done=${submit ? 'submitted' : 'saved'}`,
      );
    }),
  );

  router.post(
    '/world-cafe/tables/:id/summary/review',
    ...manageTable,
    withForm(showSummary, async (req, res) => {
      const form = formOf(req);
      const body = check(reviewSummaryBody, {
        decision: field(form, 'decision'),
        comment: field(form, 'comment') || undefined,
      });
      const tableId = parseId(req, 'Table');
      await reviewSummary(tableId, body.decision, body.comment, now());
      res.redirect(
        303,
        `/world-cafe/tables/${tableId}/summary?done=${body.decision === 'publish' ? 'published' : 'sent-back'}`,
      );
    }),
  );

  // ——— synthesis ———

  const showSynthesis: FormPage = async (req, res, problems) => {
    const report = await loadSessionReport(parseId(req, 'Session'));
    const form = problems ? formOf(req) : undefined;
    render(
      req,
      res,
      'world-cafe/synthesis',
      {
        title: `Synthesis: ${report.session.title}`,
        session: report.session,
        tables: report.tables.map((t) => ({
          number: t.number,
          lead: t.leadProject?.acronym,
          status: t.summary.status,
          changedAfterPublishing: t.summary.changedAfterPublishing,
          outcomes: t.outcomes.items,
        })),
        themes: form ? field(form, 'themes') : report.session.synthesis.themes.join('\n'),
        nextSteps: form ? field(form, 'nextSteps') : report.session.synthesis.nextSteps.join('\n'),
        text: form ? field(form, 'text') : (report.session.synthesis.text ?? ''),
        published: report.published,
        notice: String(req.query.done ?? ''),
        recipients: req.query.recipients,
        problems: problems && problemsOf(problems),
      },
      problems ? problems.status : 200,
    );
  };

  router.get('/world-cafe/sessions/:id/synthesis', ...manageSession, async (req, res, next) => {
    try {
      await showSynthesis(req, res);
    } catch (err) {
      next(err);
    }
  });

  router.post(
    '/world-cafe/sessions/:id/synthesis',
    ...manageSession,
    withForm(showSynthesis, async (req, res) => {
      const form = formOf(req);
      const sessionId = parseId(req, 'Session');
      const body = check(synthesisBody, {
        themes: lines(field(form, 'themes')),
        nextSteps: lines(field(form, 'nextSteps')),
        text: field(form, 'text'),
        publish: field(form, 'publish') === 'on' || undefined,
      });
      await saveSynthesis(sessionId, body, now());
      res.redirect(303, `/world-cafe/sessions/${sessionId}/synthesis?done=saved`);
    }),
  );

  router.post(
    '/world-cafe/sessions/:id/report/mail',
    ...manageSession,
    withForm(showSynthesis, async (req, res) => {
      const sessionId = parseId(req, 'Session');
      const sent = await mailPublishedReport(sessionId, {
        baseUrl: context.config.publicBaseUrl,
        now: now(),
      });
      res.redirect(
        303,
        `/world-cafe/sessions/${sessionId}/synthesis?done=mailed&recipients=${sent.recipients}`,
      );
    }),
  );

  // ——— the public report page ———

  router.get('/world-cafe/sessions/:id/report', async (req, res, next) => {
    try {
      const report = await loadSessionReport(parseId(req, 'Session'));
      const visible = report.published || report.tables.some((t) => t.published);
      if (!visible && !mayCafe(req, 'read', scopeOfSession(report.session), now())) {
        throw new AppError('report_not_published', 'This report is not published yet', 404);
      }
      render(req, res, 'world-cafe/report', {
        title: `Report: ${report.session.title}`,
        report,
        tables: report.tables.map((t) => ({
          ...t,
          lead: t.leadProject,
          keyOutcomes: t.published?.keyOutcomes ?? [],
        })),
        draftView: !visible,
      });
    } catch (err) {
      next(err);
    }
  });

  return router;
}
