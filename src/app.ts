import compression from 'compression';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import helmet from 'helmet';
import mongoose, { type Connection } from 'mongoose';
import path from 'node:path';
import { pinoHttp } from 'pino-http';
import type { Config } from './config';
import { createAuthComponent, redactRequestForLog, type AuthComponent } from './components/auth';
import { createProblemPageRenderer } from './lib/http/pages';
import { createProblemPagesRouter } from './lib/http/problem-pages';
import { createCalendarsComponent, type CalendarsComponent } from './components/calendars';
import { createEventsComponent, type EventsComponent } from './components/events';
import { createExhibitionsComponent, type ExhibitionsComponent } from './components/exhibitions';
import { createInvitationsComponent, type InvitationsComponent } from './components/invitations';
import { createKitsComponent, type KitsComponent } from './components/kits';
import { createMailComponent, type MailComponent, type MailTransport } from './components/mail';
import { createPrintComponent, type PrintComponent } from './components/print';
import { createQrComponent, type QrComponent } from './components/qr';
import { createWorldCafeComponent, type WorldCafeComponent } from './components/world-cafe';
import { combineReferences, type Job } from './lib/component';
import type { AppContext } from './lib/context';
import { combineDutySources } from './lib/duties-elsewhere';
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

export type Components = {
  auth: AuthComponent;
  mail: MailComponent;
  events: EventsComponent;
  calendars: CalendarsComponent;
  print: PrintComponent;
  qr: QrComponent;
  invitations: InvitationsComponent;
  exhibitions: ExhibitionsComponent;
  worldCafe: WorldCafeComponent;
  kits: KitsComponent;
};

export type App = {
  app: Express;
  context: AppContext;
  components: Components;
  /** Every component's background jobs, in start order (main.ts starts them; tests do not). */
  jobs: readonly Job[];
  /** Ends every component's never-ending responses (live-wall streams): before the server closes. */
  endStreams(): void;
  /** Every component's `stop`, in order: after the server closed, before jobs and the database stop. */
  stop(): Promise<void>;
  /** Shortcuts tests use: the outbox worker (`mail.worker.drain()`), buffered scans (`qr.scans.flush()`). */
  mail: MailComponent;
  qr: QrComponent;
};

/**
 * Builds every component once and connects providers to the components that need
 * them: each factory's `ports` parameter is typed, so a provider left out does not
 * compile. Components are built in dependency order (a provider before its users);
 * nothing here depends on the order of mounting below.
 */
function createComponents(context: AppContext, mailTransport: MailTransport): Components {
  const auth = createAuthComponent(context);
  const mail = createMailComponent(context, mailTransport);
  const kits = createKitsComponent(context);
  const worldCafe = createWorldCafeComponent(context);
  const exhibitions = createExhibitionsComponent(context, {
    dutiesElsewhere: combineDutySources(worldCafe.ports.duties),
  });
  const qr = createQrComponent(context, {
    targets: { kit: kits.ports.qrTarget, table: worldCafe.ports.qrTarget },
    zoneNames: exhibitions.ports.zoneNames,
    references: combineReferences(kits.ports.references),
  });
  const events = createEventsComponent(context, {
    // Every component that keeps ids of events, projects, clusters or people.
    references: combineReferences(
      qr.ports.references,
      kits.ports.references,
      worldCafe.ports.references,
      exhibitions.ports.references,
    ),
    dashboardNotices: { 'late-materials': exhibitions.ports.lateMaterialsNotice },
  });
  return {
    auth,
    mail,
    events,
    calendars: createCalendarsComponent(context),
    print: createPrintComponent(context),
    qr,
    invitations: createInvitationsComponent(context),
    exhibitions,
    worldCafe,
    kits,
  };
}

/** Wires middleware and components. No listening, no connecting, no env reads. */
export function createApp(deps: AppDeps): App {
  const context: AppContext = {
    config: deps.config,
    logger: deps.logger,
    clock: deps.clock ?? (() => new Date()),
    registry: new OpenAPIRegistry(),
  };
  const components = createComponents(context, deps.mailTransport);
  const { auth, mail, events, calendars, print, qr, invitations, exhibitions, worldCafe, kits } =
    components;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  // The scan path's 302s first: they set their own few headers (see qr/scan.routes.ts).
  app.use(qr.routers.scan);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null },
      },
    }),
  );
  // Visitors' scans and landing pages answer before the access log, which would keep
  // their IP addresses and user agents (forumkit stores neither for visitors).
  app.use(qr.routers.public);
  app.use(kits.routers.public);
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
  app.use(kits.routers.importBodyParser);
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

  app.use(auth.routers.authenticate);
  app.use(auth.routers.main);
  app.use(mail.routers.main);
  app.use(events.routers.main);
  app.use(calendars.routers.main);
  app.use(print.routers.main);
  app.use(qr.routers.main);
  app.use(invitations.routers.main);
  app.use(exhibitions.routers.main);
  app.use(worldCafe.routers.main);
  app.use(kits.routers.main);

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
  const all = Object.values(components);
  return {
    app,
    context,
    components,
    jobs: all.flatMap((c) => c.jobs),
    endStreams: () => all.forEach((c) => c.endStreams()),
    // In the components' order: auth's password resets queue their e-mail before the
    // scans are written; none of them needs another's stop.
    stop: async () => {
      for (const component of all) await component.stop();
    },
    mail,
    qr,
  };
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
