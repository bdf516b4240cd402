import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { currentUser } from '../../lib/http/access';
import { actorOf } from '../../lib/http/policy';
import { parseId } from '../../lib/http/validate';
import {
  WALL_SCOPE,
  authorizeNewSession,
  sessionGuard,
  sessionListFilter,
  tableGuard,
} from './policies';
import { issueCapabilityLink } from '../auth';
import { loadSessionReport } from './report-data.service';
import { mailPublishedReport } from './report-mail.service';
import { inviteSessionPeople } from './invitations.service';
import { createSession, getSession, listSessions, updateSession } from './sessions.service';
import { createTable, updateTable } from './tables.service';
import { reviewSummary, saveSynthesis } from './summaries.service';
import {
  captureLinkBody,
  createSessionBody,
  createTableBody,
  listSessionsQuery,
  reviewSummaryBody,
  synthesisBody,
  updateSessionBody,
  updateTableBody,
} from './world-cafe.schemas';

const security = 'organiser' as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Organiser API: sessions and tables (reads: any organiser; writes: the event's managers). */
export function createSessionsApi(context: AppContext): ApiRouter {
  const clock = () => context.clock();
  const api = new ApiRouter(context.registry, '/api/world-cafe', 'World Café');
  mountSessionRoutes(api, clock);
  mountHarvestRoutes(api, context, clock);
  return api;
}

/** Sessions and their tables: list, read, create, change. */
function mountSessionRoutes(api: ApiRouter, clock: () => Date): void {
  const manageSession = [sessionGuard('manage', clock)];
  api
    .route(
      'get',
      '/sessions',
      {
        summary: 'List the World Café sessions of an event',
        description:
          'All of them for the event’s managers; a facilitator sees the sessions they facilitate.',
        query: listSessionsQuery,
        security,
      },
      async (req, res, { query }) => {
        const filter = sessionListFilter(actorOf(req), query.eventId);
        res.json({ items: await listSessions(query.eventId, filter) });
      },
    )
    .route(
      'post',
      '/sessions',
      {
        summary: 'Create a session (also its entry in the event programme)',
        body: createSessionBody,
        security,
        response: { status: 201 },
      },
      async (req, res, { body }) => {
        authorizeNewSession(actorOf(req), body.eventId);
        res.status(201).json(await createSession(body));
      },
    )
    .route(
      'get',
      '/sessions/:id',
      {
        summary: 'A session with its tables, lead projects, objectives and published outcomes',
        guards: [sessionGuard('read', clock)],
        security,
      },
      async (req, res) => {
        const report = await loadSessionReport(parseId(req, 'Session'));
        res.json({
          ...report.session,
          event: report.event,
          tables: report.tables,
          quotes: report.sessionQuotes,
        });
      },
    )
    .route(
      'patch',
      '/sessions/:id',
      {
        summary: 'Change a session',
        body: updateSessionBody,
        guards: manageSession,
        security,
      },
      async (req, res, { body }) => {
        res.json(await updateSession(parseId(req, 'Session'), body));
      },
    )
    .route(
      'post',
      '/sessions/:id/tables',
      {
        summary: 'Add a table',
        body: createTableBody,
        guards: manageSession,
        security,
        response: { status: 201 },
      },
      async (req, res, { body }) => {
        res.status(201).json(await createTable(parseId(req, 'Session'), body));
      },
    );
}

/** What follows from a session: tables' edits, review, synthesis, report mail, invitations, wall links. */
function mountHarvestRoutes(api: ApiRouter, context: AppContext, clock: () => Date): void {
  const manageSession = [sessionGuard('manage', clock)];
  const manageTable = [tableGuard('manage', clock)];
  api
    .route(
      'patch',
      '/tables/:id',
      {
        summary: 'Change a table (number, lead project, host, rapporteur, objectives…)',
        body: updateTableBody,
        guards: manageTable,
        security,
      },
      async (req, res, { body }) => {
        res.json(await updateTable(parseId(req, 'Table'), body));
      },
    )
    .route(
      'post',
      '/tables/:id/summary/review',
      {
        summary: 'Publish a submitted summary, or send it back with a comment',
        body: reviewSummaryBody,
        guards: manageTable,
        security,
      },
      async (req, res, { body }) => {
        res.json(
          await reviewSummary(parseId(req, 'Table'), body.decision, body.comment, context.clock()),
        );
      },
    )
    .route(
      'put',
      '/sessions/:id/synthesis',
      {
        summary:
          'The session synthesis across tables (recurring themes, next steps); publish makes the report public',
        body: synthesisBody,
        guards: manageSession,
        security,
      },
      async (req, res, { body }) => {
        res.json(await saveSynthesis(parseId(req, 'Session'), body, context.clock()));
      },
    )
    .route(
      'post',
      '/sessions/:id/report/mail',
      {
        summary:
          'E-mail the published report (PDF attached) to participants who consented; each address once',
        guards: manageSession,
        security,
        response: { status: 202 },
      },
      async (req, res) => {
        res.status(202).json(
          await mailPublishedReport(parseId(req, 'Session'), {
            baseUrl: context.config.publicBaseUrl,
            now: context.clock(),
          }),
        );
      },
    )
    .route(
      'post',
      '/sessions/:id/invitations',
      {
        summary:
          'Calendar invitations (.ics REQUEST) to the facilitators and every table’s host and rapporteur',
        description:
          'One message per person with an e-mail address, naming their roles; sending again invites nobody twice until the session moves.',
        guards: manageSession,
        security,
        response: { status: 202 },
      },
      async (req, res) => {
        const user = currentUser(req);
        res.status(202).json(
          await inviteSessionPeople(parseId(req, 'Session'), {
            inviter: { name: user.name, email: user.email },
            baseUrl: context.config.publicBaseUrl,
            now: context.clock(),
          }),
        );
      },
    )
    .route(
      'post',
      '/sessions/:id/wall-links',
      {
        summary: 'Issue a link to a link-protected live wall (for the room’s screen)',
        description:
          'Answers `{ url, key, expiresAt }`. The key opens this session’s wall and its stream only; a public wall needs none.',
        body: captureLinkBody,
        guards: manageSession,
        security,
        response: { status: 201 },
      },
      async (req, res, { body }) => {
        const session = await getSession(parseId(req, 'Session'));
        const now = context.clock();
        const expiresAt = new Date(now.getTime() + (body.expiresInDays ?? 7) * DAY_MS);
        const link = await issueCapabilityLink({
          scope: WALL_SCOPE,
          resourceId: session.id,
          path: `/world-cafe/sessions/${session.id}/wall`,
          expiresAt,
          label: body.label ?? `Wall: ${session.title}`.slice(0, 200),
          baseUrl: context.config.publicBaseUrl,
          createdBy: req.user?.id,
          now,
        });
        res.status(201).json({ url: link.url, key: link.token, expiresAt });
      },
    );
}
