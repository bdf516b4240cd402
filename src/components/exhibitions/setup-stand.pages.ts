import { AppError } from '../../lib/errors';
import { isFormRefusal, pageFormProblem } from '../../lib/forms';
import { requireSignedInPage } from '../../lib/http/access';
import { actorOf, NOT_YOUR_EVENT } from '../../lib/http/policy';
import { standReader } from './guards';
import { standPolicy, standScope } from './policies';
import type { SetupKit } from './setup.routes';
import {
  detailsForm,
  newStandQuery,
  parseSetupForm,
  requireConfirmation,
  setupFieldOf,
  setupParams,
  standForm,
} from './setup-forms';
import { createStand, deleteStand, updateStand } from './stands.service';

/** A new stand, the set-up page itself, the stand's details and its deletion. */
export function mountSetupStandPages(kit: SetupKit): void {
  const { pages, comms: guards, managesStand: policy, setupForm } = kit;

  pages.get('/stands/new', { guards, query: newStandQuery }, async (req, res) => {
    await kit.renderNewStand(req, res);
  });

  pages.post('/stands', { guards }, async (req, res) => {
    try {
      const form = parseSetupForm(standForm, req.body);
      if (!standPolicy.may(actorOf(req), 'create', standScope({ eventId: form.eventId })))
        throw new AppError('forbidden_event', NOT_YOUR_EVENT, 400, {
          errors: [{ path: 'eventId', message: 'choose an event you manage' }],
        });
      const stand = await createStand(form.eventId, {
        name: form.name,
        hall: form.hall,
        standNumber: form.standNumber,
        minStaff: form.minStaff,
        projectIds: form.projectIds,
      });
      res.redirect(303, `/stands/${stand.id}/setup`);
    } catch (err) {
      if (!isFormRefusal(err)) throw err;
      // An unknown event is the event field's problem here, not a missing page.
      const problem = pageFormProblem('stand', err, req.body, setupFieldOf);
      if (err.status === 404) problem.fields.eventId ??= 'choose an event';
      await kit.renderNewStand(req, res, problem);
    }
  });

  pages.get(
    '/stands/:id/setup',
    { guards: [requireSignedInPage, standReader], params: setupParams },
    async (req, res, { params }) => {
      await kit.renderSetup(req, res, params.id);
    },
  );

  pages.post(
    '/stands/:id/details',
    { guards, params: setupParams, policy },
    setupForm('details', async (req, standId) => {
      const form = parseSetupForm(detailsForm, req.body);
      const stand = await kit.standOf(req, standId);
      const contacts = stand.projects.flatMap((p) => {
        const personId = req.body?.[`contact_${p.projectId}`];
        return typeof personId === 'string' && personId !== ''
          ? [{ projectId: p.projectId, personId }]
          : [];
      });
      await updateStand(standId, {
        name: form.name,
        hall: form.hall,
        standNumber: form.standNumber,
        // A blank field clears the floor area.
        floorAreaM2: form.floorAreaM2 ?? null,
        notes: form.notes,
        minStaff: form.minStaff,
        maxHoursPer24h: form.maxHoursPer24h,
        minRestHours: form.minRestHours,
        contacts,
      });
    }),
  );

  /** Deleting a stand takes its shifts, materials, films and screenings with it: asked first. */
  pages.post(
    '/stands/:id/delete',
    { guards, params: setupParams, policy },
    async (req, res, { params }) => {
      const stand = await kit.standOf(req, params.id);
      try {
        requireConfirmation(
          req.body,
          'Delete this stand with all its shifts, materials, films and screenings? This cannot be undone.',
        );
        await deleteStand(stand.id, true);
        res.redirect(303, '/stands');
      } catch (err) {
        if (!isFormRefusal(err) || err.status === 404) throw err;
        const problem = pageFormProblem('stand-delete', err, req.body, setupFieldOf);
        await kit.renderSetup(req, res, params.id, problem, err.status);
      }
    },
  );
}
