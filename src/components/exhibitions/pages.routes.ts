import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import type { ExhibitionsPorts } from './ports';
import { currentUser } from '../../lib/http/access';
import { PageRouter } from '../../lib/http/page-router';
import { createPageRenderer } from '../../lib/http/pages';
import { requireCapability } from '../auth';
import { getEvent } from '../events';
import { listLateMaterials } from './materials.service';
import { createPlannerKit } from './planner-kit';
import { day, standParams } from './planner-forms';
import { mountLinkPages } from './planner-links.pages';
import { mountMaterialPages } from './planner-materials.pages';
import { mountShiftPages } from './planner-shifts.pages';
import { STYLES } from './planner-view';
import { mountStaffPages } from './staff.pages';
import { standNowView } from './stand-now.pages';
import { listAllStands } from './stands.service';

/** The capability scope of the screen at the stand ("now at the stand" without an account). */
export const SCREEN_SCOPE = 'exhibitions:screen';

/** A day tab that is no day of the event shows the first (or today's) day instead. */
const plannerQuery = z.object({ day: day.optional().catch(undefined) });

/**
 * Stand pages: the stands overview, the planner (rota, opening hours, materials,
 * links: each in its own module), "now at the stand" and a team member's shifts.
 */
export function createExhibitionPages(context: AppContext, ports: ExhibitionsPorts): Router {
  const pages = new PageRouter();
  const render = createPageRenderer(context.config);
  const kit = createPlannerKit(context, pages, render, ports.dutiesElsewhere);
  const guards = kit.reader;

  pages.get('/stands', { guards }, async (req, res) => {
    const now = context.clock();
    const [stands, late] = await Promise.all([listAllStands(), listLateMaterials(now)]);
    const rows = [];
    for (const stand of stands) {
      const event = await getEvent(stand.eventId).catch(() => undefined);
      rows.push({
        ...stand,
        eventName: event?.name,
        late: late.filter((m) => m.standId === stand.id).length,
      });
    }
    const role = currentUser(req).role;
    render(req, res, 'exhibitions/stands', {
      title: 'Stands',
      styles: STYLES,
      stands: rows,
      late,
      canCreate: role === 'admin' || role === 'comms',
    });
  });

  pages.get(
    '/stands/:id',
    { guards, params: standParams, query: plannerQuery },
    async (req, res, { params, query }) => {
      await kit.renderPlanner(req, res, params.id, query.day);
    },
  );

  mountShiftPages(kit);
  mountMaterialPages(kit);
  mountLinkPages(kit);

  const nowView = standNowView(kit);
  pages.get(
    '/stands/:id/now',
    {
      guards: [requireCapability(SCREEN_SCOPE, 'id', { allowRoles: ['comms', 'facilitator'] })],
      params: standParams,
    },
    async (req, res, input) => {
      render(req, res, 'exhibitions/stand-now', await nowView(req, input));
    },
  );

  mountStaffPages(kit);
  return pages.router;
}
