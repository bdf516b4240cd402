import { Router } from 'express';
import type { AppContext } from '../../lib/context';
import { createCalendarsApi } from './calendars.routes';
import { createCalendarPages } from './pages.routes';

/**
 * The calendars component: RFC 5545 feeds (event programmes, personal feeds),
 * .ics downloads, revocable subscription links, and invitation attachments for
 * e-mail. Items come from the other components through their services.
 */
export function createCalendarsRouter(context: AppContext): Router {
  const router = Router();
  router.use(createCalendarsApi(context).router);
  router.use(createCalendarPages(context));
  return router;
}

export { buildInvitationIcs, INVITATION_CONTENT_TYPE, type InvitationInput } from './invitation';
export { renderCalendar, uidFor } from './calendar-render';
export { programmeItemToCalendarItem } from './sources/programme.source';
export { CALENDAR_SCOPES, type CalendarScope, type CalendarSource } from './calendar-sources';
export type { CalendarFeed, CalendarItem, FeedWindow, RenderedCalendar } from './calendars.types';
export type { CalendarSubscriptionView } from './calendars.presenter';
