import { Router } from 'express';
import { noStreams, nothingToStop, type Component } from '../../lib/component';
import type { AppContext } from '../../lib/context';
import { createCalendarsApi } from './calendars.routes';
import { createCalendarPages } from './pages.routes';

/**
 * The calendars component: RFC 5545 feeds (event programmes, personal feeds),
 * .ics downloads, revocable subscription links, and invitation attachments for
 * e-mail. Items come from the other components through their services.
 */
export type CalendarsComponent = Component<{ main: Router }, Record<string, never>>;

/** Needs no ports: its items come from the other components' index.ts. */
export function createCalendarsComponent(context: AppContext): CalendarsComponent {
  const main = Router();
  main.use(createCalendarsApi(context).router);
  main.use(createCalendarPages(context));
  return { routers: { main }, ports: {}, jobs: [], endStreams: noStreams, stop: nothingToStop };
}

export { buildInvitationIcs, INVITATION_CONTENT_TYPE, type InvitationInput } from './invitation';
export { renderCalendar, uidFor } from './calendar-render';
export { programmeItemToCalendarItem } from './sources/programme.source';
export { CALENDAR_SCOPES, type CalendarScope, type CalendarSource } from './calendar-sources';
export type { CalendarFeed, CalendarItem, FeedWindow, RenderedCalendar } from './calendars.types';
export type { CalendarSubscriptionView } from './calendars.presenter';
