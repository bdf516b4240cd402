import { Router, type Request } from 'express';
import type { PageRenderer } from '../../lib/http/pages';
import {
  classifyAgent,
  isPrefetch,
  primaryLanguage,
  referrerHost,
  type ScanHeaders,
} from './scan-classifier';
import type { ScanRecorder } from './scan-recorder';
import { resolveScanTarget } from './scan-targets';

/** Repeat scans must reach the server: never a permanent or shared-cache answer. */
const NO_STORE = 'private, no-store';

const headersOf = (req: Request): ScanHeaders => ({
  userAgent: req.get('user-agent'),
  acceptLanguage: req.get('accept-language'),
  referer: req.get('referer'),
  purpose: req.get('purpose'),
  secPurpose: req.get('sec-purpose'),
});

/**
 * GET /q/<code>: a 302 at once to the code's current target, the scan handed to the
 * recorder (memory) before the answer goes out, so every answered scan is written.
 * HEAD and prefetches are answered the same way and not counted.
 */
export function createScanRouter(recorder: ScanRecorder, render: PageRenderer): Router {
  const router = Router();
  router.get('/q/:code', async (req, res, next) => {
    try {
      const target = await resolveScanTarget(String(req.params.code));
      res.set('Cache-Control', NO_STORE);
      if (target.status === 'unknown') {
        return render(req, res, 'qr-unknown', { title: 'Code not found' }, 404);
      }
      if (target.status === 'disabled') {
        return render(
          req,
          res,
          'qr-disabled',
          { title: 'No longer in use', label: target.label },
          410,
        );
      }
      const headers = headersOf(req);
      // A visitor who hung up before the answer did not land anywhere: not a scan.
      if (req.method === 'GET' && !isPrefetch(headers) && !req.socket.destroyed) {
        const userAgent = (headers.userAgent ?? '').slice(0, 1024);
        const { device, bot } = classifyAgent(userAgent);
        recorder.record({
          qrCodeId: target.qrCodeId,
          at: new Date(),
          device,
          viaQr: req.query.s === 'qr',
          bot,
          language: primaryLanguage(headers.acceptLanguage),
          referrerHost: referrerHost(headers.referer),
          ip: req.ip ?? '',
          userAgent,
        });
      }
      res.redirect(302, target.location);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
