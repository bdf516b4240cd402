import type { AuthUser } from '../auth';
import type { CalendarFeed, FeedWindow, OpenFeedWindow } from './calendars.types';
import { personSource } from './sources/person.source';
import { programmeSource } from './sources/programme.source';
import { standSource } from './sources/stand.source';

/**
 * Where a subscription's items come from. Each scope is one source; a later
 * component (stand hours, shifts) adds its own file under sources/ and one line in
 * CALENDAR_SOURCES, and the subscription API, /cal feeds and the page pick it up.
 */
export type CalendarSource = {
  scope: string;
  /** Shown on the page next to the subscription. */
  describe: string;
  /**
   * Checks that `resourceId` exists and that `user` may subscribe to it; returns the
   * default label. Throws AppError (404 unknown, 403 not allowed).
   */
  authorize(user: AuthUser, resourceId: string): Promise<{ label: string }>;
  /** What the link follows, named for the page (e.g. the event's name); undefined when it is gone. */
  resourceName(resourceId: string): Promise<string | undefined>;
  /**
   * The feed for a resource and window; `baseUrl` (config.publicBaseUrl) builds the
   * items' page links. Throws 404 when the resource is gone.
   */
  load(resourceId: string, window: FeedWindowRequest, baseUrl: string): Promise<CalendarFeed>;
};

/**
 * The window arrives unresolved: only the source knows the feed's time zone, and
 * whether it is one event's own feed (`event`: its whole programme unless bounds
 * were asked for) or a personal one spanning many events (`rolling`: recent past
 * and the coming year by default).
 */
export type FeedWindowRequest = {
  rolling(timeZone: string): FeedWindow;
  event(timeZone: string): OpenFeedWindow;
};

export const CALENDAR_SOURCES = {
  'event-programme': programmeSource,
  person: personSource,
  stand: standSource,
} satisfies Record<string, CalendarSource>;

export type CalendarScope = keyof typeof CALENDAR_SOURCES;

export const CALENDAR_SCOPES = Object.keys(CALENDAR_SOURCES) as [CalendarScope, ...CalendarScope[]];

export function sourceFor(scope: CalendarScope): CalendarSource {
  return CALENDAR_SOURCES[scope];
}
