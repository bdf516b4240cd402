import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { AppError } from '../../lib/errors';
import { qrPngJob, renderQrSvg } from '../../lib/qr';
import { createQrPngRenderer, QrRendererBusyError } from '../../lib/qr-png-worker';
import { QR_CODE_PATTERN, type QrImageQuery } from './qr.schemas';

export type QrImageFormat = 'svg' | 'png';
export type QrImage = { body: Buffer; mediaType: string; etag: string };

const MEDIA_TYPES: Record<QrImageFormat, string> = { svg: 'image/svg+xml', png: 'image/png' };

/** Throws 400 `invalid_qr_code` unless the code is 3–32 letters, digits, '-' or '_'. */
export function assertQrCode(code: string): string {
  if (!QR_CODE_PATTERN.test(code)) {
    throw new AppError('invalid_qr_code', 'A QR code is 3–32 letters, digits, "-" or "_"', 400, {
      value: code,
    });
  }
  return code;
}

/**
 * The URL every printed or served QR code encodes: the public short link, which the
 * QR registry redirects to the asset's current target (so targets can change after printing).
 */
export function qrShortUrl(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/q/${encodeURIComponent(assertQrCode(code))}`;
}

/** PNGs render on one worker thread, so a burst of them cannot starve other requests. */
const pngRenderer = createQrPngRenderer({ maxPending: 64 });

/**
 * What a printed QR symbol encodes: the short link plus `?s=qr`, which tells a scan
 * of paper from a typed or shared link in the analytics.
 */
export function qrScanUrl(publicBaseUrl: string, code: string): string {
  return `${qrShortUrl(publicBaseUrl, code)}?s=qr`;
}

/**
 * Rendered images by URL and options, bounded by bytes (least recently used go first).
 * Printed codes are asked for again and again; `fetch` also joins concurrent requests
 * for the same image to one render.
 */
const cache = new LRUCache<
  string,
  QrImage,
  { url: string; format: QrImageFormat; options: QrImageQuery }
>({
  maxSize: 32 * 1024 * 1024,
  sizeCalculation: (image) => image.body.length || 1,
  fetchMethod: async (_key, _stale, { context }) =>
    render(context.url, context.format, context.options),
});

/**
 * The QR image of a short code. The bytes depend only on the URL and the options, so
 * the ETag is a hash of them and the image can be cached forever. 503 `qr_busy` when
 * too many PNGs wait for the renderer.
 */
export async function renderQrImage(
  publicBaseUrl: string,
  code: string,
  format: QrImageFormat,
  options: QrImageQuery,
): Promise<QrImage> {
  const url = qrScanUrl(publicBaseUrl, code);
  const key = JSON.stringify([url, format, options.size, options.margin, options.ecl]);
  try {
    const image = await cache.fetch(key, { context: { url, format, options } });
    if (!image) throw new Error('QR image not rendered');
    return image;
  } catch (err) {
    if (err instanceof QrRendererBusyError) {
      throw new AppError('qr_busy', 'Too many QR images are being drawn; try again shortly', 503, {
        retryAfterSeconds: 2,
      });
    }
    throw err;
  }
}

/** Images drawn since start (cache misses): lets tests and the bench see the cache work. */
let renders = 0;
export const qrImagesRendered = () => renders;

async function render(url: string, format: QrImageFormat, options: QrImageQuery): Promise<QrImage> {
  renders += 1;
  const body =
    format === 'svg'
      ? Buffer.from(renderQrSvg(url, options), 'utf8')
      : await pngRenderer.render(qrPngJob(url, options));
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  return { body, mediaType: MEDIA_TYPES[format], etag };
}
