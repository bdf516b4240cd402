import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EngineLogger, EngineLogLevel } from './logger';
import type { EmbeddedMongo, EmbeddedMongoOptions } from './server';

/**
 * The engine's options that can cross a thread boundary, and the caller's logger. A
 * logger cannot cross it, so the thread logs through a stand-in that sends each entry
 * at or above `logLevel` (default `info`) back here, where it goes to `logger`.
 */
export type EngineThreadOptions = Omit<EmbeddedMongoOptions, 'logger'> & {
  logger?: EngineLogger;
  logLevel?: string;
};

/** What the thread is told at start. */
export type EngineThreadData = Omit<EngineThreadOptions, 'logger'>;

/** An error in a log entry, as it crosses the thread boundary. */
type SentError = { name: string; message: string; stack?: string; code?: unknown };

/** Messages from the engine thread. */
export type EngineThreadMessage =
  | { type: 'log'; level: EngineLogLevel; fields: Record<string, unknown>; message?: string }
  | { type: 'listening'; host: string; port: number; uri: string }
  | { type: 'failed'; message: string; name: string }
  | { type: 'stopped' }
  | { type: 'stop-failed'; message: string };

/**
 * Runs the engine in a worker thread of its own, so that CPU work of the app
 * (PDF and QR rendering, password hashing on the thread pool) and the
 * engine's request handling and journal writes never wait on each other. The
 * app reaches it over the loopback socket as any client does. `stop()` asks
 * the thread to finish its journal writes and final snapshot, then ends it.
 */
export function startEngineThread(options: EngineThreadOptions): Promise<EmbeddedMongo> {
  const { logger, ...workerData } = options;
  // The entry point next to this file: .ts under the tsx loader, .js when compiled.
  const entry = path.join(__dirname, `engine-thread-main${path.extname(__filename)}`);
  // A worker does not inherit the main thread's loader hooks: under tsx it registers them itself.
  const worker = entry.endsWith('.ts')
    ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, {
        eval: true,
        workerData,
      })
    : new Worker(entry, { workerData });
  worker.on('message', (m: EngineThreadMessage) => {
    if (m.type === 'log' && logger) logger[m.level](withErrors(m.fields), m.message);
  });
  return new Promise((resolve, reject) => {
    let stopping: Promise<void> | undefined;
    const onStart = (message: EngineThreadMessage) => {
      if (message.type === 'failed') {
        worker.off('message', onStart);
        void worker.terminate();
        const err = new Error(message.message);
        err.name = message.name;
        reject(err);
        return;
      }
      if (message.type !== 'listening') return;
      worker.off('message', onStart);
      resolve({
        host: message.host,
        port: message.port,
        uri: message.uri,
        stop() {
          stopping ??= new Promise<void>((done, fail) => {
            worker.on('message', (m: EngineThreadMessage) => {
              if (m.type === 'stopped') void worker.terminate().then(() => done());
              if (m.type === 'stop-failed')
                void worker.terminate().then(() => fail(new Error(m.message)));
            });
            worker.once('exit', () => done());
            worker.postMessage({ type: 'stop' });
          });
          return stopping;
        },
      });
    };
    worker.on('message', onStart);
    worker.once('error', (err) => reject(err));
    worker.once('exit', (code) => {
      if (!stopping)
        reject(new Error(`the engine thread exited with code ${code} before it listened`));
    });
  });
}

/** Error values in a log entry's fields, made plain so they can be posted to the main thread. */
export function sendableFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] =
      value instanceof Error
        ? ({
            name: value.name,
            message: value.message,
            stack: value.stack,
            code: (value as { code?: unknown }).code,
            error: true,
          } satisfies SentError & { error: true })
        : value;
  }
  return out;
}

/** The other way: plain errors back into Error objects, so the logger formats them as errors. */
function withErrors(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    const sent = value as (SentError & { error?: true }) | null;
    if (sent && typeof sent === 'object' && sent.error === true) {
      const err = new Error(sent.message);
      err.name = sent.name;
      err.stack = sent.stack;
      if (sent.code !== undefined) (err as Error & { code?: unknown }).code = sent.code;
      out[key] = err;
    } else out[key] = value;
  }
  return out;
}
