import { once } from 'node:events';
import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app';
import { createMailTransport } from '../src/components/mail';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/lib/logger';

const BURST = 40;
const SIZE = 1024;
const PROBES = 20;

/** Median /health round trip over `count` sequential calls, in ms. */
async function healthLatency(base: string, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const res = await fetch(`${base}/health`);
    await res.arrayBuffer();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * A burst of large, distinct QR PNGs (nothing cached) against a real listening app:
 * how much slower `/health` answers during the burst than when idle. Rendering on the
 * main thread made this ratio in the thousands; off it, it stays small.
 */
export async function runQrImagesBench(): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_BASE_URL: 'https://forumkit.bench',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-01',
    LOG_LEVEL: 'silent',
  });
  const logger = createLogger('silent');
  const mailConfig = { ...config.mail, dir: mkdtempSync(path.join(tmpdir(), 'forumkit-bench-')) };
  const { app } = createApp({
    config: { ...config, mail: mailConfig },
    logger,
    mailTransport: createMailTransport(mailConfig, logger),
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await healthLatency(base, 5); // warm-up
    const idle = await healthLatency(base, PROBES);
    const tag = Date.now();
    const started = performance.now();
    let refused = 0;
    const burst = Promise.all(
      Array.from({ length: BURST }, async (_, i) => {
        const res = await fetch(`${base}/qr/bench-${tag}-${i}.png?size=${SIZE}`);
        await res.arrayBuffer();
        if (res.status === 503) refused += 1;
      }),
    );
    const during = await healthLatency(base, PROBES);
    await burst;
    const burstMs = performance.now() - started;
    console.log(
      `qr: ${BURST} concurrent ${SIZE} px PNGs (distinct, uncached), /health probed meanwhile`,
    );
    console.log(`  /health idle (median)    ${idle.toFixed(2)} ms`);
    console.log(`  /health during burst     ${during.toFixed(2)} ms`);
    console.log(
      `  burst done in            ${burstMs.toFixed(0)} ms (${refused} refused with 503)`,
    );
    console.log(`  ratio during / idle      ${(during / idle).toFixed(2)}×`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
