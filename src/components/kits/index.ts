import { Router, type RequestHandler } from 'express';
import { noStreams, nothingToStop, type Component, type ReferencesPort } from '../../lib/component';
import type { AppContext } from '../../lib/context';
import { createPageRenderer } from '../../lib/http/pages';
import type { ComponentTarget } from '../qr';
import { createFollowUpScheduler } from './follow-ups.service';
import { createHandOutPages } from './hand-out.pages';
import { createHandOutListPages } from './hand-outs.pages';
import { createImportBodyParser } from './import-upload';
import { createKitsApi } from './kits.routes';
import { kitQrTarget } from './kits.service';
import { createOrganiserPages } from './organiser.pages';
import { createKitPublicPages } from './public.pages';
import { kitsReferences } from './references';

/**
 * The kits component: game kits (types, batches, kits with a registry QR code each),
 * hand-outs at the stand, recipients without accounts, play reports, follow-ups and
 * reports. Depends on qr (codes), events and mail; nothing depends on it.
 */
export type KitsComponent = Component<
  {
    /** Visitors' kit pages (mounted before the access log, like the scan path: no visitor IPs in logs). */
    public: Router;
    /** Bodies of the CSV import routes (file uploads, up to 5 MB): mounted before the app's body parsers. */
    importBodyParser: RequestHandler;
    /** Organiser API and pages, hand-outs at the stand. */
    main: Router;
  },
  {
    /** How a kit's box code leads to the kit's page (the QR registry's `kit` target). */
    qrTarget: ComponentTarget;
    /** What of kits refers to projects, events and registry resources. */
    references: ReferencesPort;
  }
>;

/** Needs no ports: what it uses of qr, events and mail is their index.ts (it builds on them). */
export function createKitsComponent(context: AppContext): KitsComponent {
  const render = createPageRenderer(context.config);
  const main = Router();
  main.use('/api', createKitsApi(context));
  main.use(createHandOutPages(context, render));
  main.use(createOrganiserPages(context, render));
  main.use(createHandOutListPages(context, render));
  const followUps = createFollowUpScheduler({
    clock: context.clock,
    publicBaseUrl: context.config.publicBaseUrl,
    logger: context.logger,
  });
  return {
    routers: {
      public: createKitPublicPages(context, render),
      importBodyParser: createImportBodyParser(),
      main,
    },
    ports: { qrTarget: kitQrTarget, references: kitsReferences },
    jobs: [{ name: 'kit follow-ups', ...followUps }],
    endStreams: noStreams,
    stop: nothingToStop,
  };
}

export {
  createKitType,
  getKitType,
  listKitTypes,
  upsertKitTypeByPrefix,
} from './kit-types.service';
export { createKits, listKits, getKit, getKitBySerial, countKits } from './kits.service';
export { linkKitCodes } from './kit-codes.service';
export { kitQrTarget } from './kits.service';
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
