import { Router } from 'express';
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

/**
 * The QR component: the registry of every printed code (resources, city postcards,
 * event pages, kits, tables…), the scan path `/q/<code>`, public landing pages with
 * feedback, and analytics. Other components use only what is exported here.
 */
export type QrComponent = {
  /** The scan path's redirects alone: mounted before all other middleware (it sets the headers a 302 needs). */
  scanRouter: Router;
  /** Visitor routes (scan path, landing pages, feedback): mounted before the access log, which would record IP addresses. */
  publicRouter: Router;
  /** Organiser API and pages, QR images. */
  router: Router;
  scans: ScanRecorder;
  /** Graceful stop: writes every buffered scan. */
  stop(): Promise<void>;
};

export function createQrComponent(context: AppContext): QrComponent {
  const render = createPageRenderer(context.config);
  const scans = new ScanRecorder(context.logger);
  const publicRouter = Router();
  publicRouter.use(createScanRouter(scans, render));
  // The organiser upload forms' multipart bodies, read before authentication checks their CSRF field.
  publicRouter.use(readMultipartForms);
  publicRouter.use(createPublicPages(context, render));
  const router = Router();
  router.use(createQrImageRouter(context));
  router.use('/api', createRegistryApi(context));
  router.use(createAnalyticsRoutes(context, render));
  router.use(createContentPages(context, render));
  router.use(createCodePages(context, render));
  router.use(createImportPages(context, render));
  const scanRouter = createScanRedirectRouter(scans);
  return { scanRouter, publicRouter, router, scans, stop: () => scans.stop() };
}

/** The QR image router alone (kept for callers that mounted it before the registry existed). */
export function createQrRouter(context: AppContext): Router {
  return createQrImageRouter(context);
}

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
export { registerQrTarget, type ComponentTarget, type ComponentTargetType } from './target-kinds';
export { registerQrZoneNames, type ZoneName, type ZoneNameLookup } from './zone-names';
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
