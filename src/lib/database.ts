import fs from 'node:fs';
import type { Logger } from 'pino';
import { startEmbeddedMongo, startEngineThread } from './embedded-mongo';
import { useTransactionContext } from './transactions';

export type DatabaseMode = 'external' | 'mongod' | 'embedded';
export type RunningDatabase = { uri: string; mode: DatabaseMode; stop(): Promise<void> };

export type StartDatabaseOptions = {
  /** A MongoDB server to use as is (MONGODB_URI). */
  uri?: string;
  /** A `mongod` binary to run (MONGOMS_SYSTEM_BINARY). */
  systemBinary?: string;
  /** Data directory; undefined keeps data in memory. */
  dbPath?: string;
  /** Embedded engine: start on a damaged data directory with what can be salvaged (DB_REPAIR). */
  repair?: boolean;
  /**
   * Embedded engine: run it in a worker thread of its own (npm start), with
   * logs at this level; otherwise it shares the caller's event loop (tests).
   */
  engineThread?: { logLevel: string };
  logger: Logger;
  /** Database name put into the returned URI; default 'forumkit'. */
  dbName?: string;
  /**
   * Finds a mongod binary when `systemBinary` is not given; by default one
   * cached earlier by mongodb-memory-server. Tests pass their own to choose a mode.
   */
  locateMongod?: () => Promise<string | undefined>;
};

const DEFAULT_DB_NAME = 'forumkit';
/** Looking for a cached mongod must never hold up a start (offline it would try to download). */
const MONGOD_LOOKUP_TIMEOUT_MS = 3000;

/**
 * The one way forumkit gets a database: the server named by `uri` ('external');
 * else a real `mongod` started as a one-member replica set when a binary is
 * already on this machine ('mongod'); else the embedded engine ('embedded').
 */
export async function startDatabase(options: StartDatabaseOptions): Promise<RunningDatabase> {
  const { logger } = options;
  // Before anyone connects: queries in a transaction's context join it (see transactions.ts).
  useTransactionContext();
  if (options.uri) {
    const uri = withDatabaseName(options.uri, options.dbName, true);
    logger.info(
      { mode: 'external', uri: redact(uri) },
      `database: external MongoDB at ${redact(uri)}`,
    );
    return { uri, mode: 'external', stop: async () => {} };
  }

  const mongod = await startMongodIfAvailable(options).catch((err: unknown) => {
    logger.warn({ err }, 'database: could not start mongod, falling back to the embedded engine');
    return undefined;
  });
  if (mongod) return mongod;

  if (options.dbPath) fs.mkdirSync(options.dbPath, { recursive: true });
  const engine = options.engineThread
    ? await startEngineThread({
        dbPath: options.dbPath,
        repair: options.repair,
        logLevel: options.engineThread.logLevel,
        logger: logger.child({ component: 'embedded-mongo' }),
      })
    : await startEmbeddedMongo({
        dbPath: options.dbPath,
        repair: options.repair,
        logger: logger.child({ component: 'embedded-mongo' }),
      });
  const uri = withDatabaseName(engine.uri, options.dbName);
  logger.info(
    { mode: 'embedded', uri, dbPath: options.dbPath ?? null },
    `database: embedded engine at ${uri} (${options.dbPath ? `data in ${options.dbPath}` : 'in memory'}${options.engineThread ? ', in its own thread' : ''})`,
  );
  return { uri, mode: 'embedded', stop: () => engine.stop() };
}

/**
 * Starts mongod through mongodb-memory-server, but only with a binary that is
 * already present: the configured one, or one cached by an earlier download.
 * Never downloads (offline machines must fall through quickly).
 */
async function startMongodIfAvailable(
  options: StartDatabaseOptions,
): Promise<RunningDatabase | undefined> {
  const binary =
    options.systemBinary ??
    (await withTimeout((options.locateMongod ?? findCachedMongod)(), MONGOD_LOOKUP_TIMEOUT_MS));
  if (!binary || !fs.existsSync(binary)) {
    if (options.systemBinary)
      options.logger.warn(
        { systemBinary: options.systemBinary },
        'database: MONGOMS_SYSTEM_BINARY does not exist',
      );
    return undefined;
  }
  const { MongoMemoryReplSet } = await import('mongodb-memory-server-core');
  if (options.dbPath) fs.mkdirSync(options.dbPath, { recursive: true });
  const replSet = await MongoMemoryReplSet.create({
    binary: { systemBinary: binary, checkMD5: false },
    replSet: { count: 1, storageEngine: 'wiredTiger' },
    instanceOpts: options.dbPath
      ? [{ dbPath: options.dbPath, storageEngine: 'wiredTiger' }]
      : undefined,
  });
  const uri = withDatabaseName(replSet.getUri(), options.dbName, true);
  options.logger.info(
    { mode: 'mongod', uri, binary, dbPath: options.dbPath ?? null },
    `database: mongod (${binary}) at ${uri}`,
  );
  return {
    uri,
    mode: 'mongod',
    stop: async () => {
      await replSet.stop({ doCleanup: !options.dbPath, force: false });
    },
  };
}

async function findCachedMongod(): Promise<string | undefined> {
  try {
    const { DryMongoBinary } = await import('mongodb-memory-server-core');
    const opts = await DryMongoBinary.generateOptions();
    return await DryMongoBinary.locateBinary(opts);
  } catch {
    return undefined;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}

/**
 * Puts the database name into a mongodb:// URI's path. An explicit `dbName`
 * wins; otherwise a name already in the URI is kept, else the default.
 */
function withDatabaseName(uri: string, dbName: string | undefined, keepExisting = false): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/([^?]*))?(\?.*)?$/.exec(uri);
  if (!match) return uri;
  const [, base, existing, query] = match;
  const name = dbName ?? (keepExisting && existing ? existing : DEFAULT_DB_NAME);
  return `${base}/${name}${query ?? ''}`;
}

function redact(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//***@');
}
