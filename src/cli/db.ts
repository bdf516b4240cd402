import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from '../lib/embedded-mongo';
import { createLogger } from '../lib/logger';

const USAGE =
  'usage: npm run db -- [--port 27017] [--host 127.0.0.1] [--dbpath ./data/db] [--log-level info] [--repair]\n' +
  '  --repair  start on a damaged journal or snapshot with what can be salvaged (the damaged file is kept)';

/** A wrong command line: its message and the usage go to stderr, exit code 2. */
class UsageError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parseCommandLine() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '27017' },
        host: { type: 'string', default: '127.0.0.1' },
        dbpath: { type: 'string' },
        'log-level': { type: 'string', default: process.env.LOG_LEVEL ?? 'info' },
        repair: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const port = /^\d+$/.test(values.port) ? Number(values.port) : Number.NaN;
  if (!(port >= 0 && port <= 65535))
    throw new UsageError(`--port must be a number from 0 to 65535, got '${values.port}'`);
  if (values.dbpath === '') throw new UsageError('--dbpath must not be empty');
  if (!LOG_LEVELS.includes(values['log-level']))
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  return { ...values, port };
}

/**
 * Runs the embedded engine in the foreground so that mongosh, Compass or
 * mongodump can connect:  npm run db -- --port 27017 --dbpath ./data/db
 * Without --dbpath the data lives in memory and is gone on exit.
 */
async function main(): Promise<void> {
  const values = parseCommandLine();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port;
  const logger = createLogger(values['log-level']);
  const engine = await startEmbeddedMongo({
    port,
    host: values.host,
    dbPath: values.dbpath,
    repair: values.repair,
    logger,
  });
  logger.info(
    { uri: engine.uri, dbPath: values.dbpath ?? null },
    `embedded MongoDB-compatible engine listening on ${engine.uri} (${values.dbpath ? `data in ${values.dbpath}` : 'in memory'})`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    engine.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(`${err.message}\n${USAGE}`);
    process.exit(2);
  }
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
