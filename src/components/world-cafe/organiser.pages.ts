import type { Request, RequestHandler, Router } from 'express';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import {
  checkForm as check,
  field,
  fieldList,
  formFieldsOf,
  summaryProblemsOf as problemsOf,
  withFormRedraw as withForm,
  type FormPage,
} from '../../lib/forms';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import { PageRouter } from '../../lib/http/page-router';
import { actorOf } from '../../lib/http/policy';
import { createPageRenderer, type PageRenderer } from '../../lib/http/pages';
import { getClustersByIds, getEvent, getProjectsByIds } from '../events';
import { facilitatorChoices } from './facilitator-accounts';
import {
  authorizeNewSession,
  mayCafe,
  sessionGuard,
  tableCaptureGuards,
  tableGuard,
  tableScope,
} from './policies';
import {
  noticesOf,
  sessionFormValues,
  sessionParams,
  tableParams,
  sessionFromForm,
  tableFormValues,
  tableFromForm,
} from './session-forms';
import { inviteSessionPeople } from './invitations.service';
import { listPhotos } from './photos.service';
import { listQuotes } from './quotes.service';
import { createSession, getSession, updateSession } from './sessions.service';
import { reviewSummary, saveSummaryDraft, submitSummary } from './summaries.service';
import { mountReportPage, mountSynthesisPages } from './synthesis.pages';
import { createTable, getTable, listTables, updateTable } from './tables.service';
import {
  createSessionBody,
  createTableBody,
  putSummaryBody,
  reviewSummaryBody,
  updateSessionBody,
  updateTableBody,
} from './world-cafe.schemas';

const formOf = (req: Request) => formFieldsOf(req.body);

/**
 * The organiser's pages (session setup, summary review, synthesis) and the public
 * report page. Rapporteurs reach the summary page with their table's capability link
 * (or signed in); everything else needs an organiser who manages the event.
 */ export function createOrganiserPages(context: AppContext): Router {
  const kit: OrganiserKit = {
    context,
    pages: new PageRouter(),
    render: createPageRenderer(context.config),
    now: () => context.clock(),
    // Pages send the signed-out to sign in; then the policy decides.
    managedSession: {
      guards: [requireSignedInPage, sessionGuard('manage', () => context.clock())],
      params: sessionParams,
    },
  };
  mountSetupPages(kit);
  mountSummaryPages(kit);
  mountSynthesisPages(kit);
  mountReportPage(kit);
  return kit.pages.router;
}

export type OrganiserKit = {
  context: AppContext;
  pages: PageRouter;
  render: PageRenderer;
  now: () => Date;
  /** Signed-in organisers who manage the session's event (admins, its comms users). */
  managedSession: { guards: RequestHandler[]; params: typeof sessionParams };
};

