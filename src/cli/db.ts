import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from '../lib/embedded-mongo';
import { createLogger } from '../lib/logger';

/**
 * Runs the embedded engine in the foreground so that mongosh, Compass or
 * mongodump can connect:  npm run db -- --port 27017 --dbpath ./data/db
 * Without --dbpath the data lives in memory and is gone on exit.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '27017' },
      host: { type: 'string', default: '127.0.0.1' },
      dbpath: { type: 'string' },
      'log-level': { type: 'string', default: process.env.LOG_LEVEL ?? 'info' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      'usage: npm run db -- [--port 27017] [--host 127.0.0.1] [--dbpath ./data/db] [--log-level info]',
    );
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid --port ${values.port}`);
  const logger = createLogger(values['log-level']);
  const engine = await startEmbeddedMongo({
    port,
    host: values.host,
    dbPath: values.dbpath,
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
      () => process.exit(0),
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
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
