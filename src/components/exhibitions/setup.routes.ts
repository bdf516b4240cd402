import type { Request, RequestHandler, Response, Router } from 'express';
import type { AppContext } from '../../lib/context';
import { isFormRefusal, pageFormProblem } from '../../lib/forms';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import { actorOf, authorize, guardBy, NOT_YOURS } from '../../lib/http/policy';
import { mayManageStand, standPolicy } from './policies';
import { PageRouter, perRequest } from '../../lib/http/page-router';
import { createPageRenderer } from '../../lib/http/pages';
import { getEvent } from '../events';
import { setupFieldOf } from './setup-forms';
import { mountSetupPartPages } from './setup-parts.pages';
import { mountSetupStandPages } from './setup-stand.pages';
import { createSetupViews, type SetupViews } from './setup-view';
import { getStand } from './stands.service';

/**
 * Pages to set a stand up without the API: create a stand for an event, its zones,
 * team, films and screenings. A refused form comes back with its values and each
 * problem next to its field (aria-invalid + aria-describedby).
 */
export type SetupKit = SetupViews & {
  pages: PageRouter;
  /** Signed-in comms users (admins always pass). */
  comms: RequestHandler[];
  standOf: (req: Request, id: string) => ReturnType<typeof getStand>;
  /** The set-up's writes: the stand's event is managed by the actor. */
  managesStand: (req: Request, parsed: { params: { id: string } }) => Promise<void>;
  /**
   * Runs one of the set-up forms: success → back to the set-up (303); a problem the
   * visitor can fix → the set-up with that form filled in and its problems.
   */
  setupForm: <P extends { id: string }>(
    form: string | ((params: P) => string),
    handler: (req: Request, standId: string, timeZone: string, params: P) => Promise<void>,
  ) => (req: Request, res: Response, input: { params: P }) => Promise<void>;
};

export function createStandSetupPages(context: AppContext): Router {
  const pages = new PageRouter();
  const views = createSetupViews(context, createPageRenderer(context.config));
  const standOf = perRequest((id: string) => getStand(id));
  const managesStand: SetupKit['managesStand'] = async (req, { params }) => {
    const stand = await standOf(req, params.id);
    authorize(actorOf(req), mayManageStand(currentUser(req), stand), NOT_YOURS);
  };
  const setupForm: SetupKit['setupForm'] =
    (form, handler) =>
    async (req, res, { params }) => {
      const standId = params.id;
      try {
        const stand = await standOf(req, standId);
        const event = await getEvent(stand.eventId);
        await handler(req, stand.id, event.timeZone, params);
        res.redirect(303, `/stands/${stand.id}/setup`);
      } catch (err) {
        const name = typeof form === 'string' ? form : form(params);
        // A missing stand, zone or member is a missing page; a field's problem stays on the form.
        if (isFormRefusal(err) && (err.status !== 404 || err.details?.errors)) {
          const problem = pageFormProblem(name, err, req.body, setupFieldOf);
          await views.renderSetup(req, res, standId, problem, err.status);
          return;
        }
        throw err;
      }
    };
  const kit: SetupKit = {
    ...views,
    pages,
    comms: [requireSignedInPage, guardBy((actor) => standPolicy.may(actor, 'organise', {}), {})],
    standOf,
    managesStand,
    setupForm,
  };
  mountSetupStandPages(kit);
  mountSetupPartPages(kit);
  return pages.router;
}
