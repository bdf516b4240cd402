import type { Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import type { DutySource } from '../../lib/duties-elsewhere';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import { actorOf, authorize, NOT_YOURS } from '../../lib/http/policy';
import { standReader } from './guards';
import { mayManageStand } from './policies';
import { PageRouter, perRequest } from '../../lib/http/page-router';
import type { PageRenderer } from '../../lib/http/pages';
import { createPlannerRenderer, type PlannerRenderer } from './planner-view';
import { getStand } from './stands.service';

/** What the planner's page modules share: the router, the planner view, the stand policy. */
export type PlannerKit = {
  context: AppContext;
  pages: PageRouter;
  render: PageRenderer;
  renderPlanner: PlannerRenderer;
  /** Signed-in organisers (the stand policy's reads). */
  reader: RequestHandler[];
  /** Duties elsewhere (World Café) that make a shift double-booked: a port from app.ts. */
  duties: DutySource;
  standOf: (req: Request, id: string) => ReturnType<typeof getStand>;
  /** The planner's writes: the stand's event is managed by the actor. */
  managesStand: (req: Request, parsed: { params: { id: string } }) => Promise<void>;
  /**
   * Runs a planner form: success → back to the planner's day (303), a 4xx → the
   * planner with the problem.
   */
  plannerForm: <P extends { id: string }>(
    handler: (req: Request, standId: string, params: P) => Promise<string | undefined>,
  ) => (req: Request, res: Response, input: { params: P }) => Promise<void>;
};

export function createPlannerKit(
  context: AppContext,
  pages: PageRouter,
  render: PageRenderer,
  duties: DutySource,
): PlannerKit {
  const renderPlanner = createPlannerRenderer(context, render, duties);
  const standOf = perRequest((id: string) => getStand(id));
  const managesStand: PlannerKit['managesStand'] = async (req, { params }) => {
    const stand = await standOf(req, params.id);
    authorize(actorOf(req), mayManageStand(currentUser(req), stand), NOT_YOURS);
  };
  const plannerForm: PlannerKit['plannerForm'] =
    (handler) =>
    async (req, res, { params }) => {
      const standId = params.id;
      try {
        const stand = await standOf(req, standId);
        const day = await handler(req, standId, params);
        res.redirect(303, `/stands/${stand.id}${day ? `?day=${day}` : ''}#planner`);
      } catch (err) {
        if (
          err instanceof AppError &&
          err.status < 500 &&
          err.status !== 404 &&
          err.code !== 'forbidden'
        ) {
          const dayField = typeof req.body?.day === 'string' ? req.body.day : undefined;
          await renderPlanner(req, res, standId, dayField, err);
          return;
        }
        throw err;
      }
    };
  return {
    context,
    pages,
    render,
    renderPlanner,
    reader: [requireSignedInPage, standReader],
    duties,
    standOf,
    managesStand,
    plannerForm,
  };
}
