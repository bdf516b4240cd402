import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { createApp, type AppDeps } from '../../src/app';
import { createMailTransport } from '../../src/components/mail';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/lib/logger';
import { clearDatabase, flushBeforeClearing } from './database';

/**
 * scrypt cost (log2 N) of password hashes in tests: 2^8 instead of production's 2^16, so a
 * sign-in costs microseconds rather than a tenth of a second and 64 MiB. Production's cost
 * is tested on its own (auth/password.test.ts, auth/password-hashing-load.test.ts).
 */
export const TEST_PASSWORD_HASH = { cost: 8 } as const;

/** A test configuration: defaults plus whatever the test overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_BASE_URL: 'https://forumkit.test',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'silent',
    PASSWORD_HASH_COST: String(TEST_PASSWORD_HASH.cost),
  });
  return {
    ...base,
    mail: { ...base.mail, dir: mkdtempSync(path.join(tmpdir(), 'forumkit-mail-')) },
    ...overrides,
  };
}

export type TestApp = ReturnType<typeof createApp> & {
  /** The transport the app sends through (the test's own when it passed one). */
  mailTransport: AppDeps['mailTransport'];
};

/** Apps built and not yet closed, with what closes each (see closeTestApp). */
const openApps = new Map<TestApp, () => Promise<void>>();

/**
 * Builds the app as main.ts does, on the shared test database, with indexes in
 * place (unique constraints are part of the behaviour under test). Close it with
 * closeTestApp when the file is done (useTestApp does both); whatever is left open
 * is closed after its test (when built inside one) or at the end of the run.
 */
export async function buildTestApp(overrides: Partial<AppDeps> = {}): Promise<TestApp> {
  const config = overrides.config ?? testConfig();
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const ownTransport = overrides.mailTransport === undefined;
  const mailTransport = overrides.mailTransport ?? createMailTransport(config.mail, logger);
  const built: TestApp = {
    ...createApp({ config, logger, ...overrides, mailTransport }),
    mailTransport,
  };
  await syncIndexesOnce();
  const unregisterFlush = flushBeforeClearing(() => built.qr.scans.flush());
  testScope?.add(built);
  openApps.set(built, async () => {
    unregisterFlush();
    // As main.ts stops: streams end, what requests left is finished, then the jobs
    // (a test may have started the outbox worker), mail last.
    built.endStreams();
    await built.stop();
    for (const job of [...built.jobs].reverse()) await job.stop();
    if (ownTransport) mailTransport.close();
  });
  return built;
}

/**
 * Releases everything an app holds between requests: buffered scans are written, the
 * outbox worker stops, the app's own mail transport closes (createApp's own `endStreams`,
 * `stop` and jobs, as main.ts uses them). Takes the built app or its Express app; closing
 * twice is harmless.
 */
export async function closeTestApp(app: TestApp | TestApp['app'] | undefined): Promise<void> {
  if (!app) return;
  const built = openApps.has(app as TestApp)
    ? (app as TestApp)
    : [...openApps.keys()].find((open) => open.app === app);
  if (!built) return;
  const close = openApps.get(built);
  if (!close) return;
  openApps.delete(built);
  await close();
}

/** Closes every app still open (test/helpers/hooks.ts calls it at the end of each test and of the run). */
export async function closeOpenTestApps(only?: (built: TestApp) => boolean): Promise<number> {
  const apps = [...openApps.keys()].filter((built) => !only || only(built));
  for (const built of apps) await closeTestApp(built);
  return apps.length;
}

/** Apps built while a test (or its beforeEach) runs: closed when that test ends. */
let testScope: Set<TestApp> | undefined;

/** Called by the root hooks around every test. */
export function beginTestScope(): void {
  testScope = new Set();
}

export async function endTestScope(): Promise<void> {
  const apps = testScope ?? new Set<TestApp>();
  testScope = undefined;
  for (const built of apps) await closeTestApp(built);
}

/**
 * One app for the whole file (or describe block), with a clean database before each test:
 *
 *   const fixture = useTestApp();                 // inside describe(...)
 *   it('…', async () => { await request(fixture.app).get('/') … });
 *
 * `overrides` is called once, in the `before` hook (so it may build a config or transport).
 */
export function useTestApp(
  overrides: () => Partial<AppDeps> | Promise<Partial<AppDeps>> = () => ({}),
  options: { clearBeforeEach?: boolean } = {},
): { readonly built: TestApp; readonly app: TestApp['app'] } {
  let built: TestApp | undefined;
  before(async () => {
    built = await buildTestApp(await overrides());
  });
  if (options.clearBeforeEach !== false) beforeEach(clearDatabase);
  after(async () => closeTestApp(built));
  return {
    get built() {
      if (!built) throw new Error('the test app is built in a before hook: use it inside a test');
      return built;
    },
    get app() {
      return this.built.app;
    },
  };
}

let indexesSynced: Promise<unknown> | undefined;

/**
 * Indexes are the same for every app (they belong to the models), so they are made once
 * per run and again only when a model was added since (a test file's own model).
 */
async function syncIndexesOnce(): Promise<void> {
  const modelCount = mongoose.modelNames().length;
  if (indexesSynced && syncedModelCount === modelCount) return void (await indexesSynced);
  syncedModelCount = modelCount;
  indexesSynced = mongoose.syncIndexes();
  await indexesSynced;
}
let syncedModelCount = -1;
