import 'dotenv/config';
import type { Server } from 'node:http';
import mongoose from 'mongoose';
import { createApp } from './app';
import { ensureFirstAdmin } from './components/auth';
import { createMailTransport } from './components/mail';
import { loadConfig } from './config';
import { startDatabase } from './lib/database';
import { createLogger } from './lib/logger';
import { seedIfEmpty } from '../seeds';

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
  await mongoose.syncIndexes();
  if (config.seedOnEmpty) await seedIfEmpty(logger);
  await ensureFirstAdmin(config, logger);

  const mailTransport = createMailTransport(config.mail, logger);
  const { app, mail } = createApp({ config, logger, mailTransport });
  mail.worker.start();

  const server: Server = app.listen(config.port, config.host, () => {
    logger.info(
      `forumkit listening on http://${config.host}:${config.port} (public ${config.publicBaseUrl})`,
    );
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A stuck connection cannot keep the process alive forever: after the deadline open
    // connections are cut, and a last-resort exit follows unless the database is closing
    // (its final snapshot must be written whole; the next start would otherwise redo it).
    const deadline = setTimeout(() => server.closeAllConnections(), 10_000);
    const lastResort = setTimeout(() => process.exit(1), 15_000);
    deadline.unref();
    lastResort.unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive sockets with no request in flight would hold close() open until their
    // idle timeout; in-flight requests finish, and their sockets close as they go idle.
    server.closeIdleConnections();
    const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
    await closed;
    clearInterval(idleSweep);
    await mail.worker.stop();
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
