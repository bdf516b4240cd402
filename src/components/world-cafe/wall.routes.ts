import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AppContext } from '../../lib/context';
import { createPageRenderer } from '../../lib/http/pages';
import { parseId } from '../../lib/http/validate';
import { requireCapability } from '../auth';
import { WALL_SCOPE, sessionGuard } from './policies';
import { changeTime, changesSince, type WallChange } from './changes.service';
import type { LiveHub } from './live-hub';
import { loadWall } from './wall.service';
import type { StreamTracker } from './live-streams';
import { getSession } from './sessions.service';
import { renderQrSvg } from '../../lib/qr';

const HEARTBEAT_MS = 15_000;

/**
 * Public walls open to anyone; link-protected ones need the wall link, or the
 * session's managers or facilitators (the `watchWall` rule).
 */
function wallAccessFor(context: AppContext): RequestHandler {
  const key = requireCapability(WALL_SCOPE, 'id', { allowRoles: ['comms', 'facilitator'] });
  const rule = sessionGuard('watchWall', () => context.clock());
  return async (req, res, next) => {
    try {
      const session = await getSession(parseId(req, 'Session'));
      if (session.wallAccess === 'public') return next();
      await key(req, res, (err?: unknown) => {
        if (err) return next(err);
        void rule(req, res, next);
      });
    } catch (err) {
      next(err);
    }
  };
}

/**
 * The live wall: a page for the room's screen and its server-sent event stream. The
 * browser's EventSource reconnects by itself and sends `Last-Event-ID`; the stream
 * then replays what the wall missed.
 */
export function createWallRoutes(
  context: AppContext,
  hub: LiveHub,
  streams: StreamTracker,
): Router {
  const router = Router();
  const render = createPageRenderer(context.config);
  const wallAccess = wallAccessFor(context);

  router.get('/world-cafe/sessions/:id/wall', wallAccess, async (req, res, next) => {
    try {
      const wall = await loadWall(parseId(req, 'Session'));
      const key = typeof req.query.key === 'string' ? req.query.key : '';
      render(req, res, 'world-cafe/wall', {
        title: `${wall.session.title} — live`,
        ...wall,
        streamUrl: `/api/world-cafe/sessions/${wall.session.id}/stream${key ? `?key=${encodeURIComponent(key)}` : ''}`,
        voteUrl: `${context.config.publicBaseUrl}/world-cafe/sessions/${wall.session.id}/vote`,
      });
    } catch (err) {
      next(err);
    }
  });

  // The QR shown on the wall: people in the room scan it to reach the voting page (public).
  router.get('/world-cafe/sessions/:id/vote-qr.svg', async (req, res, next) => {
    try {
      const session = await getSession(parseId(req, 'Session'));
      const url = `${context.config.publicBaseUrl}/world-cafe/sessions/${session.id}/vote`;
      res.set({ 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=3600' });
      res.send(renderQrSvg(url, { size: 320, margin: 4, ecl: 'M' }));
    } catch (err) {
      next(err);
    }
  });

  router.get('/api/world-cafe/sessions/:id/stream', wallAccess, async (req, res, next) => {
    try {
      const sessionId = parseId(req, 'Session');
      await openStream(req, res, sessionId, hub, streams);
    } catch (err) {
      next(err);
    }
  });

  return router;
}

async function openStream(
  req: Request,
  res: Response,
  sessionId: string,
  hub: LiveHub,
  streams: StreamTracker,
) {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
    Connection: 'keep-alive',
  });
  res.flushHeaders();
  res.write('retry: 2000\n\n');
  const sent = new Set<string>();
  const send = (change: WallChange) => {
    if (sent.has(change.id)) return;
    sent.add(change.id);
    if (sent.size > 5000) sent.clear();
    res.write(`id: ${change.id}\nevent: ${change.kind}\ndata: ${JSON.stringify(change)}\n\n`);
  };
  const unsubscribe = hub.subscribe(sessionId, send);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const untrack = streams.track(() => {
    clearInterval(heartbeat);
    unsubscribe();
    res.end();
  });
  req.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
    untrack();
  });
  const lastId = req.get('last-event-id');
  if (lastId) {
    void (async () => {
      const since = await changeTime(lastId);
      if (!since) return;
      sent.add(lastId);
      for (const change of await changesSince(sessionId, since)) send(change);
    })().catch(() => undefined);
  }
  await hub.started();
  res.write(`event: ready\ndata: ${JSON.stringify({ mode: hub.mode() })}\n\n`);
}
