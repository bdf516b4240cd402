import type { z } from 'zod';
import { AppError } from '../../lib/errors';
import { parseBody } from '../../lib/http/validate';
import { addMaterial, deleteMaterial, listMaterials, updateMaterial } from './materials.service';
import type { PlannerKit } from './planner-kit';
import {
  confirmForm,
  editMaterialForm,
  materialForm,
  materialParams,
  standParams,
  statusForm,
} from './planner-forms';

type MaterialParams = z.output<typeof materialParams>;

/** The planner's materials board: add, edit, move along (status), delete after asking. */
export function mountMaterialPages(kit: PlannerKit): void {
  const { pages, reader: guards, managesStand: policy, plannerForm, context } = kit;

  pages.post(
    '/stands/:id/materials',
    { guards, params: standParams, policy },
    plannerForm(async (req, standId) => {
      const form = parseBody(materialForm, req);
      await addMaterial(
        standId,
        {
          name: form.name,
          ownerProjectId: form.ownerProjectId,
          quantityNeeded: form.quantityNeeded,
          dueDate: form.dueDate || undefined,
        },
        context.clock(),
      );
      return form.day;
    }),
  );

  pages.post(
    '/stands/:id/materials/:materialId',
    { guards, params: materialParams, policy },
    plannerForm<MaterialParams>(async (req, standId, params) => {
      const form = parseBody(editMaterialForm, req);
      await updateMaterial(
        standId,
        params.materialId,
        {
          name: form.name,
          kind: form.kind,
          ownerProjectId: form.ownerProjectId,
          quantityNeeded: form.quantityNeeded,
          quantityPacked: form.quantityPacked,
          quantityOnSite: form.quantityOnSite,
          dueDate: form.dueDate ? form.dueDate : null,
          notes: form.notes ?? '',
        },
        context.clock(),
      );
      return form.day;
    }),
  );

  /** The first press asks; the second (confirm=true) deletes. */
  pages.post(
    '/stands/:id/materials/:materialId/delete',
    { guards, params: materialParams, policy },
    async (req, res, { params }) => {
      const standId = params.id;
      const stand = await kit.standOf(req, standId);
      const form = parseBody(confirmForm, req);
      const materialId = params.materialId.toLowerCase();
      if (form.confirm !== 'true') {
        const known = await listMaterials(standId, context.clock());
        if (!known.some((m) => m.id === materialId))
          throw new AppError('not_found', 'No such item', 404);
        await kit.renderPlanner(req, res, standId, form.day, undefined, {
          confirmDeleteMaterial: materialId,
        });
        return;
      }
      await deleteMaterial(standId, materialId);
      res.redirect(
        303,
        `/stands/${stand.id}${form.day ? `?day=${form.day}` : ''}#materials-heading`,
      );
    },
  );

  pages.post(
    '/stands/:id/materials/:materialId/status',
    { guards, params: materialParams, policy },
    plannerForm<MaterialParams>(async (req, standId, params) => {
      const form = parseBody(statusForm, req);
      await updateMaterial(standId, params.materialId, { status: form.status }, context.clock());
      return form.day;
    }),
  );
}
