import { renderIcs } from '../../lib/ics';
import { getEvent, getProgrammeItem } from '../events';
import { renderCalendar, strongEtag, toIcsEvent } from './calendar-render';
import { sourceFor } from './calendar-sources';
import type { RenderedCalendar } from './calendars.types';
import { resolveEventFeedWindow, resolveFeedWindow, type FeedWindowInput } from './feed-window';
import { loadProgrammeFeed, programmeItemToCalendarItem } from './sources/programme.source';
import { resolveSubscriptionToken } from './subscriptions.service';

/** What every feed request carries besides its resource. */
export type FeedRequest = { window: FeedWindowInput; now: Date; baseUrl: string };

/**
 * An event's programme as a feed: all of it, or the requested window (400
 * `validation_failed` for a bad one). 404 for an unknown event.
 */
export async function getProgrammeCalendar(
  eventId: string,
  request: FeedRequest,
): Promise<RenderedCalendar> {
  const event = await getEvent(eventId);
  const window = resolveEventFeedWindow(request.window, request.now, event.timeZone);
  return renderCalendar(await loadProgrammeFeed(event, window, request.baseUrl));
}

/**
 * The feed behind a subscription token, whatever its scope. 404 for unknown or
 * revoked tokens and for resources that no longer exist.
 */
export async function getSubscriptionCalendar(
  token: string,
  request: FeedRequest,
): Promise<RenderedCalendar> {
  const subscription = await resolveSubscriptionToken(token, request.now);
  const feed = await sourceFor(subscription.scope).load(
    subscription.resourceId,
    {
      rolling: (timeZone) => resolveFeedWindow(request.window, request.now, timeZone),
      event: (timeZone) => resolveEventFeedWindow(request.window, request.now, timeZone),
    },
    request.baseUrl,
  );
  return renderCalendar(feed);
}

/** One programme item as a downloadable .ics (METHOD:PUBLISH), with a file name. */
export async function getProgrammeItemIcs(
  eventId: string,
  itemId: string,
  baseUrl: string,
): Promise<RenderedCalendar & { fileName: string }> {
  const [event, item] = await Promise.all([getEvent(eventId), getProgrammeItem(eventId, itemId)]);
  const body = renderIcs({
    name: item.title,
    timeZone: event.timeZone,
    method: 'publish',
    events: [toIcsEvent(programmeItemToCalendarItem(item, baseUrl), event.timeZone)],
  });
  return { body, etag: strongEtag(body), fileName: icsFileName(item.title) };
}

/** 'Opening: World Café (Day 1)' → 'opening-world-cafe-day-1.ics'; ASCII so every client accepts it. */
export function icsFileName(title: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${stem || 'event'}.ics`;
}
