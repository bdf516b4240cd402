import net from 'node:net';
import { silentLogger, type EngineLogger } from './logger';
import type { Doc } from './bson-values';
import { Dispatcher } from './dispatcher';
import { CloseConnection } from './fail-points';
import { Engine } from './engine';
import { expireTtlDocuments } from './ttl';
import { openStorage, type Storage } from './storage';
import { MessageReader } from './message-reader';
import {
  encodeOpMsg,
  encodeOpReply,
  parseMessage,
  ProtocolError,
  type IncomingMessage,
} from './wire-protocol';

export type EmbeddedMongoOptions = {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Directory for the journal and snapshots; undefined keeps everything in memory. */
  dbPath?: string;
  logger?: EngineLogger;
  /** How often TTL indexes, idle cursors and idle transactions are swept. */
  sweepIntervalMs?: number;
  /** Journal size that triggers compaction into a snapshot. */
  compactAfterBytes?: number;
  /**
   * Start on damaged data files with what can be salvaged (a copy of each
   * damaged file is kept); without it the engine refuses to start on them.
   */
  repair?: boolean;
  /**
   * Answer test commands (`configureFailPoint`), as mongod does with
   * enableTestCommands; default: only when the data is kept in memory (tests).
   */
  testCommands?: boolean;
};

export type EmbeddedMongo = {
  host: string;
  port: number;
  /** `mongodb://host:port` without a database name. */
  uri: string;
  stop(): Promise<void>;
};

const QUERY_FAILURE = 2;
const CURSOR_IDLE_MS = 10 * 60_000;
const TRANSACTION_IDLE_MS = 60_000;
const SESSION_IDLE_MS = 30 * 60_000;

/**
 * Starts the engine: recovers `dbPath` (if any), listens, and runs a
 * background sweep (TTL expiry, idle cursors and transactions, compaction) on
 * an unref'd timer that `stop()` clears.
 */
export async function startEmbeddedMongo(
  options: EmbeddedMongoOptions = {},
): Promise<EmbeddedMongo> {
  const logger = options.logger ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const engine = new Engine(logger);
  let storage: Storage | undefined;
  if (options.dbPath) {
    storage = openStorage(options.dbPath, engine, logger, {
      compactAfterBytes: options.compactAfterBytes,
      repair: options.repair,
    });
    engine.setJournal(storage);
  }

  const sockets = new Set<net.Socket>();
  let nextConnectionId = 1;
  const server = net.createServer({ noDelay: true });
  const serverInfo = { host: '', setName: 'rs0', startedAt: new Date() };
  const dispatcher = new Dispatcher(engine, serverInfo, logger, {
    testCommands: options.testCommands ?? !options.dbPath,
  });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, nextConnectionId++, dispatcher, logger);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await storage?.close();
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  serverInfo.host = `${host}:${port}`;

  const sweep = setInterval(() => {
    try {
      expireTtlDocuments(engine, logger);
      engine
        .flush()
        ?.catch((err: unknown) =>
          logger.error({ err }, 'embedded-mongo: journal write failed for TTL deletions'),
        );
      dispatcher.cursors.sweep(CURSOR_IDLE_MS);
      dispatcher.sessions.sweep(TRANSACTION_IDLE_MS, SESSION_IDLE_MS);
      storage?.compactIfLarge();
    } catch (err) {
      logger.error({ err }, 'embedded-mongo: background sweep failed');
    }
  }, options.sweepIntervalMs ?? 1000);
  sweep.unref();

  logger.debug({ host, port, dbPath: options.dbPath ?? null }, 'embedded-mongo: listening');

  let stopped: Promise<void> | undefined;
  return {
    host,
    port,
    uri: `mongodb://${host}:${port}`,
    stop() {
      stopped ??= (async () => {
        clearInterval(sweep);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
        dispatcher.sessions.closeAll();
        dispatcher.cursors.clear();
        engine
          .flush()
          ?.catch((err: unknown) =>
            logger.error({ err }, 'embedded-mongo: journal write failed while stopping'),
          );
        await storage?.close();
        logger.debug({ port }, 'embedded-mongo: stopped');
      })();
      return stopped;
    },
  };
}

/**
 * Reads length-prefixed messages off a socket and answers them in order.
 * Commands run synchronously; a reply that waits for its journal sync holds
 * back the replies after it on the same connection, so replies still go out
 * in request order. A message that cannot be parsed closes the connection
 * (with a log line); the server goes on serving everyone else.
 */
