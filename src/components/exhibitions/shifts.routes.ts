import type { AppContext } from '../../lib/context';
import type { ExhibitionsPorts } from './ports';
import { AppError } from '../../lib/errors';
import { currentUser } from '../../lib/http/access';
import { actorOf, authorize, NOT_YOURS } from '../../lib/http/policy';
import { standPolicy, standScope } from './policies';
import { ApiRouter } from '../../lib/http/api-router';
import { parseId } from '../../lib/http/validate';
import { requireCapability } from '../auth';
import { checksOfStand } from './checks.service';
import {
  bulkShiftsBody,
  overrideBody,
  shiftBody,
  signUpBody,
  updateShiftBody,
} from './exhibitions.schemas';
import { standManager, standReader } from './guards';
import {
  createShift,
  createShiftsFromPattern,
  deleteShift,
  listShifts,
  overrideCheck,
  updateShift,
} from './shifts.service';
import { listShiftsICanTake, signUpForShift } from './sign-up.service';
import { loadStandDoc } from './stand-context';
import { z } from 'zod';

const security = 'organiser' as const;
const standId = (req: Parameters<typeof parseId>[0]) => parseId(req, 'Stand');
const shiftId = (req: Parameters<typeof parseId>[0]) => parseId(req, 'Shift', 'shiftId');

/** The capability scope of a team member's own sign-up link (resource: the team member id). */
export const STAFF_SCOPE = 'exhibitions:staff';

/** Shifts, bulk patterns, checks, overrides and sign-ups. */
export function createShiftsApi(context: AppContext, ports: ExhibitionsPorts): ApiRouter {
  const duties = ports.dutiesElsewhere;
  const api = new ApiRouter(context.registry, '/api/stands', 'Exhibitions');
  api
    .route(
      'get',
      '/:id/shifts',
      {
        summary: 'List the shifts of a stand (optionally one local day)',
        query: z.object({ day: z.iso.date().optional() }),
        guards: [standReader],
        security,
      },
      async (req, res, { query }) => {
        res.json({ items: await listShifts(standId(req), query.day) });
      },
    )
    .route(
      'post',
      '/:id/shifts',
      {
        summary: 'Create a shift slot; the answer lists the checks that concern it',
        body: shiftBody,
        guards: standManager(),
        security,
        response: { status: 201 },
      },
      async (req, res, { body }) => {
        res.status(201).json(await createShift(standId(req), body, context.clock(), duties));
      },
    )
    .route(
      'post',
      '/:id/shifts/bulk',
      {
        summary: 'Create shifts from a pattern (blocks over each day’s opening hours)',
        body: bulkShiftsBody,
        guards: standManager(),
        security,
        response: { status: 201 },
      },
      async (req, res, { body }) => {
        res.status(201).json(await createShiftsFromPattern(standId(req), body));
      },
    )
    .route(
      'patch',
      '/:id/shifts/:shiftId',
      {
        summary: 'Change a shift (version must match: 409 version_conflict otherwise)',
        body: updateShiftBody,
        guards: standManager(),
        security,
      },
      async (req, res, { body }) => {
        res.json(await updateShift(standId(req), shiftId(req), body, context.clock(), duties));
      },
    )
    .route(
      'delete',
      '/:id/shifts/:shiftId',
      { summary: 'Delete a shift', guards: standManager(), security, response: { status: 204 } },
      async (req, res) => {
        await deleteShift(standId(req), shiftId(req));
        res.status(204).end();
      },
    )
    .route(
      'post',
      '/:id/shifts/:shiftId/overrides',
      {
        summary: 'Accept a check on purpose, with a reason that is kept',
        body: overrideBody,
        guards: standManager(),
        security,
        response: { status: 201 },
      },
      async (req, res, { body }) => {
        const user = currentUser(req);
        res
          .status(201)
          .json(
            await overrideCheck(
              standId(req),
              shiftId(req),
              body,
              user.name,
              context.clock(),
              duties,
            ),
          );
      },
    )
    .route(
      'get',
      '/:id/checks',
      {
        summary: 'Checks of the rota: double_booked, outside_opening_hours, understaffed, too_long',
        guards: [standReader],
        security,
      },
      async (req, res) => {
        res.json({ items: await checksOfStand(standId(req), duties) });
      },
    )
    .route(
      'post',
      '/:id/shifts/:shiftId/sign-ups',
      {
        summary:
          'Sign a team member up (comms, or the member with their own link in X-Capability-Key)',
        description:
          'Refusals: 409 already_signed_up, shift_over, role_not_needed, shift_full, double_booked, too_long; 403 not_on_team.',
        body: signUpBody,
        security,
        response: { status: 201 },
      },
      async (req, res, { body }) => {
        await authoriseSignUp(req, standId(req), body.personId);
        res.status(201).json(
          await signUpForShift(standId(req), shiftId(req), body.personId, {
            role: body.role,
            now: context.clock(),
            duties,
          }),
        );
      },
    )
    .route(
      'get',
      '/:id/team/:personId/open-shifts',
      { summary: '"Shifts I can take" for a team member', guards: [standReader], security },
      async (req, res) => {
        res.json({
          items: await listShiftsICanTake(
            standId(req),
            parseId(req, 'Person', 'personId'),
            context.clock(),
            duties,
          ),
        });
      },
    );
  return api;
}

/** Comms managing the event may sign anyone up; a member's own link signs up only them. */
async function authoriseSignUp(
  req: Parameters<typeof parseId>[0],
  stand: string,
  personId: string,
): Promise<void> {
  if (req.get('x-capability-key')) {
    const guard = requireCapability(STAFF_SCOPE, 'memberId');
    req.params.memberId = await memberIdFor(stand, personId);
    await new Promise<void>((resolve, reject) => {
      void guard(req, {} as never, (err?: unknown) => (err ? reject(err as Error) : resolve()));
    });
    return;
  }
  if (!req.user) throw new AppError('unauthenticated', 'Sign in or use your sign-up link', 401);
  const doc = await loadStandDoc(stand);
  authorize(actorOf(req), standPolicy.may(actorOf(req), 'update', standScope(doc)), NOT_YOURS);
}

async function memberIdFor(stand: string, personId: string): Promise<string> {
  const doc = await loadStandDoc(stand);
  const member = doc.team.find((m) => m.personId.toString() === personId.toLowerCase());
  if (!member) throw new AppError('not_on_team', 'Only the stand’s team can take shifts', 403);
  return member._id.toString();
}
