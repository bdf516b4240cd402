import { Router } from 'express';
import { noStreams, nothingToStop, type Component, type ReferencesPort } from '../../lib/component';
import type { AppContext } from '../../lib/context';
import type { NoticeSource } from '../../lib/http/notices';
import type { ZoneNameLookup } from '../qr';
import { createMaterialsApi } from './materials.routes';
import { lateMaterialsNotices } from './notices';
import { createExhibitionPages } from './pages.routes';
import type { ExhibitionsPorts } from './ports';
import { exhibitionsReferences, zoneNamesOfStands } from './references';
import { createShiftReminderJob } from './reminder-job';
import { createScheduleApi } from './schedule.routes';
import { createPublicScheduleRoutes } from './schedule-links';
import { createStandSetupPages } from './setup.routes';
import { createShiftsApi } from './shifts.routes';
import { createStandsApi } from './stands.routes';

/**
 * The exhibitions component: a cluster's stand at an event, its zones, team and
 * opening hours, the staff rota with its checks, materials and film screenings.
 * Calendars, print and mail read it through what is exported here.
 */
export type ExhibitionsComponent = Component<
  { main: Router },
  {
    /** What stands refer to: events, clusters, projects, people. */
    references: ReferencesPort;
    /** Names of stand zones, for the QR analytics. */
    zoneNames: ZoneNameLookup;
    /** The dashboard's notice of late stand materials (the dashboard is the events component's). */
    lateMaterialsNotice: NoticeSource;
  }
>;

export function createExhibitionsComponent(
  context: AppContext,
  ports: ExhibitionsPorts,
): ExhibitionsComponent {
  const main = Router();
  main.use(createStandsApi(context).router);
  main.use(createScheduleApi(context).router);
  main.use(createPublicScheduleRoutes(context));
  main.use('/api/stands', createShiftsApi(context, ports).router);
  main.use('/api/stands', createMaterialsApi(context).router);
  // Before the planner pages: /stands/new is not a stand id.
  main.use(createStandSetupPages(context));
  main.use(createExhibitionPages(context, ports));
  return {
    routers: { main },
    ports: {
      references: exhibitionsReferences,
      zoneNames: zoneNamesOfStands,
      lateMaterialsNotice: (req) => lateMaterialsNotices(req, context.clock()),
    },
    jobs: [{ name: 'shift reminders', ...createShiftReminderJob(context) }],
    endStreams: noStreams,
    stop: nothingToStop,
  };
}

export type { ExhibitionsPorts } from './ports';
export {
  createStand,
  getStand,
  listStandsOfEvent,
  listAllStands,
  updateStand,
  deleteStand,
  addZone,
  updateZone,
  deleteZone,
} from './stands.service';
export { addTeamMember, removeTeamMember, findTeamMember } from './team.service';
export { setOpeningHours } from './opening-hours.service';
export {
  createShift,
  getShift,
  updateShift,
  deleteShift,
  listShifts,
  listShiftsOfPerson,
  overrideCheck,
  createShiftsFromPattern,
  type ShiftWithChecks,
} from './shifts.service';
export { checksOfStand } from './checks.service';
export { sendDueShiftReminders, reminderDueAt } from './reminders.service';
export { createShiftReminderJob, type ShiftReminderJob } from './reminder-job';
export {
  listStandCalendarEntries,
  listShiftEntriesForEmail,
  type StandCalendarEntry,
} from './calendar-items.service';
export {
  addMaterial,
  updateMaterial,
  deleteMaterial,
  listMaterials,
  listLateMaterials,
} from './materials.service';
export {
  addFilm,
  updateFilm,
  deleteFilm,
  listFilms,
  addScreening,
  updateScreening,
  deleteScreening,
  listScreenings,
  screeningChecks,
} from './screenings.service';
export { listShiftsICanTake, signUpForShift, leaveShift, type OpenShift } from './sign-up.service';
export type { CheckItem } from './checks.logic';
export { STAFF_SCOPE } from './shifts.routes';
export { SCREEN_SCOPE } from './pages.routes';
export { SCHEDULE_SCOPE } from './schedule-links';
export type {
  StandView,
  ZoneView,
  TeamMemberView,
  ShiftView,
  MaterialView,
  FilmView,
  ScreeningView,
} from './exhibitions.presenter';
export type {
  CreateStandInput,
  ShiftInput,
  TeamMemberInput,
  ZoneInput,
  MaterialInput,
  FilmInput,
  ScreeningInput,
} from './exhibitions.schemas';
export { ZONE_KINDS, STAND_ROLES, type StandRole, type ZoneKind } from './stand.model';
export { CHECK_TYPES, type CheckType } from './shift.model';
export { MATERIAL_STATUSES, MATERIAL_KINDS } from './material.model';
export { namesFor, type Names } from './planner.presenter';
export { eventDays, daySpan } from './time';
export { buildSchedule, type Schedule, type ScheduleItem } from './schedule.service';
export { scheduleToXml, scheduleToJson } from './schedule.format';