function serveConnection(
  socket: net.Socket,
  connectionId: number,
  dispatcher: Dispatcher,
  logger: EngineLogger,
): void {
  const reader = new MessageReader();
  let requestCounter = 1;
  /** The last reply still waiting for durability, if any; later replies queue behind it. */
  let waiting: Promise<void> | undefined;
  const send = (reply: Buffer | undefined) => {
    if (reply && !socket.destroyed) socket.write(reply);
  };
  const close = (reason: string, err?: unknown) => {
    logger.warn(
      { connectionId, reason, err },
      'embedded-mongo: malformed message, closing connection',
    );
    socket.destroy();
  };
  socket.on('error', (err) => logger.debug({ err, connectionId }, 'embedded-mongo: socket error'));
  socket.on('close', () => {
    if (reader.pendingBytes > 0)
      logger.debug(
        { connectionId, pendingBytes: reader.pendingBytes },
        'embedded-mongo: connection closed in the middle of a message',
      );
  });
  socket.on('data', (chunk: Buffer) => {
    let raws: Buffer[];
    try {
      raws = reader.push(chunk);
    } catch (err) {
      close(err instanceof ProtocolError ? err.message : String(err));
      return;
    }
    for (const raw of raws) {
      let message: IncomingMessage;
      try {
        message = parseMessage(raw);
      } catch (err) {
        close(err instanceof ProtocolError ? err.message : String(err));
        return;
      }
      let reply: ReturnType<typeof answer>;
      try {
        reply = answer(message, connectionId, dispatcher, requestCounter++);
      } catch (err) {
        if (err instanceof CloseConnection) {
          socket.destroy();
          return;
        }
        // Nothing a client sends may take the server down; this connection ends, the rest go on.
        logger.error({ err, connectionId }, 'embedded-mongo: request failed, closing connection');
        socket.destroy();
        return;
      }
      if (!waiting && !(reply instanceof Promise)) {
        send(reply);
        continue;
      }
      const queued: Promise<void> = (waiting ?? Promise.resolve())
        .then(() => reply)
        .then(send)
        .catch((err: unknown) => {
          logger.error({ err, connectionId }, 'embedded-mongo: reply failed, closing connection');
          socket.destroy();
        })
        .finally(() => {
          if (waiting === queued) waiting = undefined;
        });
      waiting = queued;
    }
  });
}

/**
 * Encodes a reply; one BSON cannot hold (a `$group` pushing more than 16 MiB
 * into one document...) is answered with MongoDB's BSONObjectTooLarge instead.
 */
function encodeSafely(encode: (doc: Doc) => Buffer, reply: Doc): Buffer {
  try {
    return encode(reply);
  } catch (err) {
    return encode({
      ok: 0,
      errmsg: `reply could not be encoded as BSON: ${err instanceof Error ? err.message : String(err)}`,
      code: 10334,
      codeName: 'BSONObjectTooLarge',
    });
  }
}

function answer(
  message: IncomingMessage,
  connectionId: number,
  dispatcher: Dispatcher,
  requestId: number,
): Buffer | undefined | Promise<Buffer | undefined> {
  if (message.kind === 'msg') {
    const reply = dispatcher.run(message.body, connectionId);
    if (message.moreToCome)
      return reply instanceof Promise ? reply.then(() => undefined) : undefined;
    const encode = (doc: Doc) => encodeOpMsg(requestId, message.requestId, doc);
    return reply instanceof Promise
      ? reply.then((doc) => encodeSafely(encode, doc))
      : encodeSafely(encode, reply);
  }
  // Legacy OP_QUERY: only commands (`<db>.$cmd`) are served, as MongoDB 6+ does; the driver's first hello comes this way.
  if (!message.collection.endsWith('.$cmd')) {
    return encodeOpReply(
      requestId,
      message.requestId,
      { $err: 'OP_QUERY is no longer supported', code: 5739101, ok: 0 },
      QUERY_FAILURE,
    );
  }
  const db = message.collection.slice(0, -'.$cmd'.length);
  const query = message.query;
  const command: Doc =
    '$query' in query && typeof query.$query === 'object'
      ? { ...(query.$query as Doc) }
      : { ...query };
  command.$db = db;
  const reply = dispatcher.run(command, connectionId);
  const encode = (doc: Doc) => encodeOpReply(requestId, message.requestId, doc);
  return reply instanceof Promise
    ? reply.then((doc) => encodeSafely(encode, doc))
    : encodeSafely(encode, reply);
}
