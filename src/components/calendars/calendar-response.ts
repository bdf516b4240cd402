import type { Request, Response } from 'express';
import type { RenderedCalendar } from './calendars.types';

export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/**
 * Sends a calendar with its strong ETag; a matching If-None-Match gets 304 and no
 * body, which is what keeps polling calendar clients cheap. `no-cache` means
 * "revalidate every time", so a changed programme shows up on the next poll.
 */
export function sendCalendar(
  req: Request,
  res: Response,
  calendar: RenderedCalendar,
  options: { fileName?: string } = {},
): void {
  res.set('ETag', calendar.etag);
  res.set('Cache-Control', 'private, no-cache');
  if (ifNoneMatchHits(req.get('if-none-match'), calendar.etag)) {
    res.status(304).end();
    return;
  }
  if (options.fileName) res.attachment(options.fileName);
  res.set('Content-Type', CALENDAR_CONTENT_TYPE).send(calendar.body);
}

/** RFC 9110 §13.1.2: If-None-Match compares weakly and may list several tags or `*`. */
function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}
