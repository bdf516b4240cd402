import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import type { PageRouter } from '../../lib/http/page-router';
import type { PageRenderer } from '../../lib/http/pages';
import { idParam } from '../../lib/http/params';
import { actorOf } from '../../lib/http/policy';
import { listEvents } from '../events';
import { inventoryOrganisers } from './api-guards';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS, importHandOuts } from './import.service';
import { MAX_IMPORT_BYTES } from './import-upload';
import { getKitType } from './kit-types.service';
import { allowOrRefuse, handOutPolicy, handOutScope } from './policies';

const kitTypeParams = z.object({ id: idParam('Kit type') });
/**
 * The import form (`csv` from the file or the text area, the event, the button
 * pressed). Nothing here refuses the form: an unknown event reads as none and an
 * empty CSV is answered by the handler, after the policy.
 */
const importForm = z.object({
  csv: z.string().catch(''),
  eventId: z
    .string()
    .regex(/^[0-9a-f]{24}$/i)
    .optional()
    .catch(undefined),
  action: z.enum(['check', 'import']).optional().catch(undefined),
});

/** The page that imports hand-outs recorded on paper: check first, then import. */
export function mountImportPages(pages: PageRouter, context: AppContext, render: PageRenderer) {
  const importPage = async (
    req: Request,
    res: Response,
    kitTypeId: string,
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const kitType = await getKitType(kitTypeId);
    const events = await listEvents({ page: 1, limit: 200, sort: '-startDate' });
    const chosen = extra.eventId;
    render(
      req,
      res,
      'kits/import',
      {
        title: `Import: ${kitType.name}`,
        styles: ['/static/css/kits.css'],
        kitType,
        columns: IMPORT_COLUMNS.join(', '),
        maxMb: MAX_IMPORT_BYTES / 1024 / 1024,
        maxRows: MAX_IMPORT_ROWS.toLocaleString('en'),
        events: events.items.map((e) => ({ id: e.id, name: e.name, selected: e.id === chosen })),
        ...extra,
      },
      status,
    );
  };

  pages.get(
    '/kits/types/:id/import',
    { guards: [requireSignedInPage, ...inventoryOrganisers], params: kitTypeParams },
    (req, res, { params }) => importPage(req, res, params.id),
  );
  // The body (a file upload or pasted text) is read by the import body parser, before the app's.
  pages.post(
    '/kits/types/:id/import',
    { guards: inventoryOrganisers, params: kitTypeParams, body: importForm },
    async (req, res, { params, body: { csv, eventId, action } }) => {
      // The event chosen in the form is the scope, so the policy follows the body.
      const scope = await handOutScope(eventId, { kitTypeId: params.id });
      allowOrRefuse(req, handOutPolicy.may(actorOf(req), 'record', scope));
      if (!csv.trim())
        throw new AppError('validation_failed', 'Choose a CSV file or paste the CSV first', 400);
      // "Import" checks first too: with any bad line it shows the list and writes nothing.
      const check = await importHandOuts(
        params.id,
        csv,
        { dryRun: true, eventId },
        context.clock(),
      );
      const result =
        action === 'import' && check.errors.length === 0
          ? await importHandOuts(
              params.id,
              csv,
              { dryRun: false, eventId, userId: currentUser(req).id },
              context.clock(),
            )
          : check;
      await importPage(
        req,
        res,
        params.id,
        { result, csv: result.dryRun || result.errors.length ? csv : '', eventId },
        result.errors.length ? 400 : 200,
      );
    },
  );
}
