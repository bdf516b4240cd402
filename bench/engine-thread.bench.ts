import { Worker } from 'node:worker_threads';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { renderLabelSheetPdf, shortLinkLabels } from '../src/components/print';
import { startDatabase } from '../src/lib/database';
import { pdfToBuffer } from '../src/lib/pdf';

const ITEMS = 20_000;
const LOOKUPS = 400;

/**
 * A client in a thread of its own: `LOOKUPS` sequential indexed findOnes,
 * answering with the median milliseconds each. It stands for another app
 * process, so its own timing does not depend on the main thread.
 */
function clientLatency(uri: string): Promise<number> {
  const mongodb = require.resolve('mongodb');
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { MongoClient } = require(${JSON.stringify(mongodb)});
    (async () => {
      const client = await MongoClient.connect(workerData.uri);
      const items = client.db().collection('items');
      const times = [];
      for (let i = 0; i < 50 + workerData.lookups; i++) {
        const started = performance.now();
        await items.findOne({ code: 'c' + ((i * 7919) % workerData.items) });
        if (i >= 50) times.push(performance.now() - started);
      }
      await client.close();
      times.sort((a, b) => a - b);
      parentPort.postMessage(times[Math.floor(times.length / 2)]);
    })();
  `;
  const worker = new Worker(code, {
    eval: true,
    workerData: { uri, lookups: LOOKUPS, items: ITEMS },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (ms: number) => resolve(ms));
    worker.once('error', reject);
  });
}

const codes = Array.from({ length: 63 }, (_, i) => `KIT-${String(i + 1).padStart(4, '0')}`);

function renderPdf(): Promise<Buffer> {
  const doc = renderLabelSheetPdf({
    layout: 'qr-labels-3x7',
    labels: shortLinkLabels('https://forumkit.example.org', codes, {
      title: 'Bench',
      subtitle: 'Sheet',
    }),
    timeZone: 'Europe/Vilnius',
    now: new Date('2025-05-06T07:00:00Z'),
  });
  return pdfToBuffer(doc);
}

/**
 * Indexed findOne latency seen by another client while this process renders
 * PDFs without pause, as a ratio to the same lookups while it is idle: with
 * the engine sharing this process's event loop (as the tests run it) and with
 * the engine in a thread of its own (as `npm start` runs it).
 */
export async function runEngineThreadBench(): Promise<void> {
  if (process.env.MONGODB_URI) return;
  for (const inThread of [false, true]) {
    const database = await startDatabase({
      logger: pino({ level: 'silent' }),
      dbName: 'forumkit_engine_thread_bench',
      engineThread: inThread ? { logLevel: 'silent' } : undefined,
    });
    if (database.mode !== 'embedded') {
      await database.stop();
      return;
    }
    const client = await MongoClient.connect(database.uri);
    try {
      const items = client.db().collection('items');
      await items.createIndex({ code: 1 });
      for (let i = 0; i < ITEMS; i += 1000)
        await items.insertMany(
          Array.from({ length: 1000 }, (_, j) => ({ code: `c${i + j}`, n: i + j })),
        );
      const idle = await clientLatency(database.uri);
      let rendering = true;
      let pdfs = 0;
      const renderer = (async () => {
        while (rendering) {
          await renderPdf();
          pdfs++;
          // As between two requests: the event loop gets one turn, then the next render starts.
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      while (pdfs < 3) await new Promise((resolve) => setTimeout(resolve, 10));
      const before = pdfs;
      const busy = await clientLatency(database.uri);
      const during = pdfs - before;
      rendering = false;
      await renderer;
      const where = inThread ? 'engine in its own thread' : 'engine on the app event loop';
      console.log(
        `engine bench (embedded, ${where}): indexed findOne from another client: idle ${idle.toFixed(3)} ms, ` +
          `while the app renders PDFs (${during} rendered meanwhile) ${busy.toFixed(3)} ms: ${(busy / idle).toFixed(2)}x idle`,
      );
    } finally {
      await client.close();
      await database.stop();
    }
  }
}

if (require.main === module) {
  runEngineThreadBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
