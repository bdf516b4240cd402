import type { Request } from 'express';
import { AppError } from '../../lib/errors';
import {
  checkForm as check,
  field,
  formFieldsOf,
  lines,
  summaryProblemsOf as problemsOf,
  withFormRedraw as withForm,
  type FormPage,
} from '../../lib/forms';
import type { OrganiserKit } from './organiser.pages';
import { mayCafe, scopeOfSession } from './policies';
import { loadSessionReport } from './report-data.service';
import { mailPublishedReport } from './report-mail.service';
import { noticesOf, sessionParams } from './session-forms';
import { saveSynthesis } from './summaries.service';
import { synthesisBody } from './world-cafe.schemas';

const formOf = (req: Request) => formFieldsOf(req.body);

/** The session's synthesis and sending the report. */
export function mountSynthesisPages(kit: OrganiserKit): void {
  const { context } = kit;
  const { pages, render, now, managedSession } = kit;

  const showSynthesis: FormPage = async (req, res, problems) => {
    const report = await loadSessionReport(sessionParams.parse(req.params).id);
    const form = problems ? formOf(req) : undefined;
    const notices = noticesOf(req);
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
        notice: notices.done ?? '',
        recipients: notices.recipients,
        problems: problems && problemsOf(problems),
      },
      problems ? problems.status : 200,
    );
  };

  pages.get('/world-cafe/sessions/:id/synthesis', managedSession, async (req, res) => {
    await showSynthesis(req, res);
  });

  pages.post(
    '/world-cafe/sessions/:id/synthesis',
    managedSession,
    withForm(showSynthesis, async (req, res, { params }: { params: { id: string } }) => {
      const form = formOf(req);
      const sessionId = params.id;
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

  pages.post(
    '/world-cafe/sessions/:id/report/mail',
    managedSession,
    withForm(showSynthesis, async (req, res, { params }: { params: { id: string } }) => {
      const sessionId = params.id;
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
}

/** The public report page (a draft view for those who may read the session). */
export function mountReportPage(kit: OrganiserKit): void {
  const { pages, render, now } = kit;

  pages.get(
    '/world-cafe/sessions/:id/report',
    { params: sessionParams },
    async (req, res, { params }) => {
      const report = await loadSessionReport(params.id);
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
    },
  );
}