/** A new session, the session's set-up (session and tables) and the invitations. */
function mountSetupPages(kit: OrganiserKit): void {
  const { context } = kit;
  const { pages, render, now, managedSession } = kit;

  async function projectChoices(eventId: string, include: (string | undefined)[] = []) {
    const event = await getEvent(eventId);
    const clusters = event.clusterIds.length ? await getClustersByIds(event.clusterIds) : [];
    const ids = [...new Set([...clusters.flatMap((c) => c.projectIds), ...include])];
    const projects = await getProjectsByIds(ids.filter((id): id is string => Boolean(id)));
    return projects.sort((a, b) => a.acronym.localeCompare(b.acronym));
  }

  const showNewSession: FormPage = async (req, res, problems) => {
    const event = await getEvent(eventIdOfForm(req));
    render(
      req,
      res,
      'world-cafe/session-setup',
      {
        title: 'New World Café session',
        creating: true,
        event,
        form: sessionFormValues(undefined, event.timeZone, problems && formOf(req)),
        facilitatorAccounts: await facilitatorChoices(fieldList(formOf(req), 'facilitatorIds')),
        problems: problems && problemsOf(problems),
      },
      problems ? problems.status : 200,
    );
  };

  /** The event a new session is for: named by the link (`?eventId=`) or the posted form. */
  const eventIdOfForm = (req: Request) => noticesOf(req).eventId ?? field(formOf(req), 'eventId');
  const requireEventManager = async (req: Request) => {
    authorizeNewSession(actorOf(req), eventIdOfForm(req));
  };
  const newSession = { guards: [requireSignedInPage], policy: requireEventManager };

  pages.get('/world-cafe/sessions/new', newSession, async (req, res) => {
    await showNewSession(req, res);
  });

  pages.post(
    '/world-cafe/sessions/new',
    newSession,
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
    const { id } = sessionParams.parse(req.params);
    const session = await getSession(id);
    const event = await getEvent(session.eventId);
    const tables = await listTables(session.id);
    const notices = noticesOf(req);
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
        // A refused form comes back as it was typed; the others show what is stored.
        form: sessionFormValues(session, event.timeZone, sessionProblems ? formOf(req) : undefined),
        facilitatorAccounts: await facilitatorChoices(
          sessionProblems ? fieldList(formOf(req), 'facilitatorIds') : session.facilitatorIds,
        ),
        problems: sessionProblems ? problemsOf(problems) : undefined,
        saved: notices.saved === '1',
        invited: notices.invited,
        tables: tables.map((t) => {
          const failed = problems && failedTable === t.id;
          return {
            ...t,
            ...tableFormValues(t, projects, failed ? formOf(req) : undefined),
            problems: failed ? problemsOf(problems) : undefined,
          };
        }),
        newTable: {
          number: Math.max(0, ...tables.map((t) => t.number)) + 1,
          ...tableFormValues(undefined, projects, failedTable === 'new' ? formOf(req) : undefined),
        },
        newTableProblems: problems && failedTable === 'new' ? problemsOf(problems) : undefined,
      },
      problems ? problems.status : 200,
    );
  };

  pages.get('/world-cafe/sessions/:id/setup', managedSession, async (req, res) => {
    await showSetup(req, res);
  });

  pages.post(
    '/world-cafe/sessions/:id/setup',
    managedSession,
    withForm(showSetup, async (req, res, { params }: { params: { id: string } }) => {
      const form = formOf(req);
      const session = await getSession(params.id);
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

  pages.post(
    '/world-cafe/sessions/:id/invitations',
    managedSession,
    withForm(showSetup, async (req, res, { params }: { params: { id: string } }) => {
      const user = currentUser(req);
      const sessionId = params.id;
      const sent = await inviteSessionPeople(sessionId, {
        inviter: { name: user.name, email: user.email },
        baseUrl: context.config.publicBaseUrl,
        now: now(),
      });
      res.redirect(303, `/world-cafe/sessions/${sessionId}/setup?invited=${sent.recipients}`);
    }),
  );
}

/** The rapporteur's summary (table link or signed in) and the organiser's review. */
function mountSummaryPages(kit: OrganiserKit): void {
  const { pages, render, now } = kit;

  const showSummary: FormPage = async (req, res, problems) => {
    const table = await getTable(tableParams.parse(req.params).id);
    const session = await getSession(table.sessionId);
    const [quotes, photos] = await Promise.all([listQuotes(table.id), listPhotos(table.id)]);
    const notices = noticesOf(req);
    const key = notices.key;
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
        notice: notices.done ?? '',
        problems: problems && problemsOf(problems),
      },
      problems ? problems.status : 200,
    );
  };

  const capturedTable = { guards: tableCaptureGuards(now), params: tableParams };
  pages.get('/world-cafe/tables/:id/summary', capturedTable, async (req, res) => {
    await showSummary(req, res);
  });

  pages.post(
    '/world-cafe/tables/:id/summary',
    capturedTable,
    withForm(showSummary, async (req, res, { params }: { params: { id: string } }) => {
      const form = formOf(req);
      const tableId = params.id;
      const body = check(putSummaryBody, {
        text: field(form, 'text'),
        quoteIds: fieldList(form, 'quoteIds'),
        photoIds: fieldList(form, 'photoIds'),
      });
      await saveSummaryDraft(tableId, body, now());
      const submit = field(form, 'action') === 'submit';
      if (submit) await submitSummary(tableId, now());
      const given = noticesOf(req).key;
      const key = given ? `key=${encodeURIComponent(given)}&` : '';
      res.redirect(
        303,
        `/world-cafe/tables/${tableId}/summary?${key}done=${submit ? 'submitted' : 'saved'}`,
      );
    }),
  );

  pages.post(
    '/world-cafe/tables/:id/summary/review',
    { guards: [requireSignedInPage, tableGuard('manage', now)], params: tableParams },
    withForm(showSummary, async (req, res, { params }: { params: { id: string } }) => {
      const form = formOf(req);
      const body = check(reviewSummaryBody, {
        decision: field(form, 'decision'),
        comment: field(form, 'comment') || undefined,
      });
      const tableId = params.id;
      await reviewSummary(tableId, body.decision, body.comment, now());
      res.redirect(
        303,
        `/world-cafe/tables/${tableId}/summary?done=${body.decision === 'publish' ? 'published' : 'sent-back'}`,
      );
    }),
  );
}
