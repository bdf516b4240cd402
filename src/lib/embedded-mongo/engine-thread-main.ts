import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../logger';
import { startEmbeddedMongo } from './server';
import type { EngineThreadMessage, EngineThreadOptions } from './worker-thread';

/** The engine thread's entry point (see worker-thread.ts). */
const port = parentPort;
if (!port) throw new Error('engine-thread-main runs only as a worker thread');
const options = workerData as EngineThreadOptions;
const post = (message: EngineThreadMessage) => port.postMessage(message);

startEmbeddedMongo({
  ...options,
  logger: createLogger(options.logLevel ?? 'info', { format: options.logFormat }),
}).then(
  (engine) => {
    port.on('message', (message: { type?: string }) => {
      if (message.type !== 'stop') return;
      engine.stop().then(
        () => post({ type: 'stopped' }),
        (err: unknown) => post({ type: 'stop-failed', message: String(err) }),
      );
    });
    post({ type: 'listening', host: engine.host, port: engine.port, uri: engine.uri });
  },
  (err: unknown) =>
    post({
      type: 'failed',
      message: err instanceof Error ? err.message : String(err),
      name: err instanceof Error ? err.name : 'Error',
    }),
);
