import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { slugParam } from '../../lib/http/params';
import { requireCapability } from '../auth';
import { getEvent } from '../events';
import type { PlannerKit } from './planner-kit';
import { namesFor, screeningRows } from './planner.presenter';
import { STYLES } from './planner-view';
import { getShift, listShifts } from './shifts.service';
import { STAFF_SCOPE } from './shifts.routes';
import { leaveShift, listShiftsICanTake, signUpForShift } from './sign-up.service';
import { getStand } from './stands.service';
import { findTeamMember } from './team.service';

const staffParams = z.object({ memberId: slugParam('Team member') });
const shiftOfStaffParams = staffParams.extend({ shiftId: slugParam('Shift') });
/** The capability key travels in the query so the page's own forms keep it. */
const keyQuery = z.object({ key: z.string().optional().catch(undefined) });

type Found = NonNullable<Awaited<ReturnType<typeof findTeamMember>>>;

/** A team member's own shifts, through their capability link: take open shifts, give back own. */
export function mountStaffPages(kit: PlannerKit): void {
  const { pages, context, render, duties } = kit;
  const staffGuard = requireCapability(STAFF_SCOPE, 'memberId', { allowRoles: ['comms'] });
  const keyOf = (key: string | undefined) => (key ? `?key=${encodeURIComponent(key)}` : '');

  pages.get(
    '/exhibitions/staff/:memberId',
    { guards: [staffGuard], params: staffParams, query: keyQuery },
    async (req, res, { params }) => {
      const found = await findTeamMember(params.memberId);
      if (!found) throw new AppError('not_found', 'Team member not found', 404);
      await renderStaff(req, res, found);
    },
  );

  async function renderStaff(req: Request, res: Response, found: Found, problem?: AppError) {
    const stand = await getStand(found.standId);
    const event = await getEvent(stand.eventId);
    const now = context.clock();
    const [open, shifts, names] = await Promise.all([
      listShiftsICanTake(stand.id, found.member.personId, now, duties),
      listShifts(stand.id),
      namesFor(stand),
    ]);
    const when = (s: { start: Date; end: Date }) =>
      screeningRows(
        [{ ...s, id: '', standId: '', mode: 'fixed', filmIds: [], updatedAt: now }],
        [],
        event.timeZone,
      )[0]?.when;
    const zone = (id?: string) => stand.zones.find((z) => z.id === id)?.name;
    const key = typeof req.query.key === 'string' ? req.query.key : undefined;
    render(
      req,
      res,
      'exhibitions/stand-staff',
      {
        title: 'My stand shifts',
        styles: STYLES,
        stand,
        name: names.people.get(found.member.personId),
        memberId: found.member.id,
        keyQuery: key ? `?key=${encodeURIComponent(key)}` : '',
        mine: shifts
          .filter(
            (s) => s.assignees.some((a) => a.personId === found.member.personId) && s.end > now,
          )
          .map((s) => ({
            id: s.id,
            when: when(s),
            zone: zone(s.zoneId),
            // Only a shift one took oneself can be given back here; the comms team assigns the rest.
            canLeave:
              s.start > now &&
              s.assignees.some((a) => a.personId === found.member.personId && a.self),
          })),
        open: open.map((o) => ({
          id: o.shift.id,
          when: when(o.shift),
          zone: zone(o.shift.zoneId),
          role: o.role,
          freePlaces: o.freePlaces,
        })),
        problem: problem && { message: problem.message },
      },
      problem?.status ?? 200,
    );
  }

  /** A refusal the member can act on (full, clash, started) is shown on their page. */
  const staffAction =
    (action: (found: Found, shiftId: string) => Promise<void>) =>
    async (
      req: Request,
      res: Response,
      input: { params: z.output<typeof shiftOfStaffParams>; query: z.output<typeof keyQuery> },
    ) => {
      const found = await findTeamMember(input.params.memberId).catch(() => undefined);
      if (!found) throw new AppError('not_found', 'Team member not found', 404);
      try {
        await action(found, input.params.shiftId);
        res.redirect(303, `/exhibitions/staff/${found.member.id}${keyOf(input.query.key)}`);
      } catch (err) {
        if (err instanceof AppError && err.status < 500 && err.status !== 404) {
          await renderStaff(req, res, found, err);
          return;
        }
        throw err;
      }
    };

  pages.post(
    '/exhibitions/staff/:memberId/take/:shiftId',
    { guards: [staffGuard], params: shiftOfStaffParams, query: keyQuery },
    staffAction(async (found, shiftId) => {
      await signUpForShift(found.standId, shiftId, found.member.personId, {
        now: context.clock(),
        duties,
      });
    }),
  );

  pages.post(
    '/exhibitions/staff/:memberId/leave/:shiftId',
    { guards: [staffGuard], params: shiftOfStaffParams, query: keyQuery },
    staffAction(async (found, shiftId) => {
      const shift = await getShift(found.standId, shiftId);
      const mine = shift.assignees.find((a) => a.personId === found.member.personId);
      if (!mine) throw new AppError('not_on_shift', 'You are not on this shift', 409);
      if (!mine.self)
        throw new AppError(
          'assigned_by_comms',
          'The comms team put you on this shift; ask them to change it',
          409,
        );
      if (shift.start <= context.clock())
        throw new AppError('shift_started', 'This shift has started; ask the comms team', 409);
      await leaveShift(found.standId, shift.id, found.member.personId);
    }),
  );
}
