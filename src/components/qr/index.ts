import type { Router } from 'express';
import type { AppContext } from '../../lib/context';
import { createQrImageRouter } from './qr.routes';

/**
 * The QR component. For now: QR images of short codes (`/qr/:code.svg|png`) and the
 * short URL every printed code encodes. The registry (assets, `/q/:code`, scans)
 * comes later and joins this router.
 */
export function createQrRouter(context: AppContext): Router {
  return createQrImageRouter(context);
}

export { QR_CODE_PATTERN, qrCodeSchema } from './qr.schemas';
export {
  assertQrCode,
  qrShortUrl,
  renderQrImage,
  type QrImage,
  type QrImageFormat,
} from './qr.service';
