import { Worker } from 'node:worker_threads';

/**
 * PNG rendering off the event loop. The qrcode library fills and deflates every pixel
 * in JavaScript: a 1024 px image takes about a tenth of a second of CPU, and a burst
 * of them on the main thread stalls every other request. One worker thread renders
 * them one after another; the main thread only posts the job and waits.
 *
 * The worker is plain CommonJS passed as source (`eval`), so the same code runs under
 * tsx and from the compiled `dist/` without a separate build step for it.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const QRCode = require(workerData.qrcodePath);
parentPort.on('message', ({ id, text, options }) => {
  QRCode.toBuffer(text, options).then(
    (body) => parentPort.postMessage({ id, body }),
    (err) => parentPort.postMessage({ id, error: String((err && err.message) || err) }),
  );
});
`;

/** Thrown when more renders wait than the queue holds: the caller answers 503. */
export class QrRendererBusyError extends Error {
  constructor() {
    super('QR renderer queue is full');
    this.name = 'QrRendererBusyError';
  }
}

/** What qrcode's toBuffer takes for a PNG (passed through to the worker as is). */
export type QrPngJob = {
  text: string;
  options: {
    type: 'png';
    errorCorrectionLevel: string;
    margin: number;
    width: number;
    color: { dark: string; light: string };
  };
};

export type QrPngRenderer = {
  render(job: QrPngJob): Promise<Buffer>;
  /** Jobs waiting or running. */
  pending(): number;
  close(): Promise<void>;
};

type Waiting = { resolve: (body: Buffer) => void; reject: (err: Error) => void };

/**
 * A renderer with one lazily started worker and at most `maxPending` jobs queued
 * (beyond that `render` rejects with QrRendererBusyError at once). The worker keeps the
 * process alive only while it has work; it is restarted after a crash.
 */
export function createQrPngRenderer(options: { maxPending?: number } = {}): QrPngRenderer {
  const maxPending = options.maxPending ?? 64;
  const waiting = new Map<number, Waiting>();
  let worker: Worker | undefined;
  let nextId = 1;

  function start(): Worker {
    const started = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { qrcodePath: require.resolve('qrcode') },
    });
    started.on('message', (message: { id: number; body?: Uint8Array; error?: string }) => {
      const job = waiting.get(message.id);
      if (!job) return;
      waiting.delete(message.id);
      if (waiting.size === 0) started.unref();
      if (message.body) job.resolve(Buffer.from(message.body));
      else job.reject(new Error(message.error ?? 'QR rendering failed'));
    });
    const fail = (err: Error) => {
      if (worker === started) worker = undefined;
      for (const job of waiting.values()) job.reject(err);
      waiting.clear();
    };
    started.on('error', fail);
    started.on('exit', (code) => fail(new Error(`QR worker stopped (exit code ${code})`)));
    return started;
  }

  return {
    render(job) {
      if (waiting.size >= maxPending) return Promise.reject(new QrRendererBusyError());
      worker ??= start();
      const id = nextId++;
      const running = worker;
      running.ref();
      return new Promise<Buffer>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        running.postMessage({ id, ...job });
      });
    },
    pending: () => waiting.size,
    async close() {
      const running = worker;
      worker = undefined;
      if (running) await running.terminate();
    },
  };
}
