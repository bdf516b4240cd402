import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { parseId } from '../../lib/http/validate';
import { requireSignedInPage } from '../../lib/http/access';
import { guardBy } from '../../lib/http/policy';
import { outboxPolicy } from './policies';
import { createPageRenderer, viewerTimeZone } from '../../lib/http/pages';
import { formatDateTime } from '../../lib/time-format';
import { splitLinks } from '../../lib/text-links';
import { listLocalMail, readLocalMail } from './local-mail.service';
import { OUTBOX_STATUSES } from './outbox.model';
import { cancelMessage, listOutbox, retryMessage } from './outbox.service';
import { param, slugParam } from '../../lib/http/params';

const PAGE_SIZE = 50;

/** Page filters are forgiving: a bad value shows the unfiltered page rather than an error. */
const outboxPageQuery = z.object({
  status: z.enum(OUTBOX_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  done: z.enum(['retried', 'cancelled']).optional().catch(undefined),
  error: z.string().max(80).optional().catch(undefined),
});

const NOTICES = new Map<string, string>([
  ['retried', 'The message is queued and will be sent shortly.'],
  ['cancelled', 'The message is cancelled and will not be sent.'],
]);

// Only codes go through the address, never text, so nobody can craft a message on this page.
// A Map, not an object: `?error=constructor` must not find Object.prototype.constructor.
const ERRORS = new Map<string, string>([
  ['outbox_message_sent', 'That message has already been sent.'],
  ['outbox_message_sending', 'That message is being sent right now; try again in a moment.'],
  ['not_found', 'That message no longer exists.'],
]);

/**
 * Admin pages: /admin/outbox (the queue, with retry and cancel as form posts whose
 * CSRF token the auth middleware checks) and /admin/mail (the `.eml` files of the
 * local file transport).
 */
export function createMailPagesRouter(context: AppContext): Router {
  const router = Router();
  const render = createPageRenderer(context.config);
  const adminOnly = [
    requireSignedInPage,
    guardBy((actor) => outboxPolicy.may(actor, 'read', null), {}),
  ];
  const mailDir = context.config.mail.dir;

  router.get('/admin/outbox', ...adminOnly, async (req, res) => {
    const query = outboxPageQuery.parse(req.query);
    const result = await listOutbox({ status: query.status, page: query.page, limit: PAGE_SIZE });
    const lastPage = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const zone = viewerTimeZone(req, context.config);
    // The machine-readable instant for <time datetime>, the reader's local time as text.
    const moment = (date: Date | null | undefined) =>
      date && { iso: date.toISOString(), text: formatDateTime(date, zone) };
    const withStatus = (page: number) =>
      `/admin/outbox?${new URLSearchParams({ ...(query.status ? { status: query.status } : {}), page: String(page) })}`;
    render(req, res, 'mail/admin-outbox', {
      title: 'Outbox',
      messages: result.items.map((m) => ({
        ...m,
        canRetry: m.status === 'failed' || m.status === 'cancelled' || m.status === 'queued',
        canCancel: m.status === 'failed' || m.status === 'queued',
        createdAt: moment(m.createdAt),
        sentAt: moment(m.sentAt),
        nextAttemptAt: m.status === 'queued' ? moment(m.nextAttemptAt) : undefined,
      })),
      filters: [undefined, ...OUTBOX_STATUSES].map((status) => ({
        label: status ?? 'all',
        href: status ? `/admin/outbox?status=${status}` : '/admin/outbox',
        current: status === query.status,
      })),
      status: query.status,
      total: result.total,
      page: result.page,
      lastPage,
      previous: result.page > 1 ? withStatus(result.page - 1) : undefined,
      next: result.page < lastPage ? withStatus(result.page + 1) : undefined,
      notice: query.done ? NOTICES.get(query.done) : undefined,
      error: query.error ? (ERRORS.get(query.error) ?? 'The action could not be done.') : undefined,
      localTransport: !context.config.mail.smtpUrl,
    });
  });

  const formAction = (action: 'retried' | 'cancelled', run: (id: string) => Promise<unknown>) => {
    return async (req: Request, res: Response) => {
      const back = new URLSearchParams();
      try {
        await run(parseId(req, 'Outbox message'));
        back.set('done', action);
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        back.set('error', err.code);
      }
      res.redirect(303, `/admin/outbox?${back}`);
    };
  };
  router.post('/admin/outbox/:id/retry', ...adminOnly, formAction('retried', retryMessage));
  router.post('/admin/outbox/:id/cancel', ...adminOnly, formAction('cancelled', cancelMessage));

  router.get('/admin/mail', ...adminOnly, async (req, res) => {
    const files = await listLocalMail(mailDir);
    const zone = viewerTimeZone(req, context.config);
    render(req, res, 'mail/admin-mail-list', {
      title: 'Local mail',
      files: files.map((f) => ({
        ...f,
        modifiedAt: { iso: f.modifiedAt.toISOString(), text: formatDateTime(f.modifiedAt, zone) },
        href: `/admin/mail/${encodeURIComponent(f.name)}`,
      })),
      smtp: Boolean(context.config.mail.smtpUrl),
    });
  });

  router.get('/admin/mail/:file', ...adminOnly, async (req, res) => {
    const mail = await readLocalMail(mailDir, param(req, 'file', slugParam('Mail')));
    if (req.query.download !== undefined) {
      res.attachment(mail.name).type('message/rfc822').send(mail.source);
      return;
    }
    render(req, res, 'mail/admin-mail-message', {
      title: mail.subject || mail.name,
      mail: {
        ...mail,
        modifiedAt: mail.modifiedAt.toISOString(),
        sentAt: mail.sentAt && {
          iso: mail.sentAt.toISOString(),
          text: formatDateTime(mail.sentAt, viewerTimeZone(req, context.config)),
        },
      },
      textPieces: mail.text ? splitLinks(mail.text) : undefined,
      // The sender's HTML in a sandboxed frame (no scripts, no forms, not same-origin);
      // links open in a new tab, outside the sandbox, as they would in a mail client.
      htmlDocument: mail.html && `<base target="_blank">${mail.html}`,
      downloadHref: `/admin/mail/${encodeURIComponent(mail.name)}?download`,
    });
  });

  return router;
}
