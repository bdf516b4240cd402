import type { Router } from 'express';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { qrImageQuery } from './qr.schemas';
import { assertQrCode, renderQrImage, type QrImageFormat } from './qr.service';
import { z } from 'zod';
import { param } from '../../lib/http/params';

/** An image for a given URL and query never changes: let browsers and CDNs keep it. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** GET /qr/:code.svg and /qr/:code.png — QR images of `${publicBaseUrl}/q/<code>`. */
export function createQrImageRouter(context: AppContext): Router {
  const api = new ApiRouter(context.registry, '', 'QR codes');
  const formats: { format: QrImageFormat; mediaType: string }[] = [
    { format: 'svg', mediaType: 'image/svg+xml' },
    { format: 'png', mediaType: 'image/png' },
  ];
  for (const { format, mediaType } of formats) {
    api.route(
      'get',
      `/qr/:code.${format}`,
      {
        summary: `QR code image (${format.toUpperCase()}) of a short code`,
        description: `Encodes ${context.config.publicBaseUrl}/q/<code>?s=qr (what every printed code encodes). Cached for a year (immutable) with an ETag. Size 64–1024 px, margin 0–8 modules; PNGs are drawn off the main thread, and 503 \`qr_busy\` (with Retry-After) answers when too many wait.`,
        query: qrImageQuery,
        response: { mediaType, description: `The QR code as ${mediaType}` },
        security: 'none',
      },
      async (req, res, { query }) => {
        const code = assertQrCode(param(req, 'code', z.string()));
        const image = await renderQrImage(context.config.publicBaseUrl, code, format, query);
        res.set({ 'Cache-Control': IMMUTABLE, ETag: image.etag, 'Content-Type': image.mediaType });
        // Express answers 304 itself when If-None-Match matches the ETag set above.
        res.send(image.body);
      },
    );
  }
  return api.router;
}
