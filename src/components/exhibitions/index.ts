import { Router } from 'express';
import type { AppContext } from '../../lib/context';
import { registerReferenceCheck } from '../events';
import { contributeNotices } from '../../lib/http/notices';
import { createMaterialsApi } from './materials.routes';
import { lateMaterialsNotices } from './notices';
import { createExhibitionPages } from './pages.routes';
import { createScheduleApi } from './schedule.routes';
import { createPublicScheduleRoutes } from './schedule-links';
import { createStandSetupPages } from './setup.routes';
import { createShiftsApi } from './shifts.routes';
import { countStandsOfEvent, countStandsOfProject, countStandsWithPerson } from './stands.service';
import { createStandsApi } from './stands.routes';

/**
 * The exhibitions component: a cluster's stand at an event, its zones, team and
 * opening hours, the staff rota with its checks, materials and film screenings.
 * Calendars, print and mail read it through what is exported here.
 */
export function createExhibitionsRouter(context: AppContext): Router {
  registerReferenceCheck('event', 'stands', countStandsOfEvent);
  registerReferenceCheck('project', 'stands', countStandsOfProject);
  registerReferenceCheck('person', 'stands', countStandsWithPerson);
  // The dashboard (events component) shows late materials without importing this component.
  contributeNotices(context, 'dashboard', 'late-materials', (req) =>
    lateMaterialsNotices(req, context.clock()),
  );
  const router = Router();
  router.use(createStandsApi(context).router);
  router.use(createScheduleApi(context).router);
  router.use(createPublicScheduleRoutes(context));
  router.use('/api/stands', createShiftsApi(context).router);
  router.use('/api/stands', createMaterialsApi(context).router);
  // Before the planner pages: /stands/new is not a stand id.
  router.use(createStandSetupPages(context));
  router.use(createExhibitionPages(context));
  return router;
}

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
