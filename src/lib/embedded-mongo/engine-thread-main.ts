import { parentPort, workerData } from 'node:worker_threads';
import { forwardingLogger } from './logger';
import { startEmbeddedMongo } from './server';
import { sendableFields, type EngineThreadData, type EngineThreadMessage } from './worker-thread';

/** The engine thread's entry point (see worker-thread.ts). */
const port = parentPort;
if (!port) throw new Error('engine-thread-main runs only as a worker thread');
const { logLevel, ...options } = workerData as EngineThreadData;
const post = (message: EngineThreadMessage) => port.postMessage(message);
// Entries go to the caller's logger on the main thread (see startEngineThread).
const logger = forwardingLogger(logLevel ?? 'info', (level, fields, message) => {
  try {
    post({ type: 'log', level, fields: sendableFields(fields), message });
  } catch (err) {
    // A field that cannot be cloned must not fail the engine's work that logged it.
    post({ type: 'log', level, fields: { unsendableFields: String(err) }, message });
  }
});

startEmbeddedMongo({ ...options, logger }).then(
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
