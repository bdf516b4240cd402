import type { LogFormat } from '../logger';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EmbeddedMongo, EmbeddedMongoOptions } from './server';

/** What the thread is told at start: the engine's options that can cross a thread boundary. */
/**
 * The thread cannot share the app's logger, so it builds its own: same level, and the
 * same format as the app's (a worker's stdout is never a terminal, so the choice is
 * made on the main thread and passed in).
 */
export type EngineThreadOptions = Omit<EmbeddedMongoOptions, 'logger'> & {
  logLevel?: string;
  logFormat?: LogFormat;
};

/** Messages from the engine thread. */
export type EngineThreadMessage =
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
  // The entry point next to this file: .ts under the tsx loader, .js when compiled.
  const entry = path.join(__dirname, `engine-thread-main${path.extname(__filename)}`);
  // A worker does not inherit the main thread's loader hooks: under tsx it registers them itself.
  const worker = entry.endsWith('.ts')
    ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, {
        eval: true,
        workerData: options,
      })
    : new Worker(entry, { workerData: options });
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
