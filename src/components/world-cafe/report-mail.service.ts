import { createHash } from 'node:crypto';
import { conflict } from '../../lib/errors';
import { enqueueMail } from '../mail';
import { renderReport } from './report.routes';
import { listSubscribers } from './visitors.service';

export const REPORT_MAIL_TEMPLATE = 'world-cafe-report';

/** One outbox message per consenting address (already queued ones are returned again). */
export type ReportMailsQueued = { recipients: number; messageIds: string[] };

/**
 * Queues the published outcome report (PDF attached) to every participant who left
 * an address with consent. Each message is keyed by session and address, so sending
 * again reaches only those who signed up since; nobody receives it twice.
 * 409 `report_not_published` until the organiser published the synthesis.
 */
export async function mailPublishedReport(
  sessionId: string,
  options: { baseUrl: string; now: Date },
): Promise<ReportMailsQueued> {
  const pdf = await renderReport(sessionId, 'pdf', options.now);
  const { report } = pdf;
  if (!report.published) {
    throw conflict('report_not_published', 'Publish the synthesis before sending the report');
  }
  const data = {
    sessionTitle: report.session.title,
    eventName: report.event.name,
    reportUrl: `${options.baseUrl}/world-cafe/sessions/${report.session.id}/report`,
    tables: report.tables
      .filter((t) => t.published)
      .map((t) => ({
        number: t.number,
        lead: t.leadProject?.acronym || t.leadProject?.name,
        outcomes: t.published!.keyOutcomes.map((o) => o.text),
      })),
  };
  const messageIds: string[] = [];
  for (const email of await listSubscribers(sessionId)) {
    const { id } = await enqueueMail({
      to: email,
      template: REPORT_MAIL_TEMPLATE,
      data,
      attachments: [{ filename: pdf.name, content: pdf.body, contentType: pdf.type }],
      dedupeKey: `${REPORT_MAIL_TEMPLATE}:${sessionId}:${digest(email)}`,
    });
    messageIds.push(id);
  }
  return { recipients: messageIds.length, messageIds };
}

/** Addresses can be long; a digest keeps the key within the outbox's limit. */
function digest(email: string): string {
  return createHash('sha256').update(email).digest('base64url');
}
