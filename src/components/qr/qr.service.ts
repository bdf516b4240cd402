import { createHash } from 'node:crypto';
import { AppError } from '../../lib/errors';
import { renderQrPng, renderQrSvg } from '../../lib/qr';
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

/**
 * What a printed QR symbol encodes: the short link plus `?s=qr`, which tells a scan
 * of paper from a typed or shared link in the analytics.
 */
export function qrScanUrl(publicBaseUrl: string, code: string): string {
  return `${qrShortUrl(publicBaseUrl, code)}?s=qr`;
}

/**
 * Renders the QR image of a short code. The bytes depend only on the URL and the
 * options, so the ETag is a hash of them and the image can be cached forever.
 */
export async function renderQrImage(
  publicBaseUrl: string,
  code: string,
  format: QrImageFormat,
  options: QrImageQuery,
): Promise<QrImage> {
  const url = qrScanUrl(publicBaseUrl, code);
  const body =
    format === 'svg'
      ? Buffer.from(renderQrSvg(url, options), 'utf8')
      : await renderQrPng(url, options);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  return { body, mediaType: MEDIA_TYPES[format], etag };
}
