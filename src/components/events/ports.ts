import type { ReferencesPort } from '../../lib/component';
import type { NoticeSource } from '../../lib/http/notices';

/** What the events component needs from the others (app.ts provides it). */
export type EventsPorts = {
  /** Every other component's records that refer to an event, project, cluster, organisation, city or person. */
  references: ReferencesPort;
  /** Notices the dashboard shows on behalf of other components (late stand materials…), by name. */
  dashboardNotices: Readonly<Record<string, NoticeSource>>;
};
