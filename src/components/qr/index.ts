import { Router } from 'express';
import { noStreams, type Component, type ReferencesPort } from '../../lib/component';
import type { AppContext } from '../../lib/context';
import { createPageRenderer } from '../../lib/http/pages';
import { createQrImageRouter } from './qr.routes';
import { createRegistryApi } from './registry.routes';
import { ScanRecorder } from './scan-recorder';
import { createScanRedirectRouter, createScanRouter } from './scan.routes';
import { createPublicPages } from './public-pages.routes';
import { createAnalyticsRoutes } from './analytics.routes';
import { createCodePages } from './code.pages';
import { createContentPages } from './content.pages';
import { readMultipartForms } from './form-upload';
import { createImportPages } from './import.pages';
import type { QrPorts } from './ports';
import { qrReferences } from './references';

/**
 * The QR component: the registry of every printed code (resources, city postcards,
 * event pages, kits, tables…), the scan path `/q/<code>`, public landing pages with
 * feedback, and analytics. Other components use only what is exported here.
 */
export type QrComponent = Component<
  {
    /** The scan path's redirects alone: mounted before all other middleware (it sets the headers a 302 needs). */
    scan: Router;
    /** Visitor routes (scan path, landing pages, feedback): mounted before the access log, which would record IP addresses. */
    public: Router;
    /** Organiser API and pages, QR images. */
    main: Router;
  },
  {
    /** What of the registry refers to projects and events (resources, postcards, codes). */
    references: ReferencesPort;
  }
> & {
  /** Buffered scans; tests flush them before reading. */
  scans: ScanRecorder;
};

export function createQrComponent(context: AppContext, ports: QrPorts): QrComponent {
  const render = createPageRenderer(context.config);
  const scans = new ScanRecorder(context.logger);
  const publicRouter = Router();
  publicRouter.use(createScanRouter(scans, render, ports.targets));
  // The organiser upload forms' multipart bodies, read before authentication checks their CSRF field.
  publicRouter.use(readMultipartForms);
  publicRouter.use(createPublicPages(context, render));
  const main = Router();
  main.use(createQrImageRouter(context));
  main.use('/api', createRegistryApi(context, ports));
  main.use(createAnalyticsRoutes(context, render, ports));
  main.use(createContentPages(context, render, ports));
  main.use(createCodePages(context, render, ports));
  main.use(createImportPages(context, render));
  return {
    routers: { scan: createScanRedirectRouter(scans, ports.targets), public: publicRouter, main },
    ports: { references: qrReferences },
    jobs: [],
    endStreams: noStreams,
    // Every scan answered before the server closed is written before the database goes.
    stop: () => scans.stop(),
    scans,
  };
}

export type { QrPorts } from './ports';
export { QR_CODE_PATTERN, qrCodeSchema } from './qr.schemas';
export {
  assertQrCode,
  qrShortUrl,
  qrScanUrl,
  renderQrImage,
  type QrImage,
  type QrImageFormat,
} from './qr.service';
export { QR_KINDS, type QrKind } from './qr-code.model';
export { RESOURCE_TYPES, type ResourceType } from './resource.model';
export { SHORT_CODE_PATTERN, isShortCode } from './short-code';
export {
  createQrCode,
  getQrCode,
  findQrCodeByCode,
  listQrCodes,
  listAllQrCodes,
  requireRegisteredCodes,
  updateQrCode,
  ensureQrCodeFor,
  ensureEventPageQrCode,
  detachQrCodesFrom,
  type CreateQrCodeOptions,
} from './qr-codes.service';
export type { ComponentTarget, ComponentTargets, ComponentTargetType } from './target-kinds';
export type { ZoneName, ZoneNameLookup } from './zone-names';
export {
  createResource,
  getResource,
  getResourcesByIds,
  listResources,
  updateResource,
  deleteResource,
  upsertResource,
  countResources,
} from './resources.service';
export {
  createPostcard,
  getPostcard,
  getPostcardsByIds,
  listPostcards,
  updatePostcard,
  deletePostcard,
  upsertPostcard,
} from './postcards.service';
export { scanStats, type ScanStats } from './stats.service';
export { scopeAnalytics, type AnalyticsScope } from './analytics.service';
export { csvCell, csvLines } from './csv';
export { readMediaFile, MEDIA_LIMITS } from './media.service';
export { setResourceCover, setResourceDocument, setPostcardFrontImage } from './uploads.service';
export { saveFeedbackOnCode, listFeedback, type FeedbackView } from './feedback.service';
export { writeScans, type IncomingScan } from './scan-recorder';
export type { QrCodeView, ResourceView, PostcardView, QrTargetView } from './registry.presenter';
export type {
  CreateQrCodeInput,
  UpdateQrCodeInput,
  QrTargetInput,
  CreateResourceInput,
  CreatePostcardInput,
} from './registry.schemas';
