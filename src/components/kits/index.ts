import { Router } from 'express';
import type { AppContext } from '../../lib/context';
import { createPageRenderer } from '../../lib/http/pages';
import { createHandOutPages } from './hand-out.pages';
import { createKitsApi } from './kits.routes';
import { createKitPublicPages } from './public.pages';
import { createOrganiserPages } from './organiser.pages';
import { createHandOutListPages } from './hand-outs.pages';
import { kitQrTarget } from './kits.service';
import { registerQrTarget } from '../qr';

/**
 * The kits component: game kits (types, batches, kits with a registry QR code each),
 * hand-outs at the stand, recipients without accounts, play reports, follow-ups and
 * reports. Depends on qr (codes), events and mail; nothing depends on it.
 */
/** Visitors' kit pages (mounted before the access log, like the scan path: no visitor IPs in logs). */
export function createKitsPublicRouter(context: AppContext): Router {
  // A kit's box code leads to the page mounted here.
  registerQrTarget('kit', kitQrTarget);
  return createKitPublicPages(context, createPageRenderer(context.config));
}

/** Bodies of the CSV import routes (file uploads, up to 5 MB): mounted before the app's body parsers. */
export { createImportBodyParser as createKitsImportBodyParser } from './import-upload';

export function createKitsRouter(context: AppContext): Router {
  const router = Router();
  const render = createPageRenderer(context.config);
  router.use('/api', createKitsApi(context));
  router.use(createHandOutPages(context, render));
  router.use(createOrganiserPages(context, render));
  router.use(createHandOutListPages(context, render));
  return router;
}

export {
  createKitType,
  getKitType,
  listKitTypes,
  upsertKitTypeByPrefix,
} from './kit-types.service';
export { createKits, listKits, getKit, getKitBySerial, countKits } from './kits.service';
export { linkKitCodes } from './kit-codes.service';
export { createBatch, moveBatch, listBatches } from './batches.service';
export { handOutKit, recordAggregateHandOut, listHandOuts, getHandOut } from './hand-outs.service';
export { CONSENT_TEXT_VERSION } from './consent';
export type { KitTypeView, KitView, HandOutView, BatchView, RecipientView } from './kits.presenter';
export {
  listPlayReports,
  reportPlay,
  playReportForm,
  type PlayReportView,
} from './play-reports.service';
export { issueClaimLink, completeClaim, claimForm } from './claims.service';
export { createFollowUpScheduler, sendDueFollowUps, sendFollowUpsNow } from './follow-ups.service';
export { kitReport, type KitReport } from './reports.service';
