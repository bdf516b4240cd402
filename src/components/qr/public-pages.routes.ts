import express, { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import type { PageRenderer } from '../../lib/http/pages';
import { toFieldProblems } from '../../lib/http/validate';
import {
  countryName,
  getEvent,
  getEventBySlug,
  getProject,
  listProgrammeItems,
  type EventView,
} from '../events';
import { FEEDBACK_SUBJECTS, type FeedbackSubject } from './feedback.model';
import { feedbackForm, saveFeedback, takeFormAllowance } from './feedback.service';
import { getPostcard } from './postcards.service';
import { findQrCodeByCode } from './qr-codes.service';
import { QrCodeModel } from './qr-code.model';
import { QR_KIND_LABELS } from './qr-labels';
import {
  dayHeading,
  formatEventDates,
  formatPublicationDate,
  localDate,
  timeRange,
} from './public-format';
import { getResource } from './resources.service';
import { isShortCode } from './short-code';
import { visitorKeyNow } from './visitor-key';
import { sendMediaFile } from './media.service';
import { param } from '../../lib/http/params';
import { z } from 'zod';

const RESOURCE_TYPE_LABELS: Record<string, string> = {
  deliverable: 'Deliverable',
  booklet: 'Booklet',
  film: 'Film',
  game: 'Game',
  other: 'Resource',
};

type Meta = { property: string; content: string }[];
const STYLES = ['/static/css/qr.css'];

/** What the public pages share: the renderer, the public address and the page helpers. */
type PublicPages = {
  router: Router;
  context: AppContext;
  render: PageRenderer;
  /** The public base URL without a trailing slash. */
  base: string;
  openGraph: (path: string, title: string, description?: string, image?: string) => Meta;
  /** The code the visitor came through (`?c=`), when it is one. */
  viaCode: (req: Request) => string | undefined;
  notFoundPage: (req: Request, res: Response) => void;
};

function publicPages(router: Router, context: AppContext, render: PageRenderer): PublicPages {
  const base = context.config.publicBaseUrl.replace(/\/+$/, '');
  return {
    router,
    context,
    render,
    base,
    openGraph: (path, title, description, image) => [
      { property: 'og:type', content: 'website' },
      { property: 'og:site_name', content: 'forumkit' },
      { property: 'og:title', content: title },
      { property: 'og:url', content: `${base}${path}` },
      ...(description ? [{ property: 'og:description', content: description.slice(0, 200) }] : []),
      ...(image ? [{ property: 'og:image', content: `${base}${image}` }] : []),
    ],
    viaCode: (req) =>
      typeof req.query.c === 'string' && isShortCode(req.query.c) ? req.query.c : undefined,
    notFoundPage: (req, res) =>
      render(req, res, 'qr/unknown', { title: 'Page not found', styles: STYLES }, 404),
  };
}

/** /r/:id and /p/:id: a resource's and a postcard's page. */
function mountContentLandings({ router, render, openGraph, viaCode, notFoundPage }: PublicPages) {
  router.get('/r/:id', async (req, res, next) => {
    try {
      const resource = await getResource(param(req, 'id', z.string())).catch(() => undefined);
      if (!resource) return notFoundPage(req, res);
      const project = await getProject(resource.projectId);
      const date = formatPublicationDate(resource.publishedOn);
      const heading = [resource.deliverableCode, resource.title].filter(Boolean).join(': ');
      render(req, res, 'qr/public-resource', {
        title: heading,
        styles: STYLES,
        meta: openGraph(resource.pagePath, heading, resource.description, resource.coverUrl),
        resource,
        project,
        typeLabel: RESOURCE_TYPE_LABELS[resource.type],
        dateLine: date && (resource.dateKind === 'due' ? `Due ${date}` : `Published ${date}`),
        open: resource.documentUrl ?? resource.externalUrl,
        download: !!resource.documentUrl,
        feedback: feedbackData('resource', resource.id, viaCode(req)),
      });
    } catch (err) {
      next(err);
    }
  });

  router.get('/p/:id', async (req, res, next) => {
    try {
      const postcard = await getPostcard(param(req, 'id', z.string())).catch(() => undefined);
      if (!postcard) return notFoundPage(req, res);
      const project = await getProject(postcard.projectId);
      const country = countryName(postcard.country);
      const heading = `${postcard.city}, ${country}`;
      render(req, res, 'qr/public-postcard', {
        title: heading,
        styles: STYLES,
        meta: openGraph(postcard.pagePath, heading, postcard.story, postcard.frontUrl),
        postcard,
        project,
        heading,
        feedback: feedbackData('postcard', postcard.id, viaCode(req)),
      });
    } catch (err) {
      next(err);
    }
  });
}

/** /e/:slug (an event and its programme) and /l/:code (a code whose thing is elsewhere). */
function mountEventAndPlaceholderLandings(pages: PublicPages) {
  const { router, render, base, openGraph, viaCode, notFoundPage } = pages;
  router.get('/e/:slug', async (req, res, next) => {
    try {
      const event = await getEventBySlug(param(req, 'slug', z.string())).catch(() => undefined);
      if (!event) return notFoundPage(req, res);
      const dates = formatEventDates(event.startDate, event.endDate, event.datePrecision);
      const place = [event.venue, event.city, countryName(event.country)]
        .filter(Boolean)
        .join(', ');
      render(req, res, 'qr/public-event', {
        title: event.name,
        styles: STYLES,
        meta: openGraph(`/e/${event.slug}`, event.name, `${place} · ${dates}`),
        event,
        dates,
        place,
        days: await programmeDays(event),
        feedback: feedbackData('event', event.id, viaCode(req)),
      });
    } catch (err) {
      next(err);
    }
  });

  // A code whose thing does not exist yet (a kit, a World Café table): a friendly placeholder.
  router.get('/l/:code', async (req, res, next) => {
    try {
      const code = await findQrCodeByCode(param(req, 'code', z.string()), base);
      if (!code || !code.enabled) return notFoundPage(req, res);
      render(req, res, 'qr/public-placeholder', {
        title: code.label,
        styles: STYLES,
        meta: openGraph(`/l/${code.code}`, code.label),
        code,
        kindLabel: QR_KIND_LABELS[code.kind],
        feedback: feedbackData('qr', code.id, code.code),
      });
    } catch (err) {
      next(err);
    }
  });
}

/** Where "thanks" leads back to; anything that does not parse leads nowhere in particular. */
const backQuery = z.object({
  subject: z.enum(FEEDBACK_SUBJECTS).optional().catch(undefined),
  id: z.string().optional().catch(undefined),
});

/** POST /feedback (the form on every landing page) and its thank-you page. */
function mountFeedback({ router, context, render, base }: PublicPages) {
  router.post(
    '/feedback',
    express.urlencoded({ extended: false, limit: '16kb' }),
    async (req, res, next) => {
      try {
        const parsed = feedbackForm.safeParse(req.body ?? {});
        if (!parsed.success) {
          const problems = toFieldProblems(parsed.error);
          const subject = String((req.body as Record<string, unknown>)?.subject ?? '');
          const subjectId = String((req.body as Record<string, unknown>)?.subjectId ?? '');
          if (
            !FEEDBACK_SUBJECTS.includes(subject as FeedbackSubject) ||
            !/^[0-9a-f]{24}$/i.test(subjectId)
          ) {
            throw new AppError('validation_failed', 'This form is not for anything we know', 400);
          }
          return render(
            req,
            res,
            'qr/feedback-problem',
            {
              title: 'Please check your feedback',
              styles: STYLES,
              problems,
              back: subjectPath(subject as FeedbackSubject, subjectId),
            },
            400,
          );
        }
        const form = parsed.data;
        const back = await existingSubjectPath(form.subject, form.subjectId);
        if (!back) throw new AppError('not_found', 'This page no longer exists', 404);
        // A robot filled the hidden field: thank it and keep nothing.
        if (form.website) return res.redirect(303, `/feedback/thanks?${thanksQuery(form)}`);
        const key = await visitorKeyNow(req.ip ?? '', req.get('user-agent') ?? '', context.clock());
        await takeFormAllowance(`feedback:${key}`, context.clock());
        const code = form.c ? await findQrCodeByCode(form.c, base) : undefined;
        await saveFeedback(form, code?.id);
        res.redirect(303, `/feedback/thanks?${thanksQuery(form)}`);
      } catch (err) {
        next(err);
      }
    },
  );

  router.get('/feedback/thanks', async (req, res) => {
    const { subject, id } = backQuery.parse(req.query);
    const back =
      subject && id && /^[0-9a-f]{24}$/i.test(id)
        ? await existingSubjectPath(subject, id)
        : undefined;
    render(req, res, 'qr/feedback-thanks', { title: 'Thank you', styles: STYLES, back });
  });
}

/**
 * Public pages for visitors: no sign-in, phone first, no script, nothing loaded from
 * elsewhere. A landing page names the code the visitor came through (`?c=`) only so
 * the feedback can be counted against it.
 */
export function createPublicPages(context: AppContext, render: PageRenderer): Router {
  const router = Router();
  const pages = publicPages(router, context, render);
  mountContentLandings(pages);
  mountEventAndPlaceholderLandings(pages);
  mountFeedback(pages);
  router.get('/media/:id', (req, res, next) => {
    sendMediaFile(param(req, 'id', z.string()), req, res).catch(next);
  });
  return router;
}

function thanksQuery(form: { subject: string; subjectId: string }) {
  return new URLSearchParams({ subject: form.subject, id: form.subjectId }).toString();
}

function feedbackData(subject: FeedbackSubject, subjectId: string, code?: string) {
  return { subject, subjectId, code };
}

/** The page a feedback form was on, built from the stored thing only (never from the request). */
function subjectPath(subject: FeedbackSubject, id: string): string | undefined {
  if (subject === 'resource') return `/r/${id}`;
  if (subject === 'postcard') return `/p/${id}`;
  return undefined;
}

async function existingSubjectPath(subject: FeedbackSubject, id: string) {
  try {
    if (subject === 'resource') return (await getResource(id)).pagePath;
    if (subject === 'postcard') return (await getPostcard(id)).pagePath;
    if (subject === 'event') return `/e/${(await getEvent(id)).slug}`;
    const code = await QrCodeModel.findById(id).lean();
    return code ? `/l/${code.code}` : undefined;
  } catch {
    return undefined;
  }
}

async function programmeDays(event: EventView) {
  const zone = event.timeZone;
  const items = (await listProgrammeItems(event.id)).filter((i) => i.status !== 'cancelled');
  const days: {
    heading: string;
    items: { time: string; title: string; location?: string; description?: string }[];
  }[] = [];
  let current = '';
  for (const item of items) {
    const day = localDate(item.start, zone);
    if (day !== current) {
      current = day;
      days.push({ heading: dayHeading(item.start, zone), items: [] });
    }
    days[days.length - 1]!.items.push({
      time: item.allDay ? 'All day' : timeRange(item.start, item.end, zone),
      title: item.title,
      location: item.location,
      description: item.description,
    });
  }
  return days;
}
