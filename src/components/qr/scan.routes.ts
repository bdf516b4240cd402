import { Router, type NextFunction, type Request, type Response } from 'express';
import type { PageRenderer } from '../../lib/http/pages';
import { isPrefetch } from './scan-classifier';
import type { ScanRecorder } from './scan-recorder';
import { cachedScanTarget, resolveScanTarget, type ScanTarget } from './scan-targets';
import type { ComponentTargets } from './target-kinds';

/** Repeat scans must reach the server: never a permanent or shared-cache answer. */
const NO_STORE = 'private, no-store';

/**
 * The few headers a redirect needs, set as constants. The scan route answers before
 * the app's general middleware (helmet's dozen headers, the access log, compression),
 * which a 302 with a one-line body does not use; pages (404, 410) still get all of it.
 */
const REDIRECT_HEADERS: [string, string][] = [
  ['Cache-Control', NO_STORE],
  ['Content-Security-Policy', "default-src 'none'"],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
];

/**
 * Hands the scan to the recorder (memory) before the answer goes out, so every
 * answered scan is written; only raw, bounded header values are kept here, the
 * recorder's flush classifies and hashes them. HEAD and prefetches are answered the
 * same way and not counted; a visitor who hung up before the answer, or whose
 * connection is already being closed, gets no answer and is not a scan.
 */
function redirectAndRecord(
  recorder: ScanRecorder,
  req: Request,
  res: Response,
  target: Extract<ScanTarget, { status: 'ok' }>,
) {
  const h = req.headers;
  if (
    req.method === 'GET' &&
    !isPrefetch({
      purpose: h.purpose as string | undefined,
      secPurpose: h['sec-purpose'] as string | undefined,
    }) &&
    // Not writable: the server is closing this connection (graceful stop ends it
    // after its last answer) and a request that still arrived on it gets no answer.
    !req.socket.destroyed &&
    req.socket.writable
  ) {
    recorder.record({
      qrCodeId: target.qrCodeId,
      at: Date.now(),
      viaQr: req.query.s === 'qr',
      ip: req.ip ?? '',
      userAgent: (h['user-agent'] ?? '').slice(0, 1024),
      acceptLanguage: h['accept-language']?.slice(0, 200),
      referer: h.referer?.slice(0, 2000),
    });
  }
  res.redirect(302, target.location);
}

/**
 * GET /q/<code> for codes that lead somewhere: mounted first in the app. Anything
 * else (unknown, disabled, malformed) goes on to `createScanRouter`'s pages, after the
 * same lookup (so a hit and a miss cost the same up to here).
 */
export function createScanRedirectRouter(
  recorder: ScanRecorder,
  targets: ComponentTargets,
): Router {
  const router = Router();
  router.get('/q/:code', (req: Request, res: Response, next: NextFunction) => {
    // The hot path: a path segment is always a string, and an unknown code is looked up
    // like any other (a schema here would cost every scan for nothing).
    const code = String(req.params.code);
    const answer = (target: ScanTarget) => {
      if (target.status !== 'ok') return next();
      for (const [name, value] of REDIRECT_HEADERS) res.setHeader(name, value);
      redirectAndRecord(recorder, req, res, target);
    };
    const cached = cachedScanTarget(code);
    // A microtask, not at once: the server's other request listeners (the graceful
    // stop's, which marks answers `Connection: close` while stopping) run first.
    if (cached)
      queueMicrotask(() => {
        try {
          answer(cached);
        } catch (err) {
          next(err);
        }
      });
    else resolveScanTarget(code, targets).then(answer, next);
  });
  return router;
}

/** GET /q/<code> behind the app's middleware: the 404 and 410 pages (and hits, when mounted alone). */
export function createScanRouter(
  recorder: ScanRecorder,
  render: PageRenderer,
  targets: ComponentTargets,
): Router {
  const router = Router();
  router.get('/q/:code', async (req, res, next) => {
    try {
      const target = await resolveScanTarget(String(req.params.code), targets);
      res.set('Cache-Control', NO_STORE);
      if (target.status === 'unknown') {
        return render(req, res, 'qr/unknown', { title: 'Code not found' }, 404);
      }
      if (target.status === 'disabled') {
        return render(
          req,
          res,
          'qr/disabled',
          { title: 'No longer in use', label: target.label },
          410,
        );
      }
      redirectAndRecord(recorder, req, res, target);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
