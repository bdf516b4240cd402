import { AppError } from '../../lib/errors';
import { currentUser } from '../../lib/http/access';
import { slugParam } from '../../lib/http/params';
import { issueCapabilityLink } from '../auth';
import { getEvent } from '../events';
import type { PlannerKit } from './planner-kit';
import { standParams } from './planner-forms';
import { issueScheduleLink, listScheduleLinks, revokeScheduleLink } from './schedule-links';
import { STAFF_SCOPE } from './shifts.routes';

const linkParams = standParams.extend({ linkId: slugParam('Schedule link') });
const memberParams = standParams.extend({ memberId: slugParam('Team member') });

/** Links handed out from the planner: a conference app's schedule, a team member's shifts. */
export function mountLinkPages(kit: PlannerKit): void {
  const { pages, reader: guards, managesStand: policy, context } = kit;

  /** Conference apps cannot sign in: a revocable link to the event's frab schedule, shown once. */
  pages.post(
    '/stands/:id/schedule-links',
    { guards, params: standParams, policy },
    async (req, res, { params }) => {
      const stand = await kit.standOf(req, params.id);
      const link = await issueScheduleLink(context, {
        eventId: stand.eventId,
        label: `Schedule for conference apps: ${stand.name}`,
        createdBy: currentUser(req).id,
      });
      await kit.renderPlanner(req, res, params.id, undefined, undefined, { issuedSchedule: link });
    },
  );

  /** Revoking asks once more: apps using the link stop updating. */
  pages.post(
    '/stands/:id/schedule-links/:linkId/revoke',
    { guards, params: linkParams, policy },
    async (req, res, { params }) => {
      const stand = await kit.standOf(req, params.id);
      const linkId = params.linkId;
      if (req.body?.confirm !== 'true') {
        const known = await listScheduleLinks(stand.eventId, context.clock());
        if (!known.some((l) => l.id === linkId))
          throw new AppError('not_found', 'No such schedule link', 404);
        await kit.renderPlanner(req, res, params.id, undefined, undefined, {
          confirmRevoke: linkId,
        });
        return;
      }
      await revokeScheduleLink(stand.eventId, linkId, context.clock());
      res.redirect(303, `/stands/${stand.id}#schedule-heading`);
    },
  );

  pages.post(
    '/stands/:id/team/:memberId/link',
    { guards, params: memberParams, policy },
    async (req, res, { params }) => {
      const stand = await kit.standOf(req, params.id);
      const member = stand.team.find((m) => m.id === params.memberId);
      if (!member) throw new AppError('not_found', 'Team member not found', 404);
      const event = await getEvent(stand.eventId);
      const link = await issueCapabilityLink({
        scope: STAFF_SCOPE,
        resourceId: member.id,
        path: `/exhibitions/staff/${member.id}`,
        baseUrl: context.config.publicBaseUrl,
        label: `Stand shifts: ${stand.name}`,
        createdBy: currentUser(req).id,
        // Valid until a day after the event.
        expiresAt: new Date(Date.parse(`${event.endDate}T00:00:00Z`) + 2 * 86_400_000),
        now: context.clock(),
      });
      await kit.renderPlanner(req, res, params.id, undefined, undefined, {
        issuedLink: { url: link.url, memberId: member.id },
      });
    },
  );
}
