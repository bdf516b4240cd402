import 'dotenv/config';
import type { Server } from 'node:http';
import mongoose from 'mongoose';
import { createApp } from './app';
import { createMailTransport } from './components/mail';
import { loadConfig } from './config';
import { startDatabase } from './lib/database';
import { createGracefulStop } from './lib/http/graceful-stop';
import { createLogger } from './lib/logger';
import { prepareDatabase } from './startup';

/** config → database → app → listen; SIGTERM/SIGINT → finish requests, stop workers, close the database. */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await startDatabase({
    uri: config.database.uri,
    systemBinary: config.database.systemBinary,
    dbPath: config.database.dbPath,
    repair: config.database.repair,
    // The embedded engine gets a thread of its own: PDF/QR rendering and password hashing
    // here never hold up its replies or journal writes.
    engineThread: { logLevel: config.logLevel },
    logger,
  });
  await mongoose.connect(database.uri, { serverSelectionTimeoutMS: 10_000 });
  await prepareDatabase(config, logger);

  const mailTransport = createMailTransport(config.mail, logger);
  const built = createApp({ config, logger, mailTransport });
  for (const job of built.jobs) job.start();

  const server: Server = built.app.listen(config.port, config.host, () => {
    logger.info(
      `forumkit listening on http://${config.host}:${config.port} (public ${config.publicBaseUrl})`,
    );
  });

  const graceful = createGracefulStop(server);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A stuck connection cannot keep the process alive forever: a last-resort exit
    // follows the deadline unless the database is closing (its final snapshot must be
    // written whole; the next start would otherwise redo it).
    const lastResort = setTimeout(() => process.exit(1), 15_000);
    lastResort.unref();
    // Live-wall streams never finish by themselves; end them so the stop can complete.
    built.endStreams();
    // Stop accepting, answer every request on an accepted connection, then close.
    await graceful.stop();
    // What requests left behind: password resets asked for just before the signal still
    // get their e-mail queued; every scan answered is written before the database goes.
    await built.stop();
    // Jobs in reverse start order: the mail outbox (started first) stops last, after
    // everything that queues mail (shift reminders, kit follow-ups).
    for (const job of [...built.jobs].reverse()) await job.stop();
    await mongoose.disconnect();
    mailTransport.close();
    clearTimeout(lastResort);
    await database.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
