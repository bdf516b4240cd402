import compression from 'compression';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import helmet from 'helmet';
import mongoose, { type Connection } from 'mongoose';
import path from 'node:path';
import { pinoHttp } from 'pino-http';
import type { Config } from './config';
import { createAuthComponent, redactRequestForLog } from './components/auth';
import { createProblemPageRenderer } from './lib/http/pages';
import { createProblemPagesRouter } from './lib/http/problem-pages';
import { createCalendarsRouter } from './components/calendars';
import { createEventsRouter } from './components/events';
import { createExhibitionsRouter } from './components/exhibitions';
import { createInvitationsRouter } from './components/invitations';
import {
  createKitsImportBodyParser,
  createKitsPublicRouter,
  createKitsRouter,
} from './components/kits';
import { createMailComponent, type MailTransport } from './components/mail';
import { createPrintRouter } from './components/print';
import { createQrComponent } from './components/qr';
import { createWorldCafeRouter } from './components/world-cafe';
import type { AppContext } from './lib/context';
import {
  OpenAPIRegistry,
  buildOpenApiDocument,
  methodNotAllowedHandler,
} from './lib/http/api-router';
import { errorHandler, notFoundHandler } from './lib/http/error-handler';
import type { Logger } from './lib/logger';
import { projectPath } from './lib/paths';

export type AppDeps = {
  config: Config;
  logger: Logger;
  clock?: () => Date;
  /** Where e-mail goes; main.ts builds it from config, tests pass an SMTP peer or a file drop. */
  mailTransport: MailTransport;
  /** The connection /health reports on; the default mongoose connection unless a test says otherwise. */
  connection?: Connection;
};

export type App = {
  app: Express;
  context: AppContext;
  mail: ReturnType<typeof createMailComponent>;
  qr: ReturnType<typeof createQrComponent>;
};

/** Wires middleware and components. No listening, no connecting, no env reads. */
export function createApp(deps: AppDeps): App {
  const context: AppContext = {
    config: deps.config,
    logger: deps.logger,
    clock: deps.clock ?? (() => new Date()),
    registry: new OpenAPIRegistry(),
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  const qr = createQrComponent(context);
  // The scan path's 302s first: they set their own few headers (see qr/scan.routes.ts).
  app.use(qr.scanRouter);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null },
      },
    }),
  );
  // Visitors' scans and landing pages answer before the access log, which would keep
  // their IP addresses and user agents (forumkit stores neither for visitors).
  app.use(qr.publicRouter);
  app.use(createKitsPublicRouter(context));
  app.use(
    pinoHttp({
      logger: deps.logger,
      serializers: { req: redactRequestForLog },
      autoLogging: { ignore: (req) => req.url === '/health' },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );
  // Text answers (pages, JSON, .ics, the API docs' scripts) shrink to a fraction; PDFs and
  // PNGs are already compressed and are left as they are.
  // Server-sent events stay uncompressed: gzip would hold each event back until its
  // buffer fills, and the live wall must show a note within seconds.
  app.use(
    compression({
      filter: (req, res) =>
        !String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream') &&
        compression.filter(req, res),
    }),
  );
  // Browsers ask for /favicon.ico whatever the page links (JSON answers, the API docs).
  app.get('/favicon.ico', (_req, res) => {
    res
      .type('image/svg+xml')
      .set('Cache-Control', 'public, max-age=86400')
      .sendFile(projectPath('public', 'favicon.svg'));
  });
  app.use('/static', express.static(projectPath('public'), { maxAge: '1h' }));
  // The `idb` browser build that the shared offline queue (public/js/offline-queue.js)
  // imports, served from node_modules: no CDN.
  app.use(
    '/static/vendor/idb',
    express.static(path.dirname(require.resolve('idb')), { maxAge: '1d' }),
  );
  app.use(
    '/static/vendor/swagger-ui',
    express.static(path.dirname(require.resolve('swagger-ui-dist/package.json')), { maxAge: '1d' }),
  );
  // The kits' CSV imports take larger bodies than the limits below (file uploads too).
  app.use(createKitsImportBodyParser());
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false, limit: '100kb' }));
  app.use(cookieParser());

  const probeDatabase = sharedProbe(() => databaseStatus(deps.connection ?? mongoose.connection));
  app.get('/health', async (_req, res) => {
    const database = await probeDatabase();
    res
      .status(database === 'up' ? 200 : 503)
      .json({ status: database === 'up' ? 'ok' : 'degraded', database });
  });

  const auth = createAuthComponent(context);
  app.use(auth.authenticate);
  app.use(auth.router);

  const mail = createMailComponent(context, deps.mailTransport);
  app.use(mail.router);
  app.use(createEventsRouter(context));
  app.use(createCalendarsRouter(context));
  app.use(createPrintRouter(context));
  app.use(qr.router);
  app.use(createInvitationsRouter(context));
  app.use(createExhibitionsRouter(context));
  app.use(createWorldCafeRouter(context));
  app.use(createKitsRouter(context));

  const openApi = buildOpenApiDocument(context.registry, deps.config.publicBaseUrl);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.get('/api/docs', (_req, res) => {
    res.sendFile(projectPath('public', 'api-docs.html'));
  });

  app.use(createProblemPagesRouter(context.config));

  app.use(methodNotAllowedHandler(context.registry));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger, { renderPage: createProblemPageRenderer(context.config) }));
  return { app, context, mail, qr };
}

/**
 * Health checks that arrive together share one database ping: a load balancer (or
 * many of them) polling during a burst must not add a ping per request to the load.
 */
function sharedProbe<T>(probe: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () =>
    (inFlight ??= probe().finally(() => {
      inFlight = undefined;
    }));
}

async function databaseStatus(connection: Connection): Promise<'up' | 'down'> {
  const db = connection.db;
  if (connection.readyState !== 1 || !db) return 'down';
  try {
    await Promise.race([
      db.admin().ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('ping timeout')), 2000).unref()),
    ]);
    return 'up';
  } catch {
    return 'down';
  }
}
