import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import express from 'express';
import mongoose, { Types } from 'mongoose';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { createApp } from '../src/app';
import { createMailTransport } from '../src/components/mail';
import {
  loadPrintLayout,
  renderLabelSheetPdf,
  renderPostcardsDocument,
  shortLinkLabels,
  type PostcardData,
} from '../src/components/print';
import { createQrCode, scanStats, writeScans, type IncomingScan } from '../src/components/qr';
import { loadConfig } from '../src/config';
import { fontData, mmToPt, pdfToBuffer } from '../src/lib/pdf';
import { startDatabase } from '../src/lib/database';
import { createLogger } from '../src/lib/logger';
import { quick } from './sizes';

/**
 * The QR registry's hot paths against bare baselines in this process:
 *  1. the scan path /q/<code> (recording every scan) vs a bare Express 302, autocannon
 *     at 100 connections; afterwards every answered scan must be counted;
 *  2. the stats of a code over 1,000,000 recorded scans vs over 100,000;
 *  3. 27 duplex postcards + a 250-code QR sheet vs bare pdfkit drawing the same.
 * `npm run bench -- --quick` (or `QR_BENCH_QUICK=1`) shortens the runs (2 s, 5,000 vs 50,000 scans).
 */
const QUICK = quick || process.env.QR_BENCH_QUICK === '1';
const DURATION_S = QUICK ? 2 : 10;
const ROUNDS = QUICK ? 1 : 5;
type Run = Awaited<ReturnType<typeof cannon>>;
const PHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const BASE = 'https://forumkit.example.org';

/**
 * Serves `handler`, counting the 302s it answered (autocannon leaves out answers that
 * arrive after its deadline). An answer counts once it was handed to the connection
 * ('finish'); a request read on a connection the client had already closed gets no
 * answer and is no scan (autocannon closes its 100 connections at the end of each round).
 */
async function listen(
  handler: express.Express,
): Promise<{ url: string; server: Server; redirects: () => number }> {
  let redirects = 0;
  const server = createServer((req, res) => {
    res.on('finish', () => {
      if (res.statusCode === 302) redirects++;
    });
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    redirects: () => redirects,
  };
}

/** Graceful, as main.ts stops: requests in flight finish, idle keep-alive sockets close. */
const close = (server: Server) =>
  new Promise<void>((r) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.close(() => {
      clearInterval(sweep);
      r();
    });
    server.closeIdleConnections();
  });

async function cannon(url: string, seconds: number) {
  const result = await autocannon({
    url,
    connections: 100,
    duration: seconds,
    headers: { 'user-agent': PHONE },
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    answered: result['3xx'],
    other: result['1xx'] + result['2xx'] + result['4xx'] + result['5xx'] + result.errors,
  };
}

async function scanPathBench() {
  const config = {
    // Production mode: templates compiled once, as a deployment runs.
    ...loadConfig({
      NODE_ENV: 'production',
      PUBLIC_BASE_URL: BASE,
      LOG_LEVEL: 'silent',
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0',
    }),
    mail: { from: 'bench <bench@example.org>', dir: mkdtempSync(path.join(tmpdir(), 'qr-bench-')) },
  };
  const logger = createLogger('silent');
  const built = createApp({
    config,
    logger,
    mailTransport: createMailTransport(config.mail, logger),
  });
  await mongoose.syncIndexes();
  const code = await createQrCode(
    { kind: 'other', label: 'bench', target: { url: 'https://example.org/landing' } },
    BASE,
  );
  const bare = express();
  bare.disable('x-powered-by');
  bare.get('/q/:code', (_req, res) => {
    res.set('Cache-Control', 'private, no-store').redirect(302, 'https://example.org/landing');
  });
  const baseline = await listen(bare);
  const app = await listen(built.app);
  const target = (u: string) => `${u}/q/${code.code}?s=qr`;
  // Warm-up both (JIT, caches), then the measured runs; the warm-up's scans count too.
  await cannon(target(baseline.url), 2);
  const warm = await cannon(target(app.url), 2);
  // Alternating rounds, each pair compared on its own, and the median pair reported:
  // the machine is shared, and a burst of someone else's work during one long run
  // would otherwise decide the ratio.
  const pairs: { bare: Run; app: Run }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const bareRun = await cannon(target(baseline.url), DURATION_S / ROUNDS);
    const appRun = await cannon(target(app.url), DURATION_S / ROUNDS);
    pairs.push({ bare: bareRun, app: appRun });
  }
  await close(baseline.server);
  await close(app.server);
  await built.qr.stop();
  const stats = await scanStats([code.id], { timeZone: 'UTC' });
  const answered = app.redirects();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  const throughput = median(pairs.map((p) => p.app.rps / p.bare.rps));
  const p99 = median(pairs.map((p) => p.app.p99 / Math.max(1, p.bare.p99)));
  console.log(
    `scan path, autocannon 100 connections, ${ROUNDS} alternating rounds of ${DURATION_S / ROUNDS} s each`,
  );
  pairs.forEach((p, i) =>
    console.log(
      `  round ${i + 1}: bare Express 302 ${p.bare.rps.toFixed(0)} req/s p99 ${p.bare.p99} ms · /q/<code> recorded ${p.app.rps.toFixed(0)} req/s p99 ${p.app.p99} ms`,
    ),
  );
  console.log(
    `  median ratio throughput ${throughput.toFixed(2)} (≥ 0.70), p99 ${p99.toFixed(2)} (≤ 2.00)`,
  );
  const other = pairs.reduce((n, p) => n + p.app.other, warm.other);
  console.log(
    `  scans counted ${stats.scans} of ${answered} 302s the app sent${stats.scans === answered ? ' (exact)' : ' — MISMATCH'}; other answers ${other}`,
  );
}

/**
 * Records `count` scans of one code, in time order over 30 days (1,000 visitors), through
 * the recorder's writer in batches of 5,000 — like flushes, each batch covers a stretch
 * of time, so a code's counters hold at most one document per hour and slot.
 */
async function recordScans(qrCodeId: Types.ObjectId, count: number) {
  const start = Date.parse('2025-04-01T00:00:00Z');
  const span = 30 * 24 * 3600 * 1000;
  const batchSize = 5000;
  for (let done = 0; done < count; done += batchSize) {
    const batch: IncomingScan[] = [];
    for (let i = done; i < Math.min(count, done + batchSize); i++) {
      batch.push({
        qrCodeId,
        at: new Date(start + Math.floor((i / count) * span)),
        device: i % 5 ? 'mobile' : 'desktop',
        viaQr: i % 4 !== 0,
        bot: i % 50 === 0,
        ip: `10.0.${(i >> 8) % 4}.${i % 250}`,
        userAgent: PHONE,
      });
    }
    await writeScans(batch);
  }
}

async function timeMedian(work: () => Promise<unknown>, runs = 9) {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(runs / 2)]!;
}

async function statsBench() {
  const small = QUICK ? 5_000 : 100_000;
  const large = QUICK ? 50_000 : 1_000_000;
  const a = new Types.ObjectId();
  const b = new Types.ObjectId();
  const t = performance.now();
  await recordScans(a, small);
  await recordScans(b, large);
  const recordMs = performance.now() - t;
  const stats = (id: Types.ObjectId) => scanStats([id.toString()], { timeZone: 'Europe/Vilnius' });
  const checkA = await stats(a);
  const checkB = await stats(b);
  const small_ms = await timeMedian(() => stats(a));
  const large_ms = await timeMedian(() => stats(b));
  console.log(
    `stats of one code (30 days), median of 9; recording took ${(recordMs / 1000).toFixed(0)} s`,
  );
  console.log(
    `  ${small.toLocaleString('en')} scans   ${small_ms.toFixed(1)} ms (counted ${checkA.scans + checkA.botScans})`,
  );
  console.log(
    `  ${large.toLocaleString('en')} scans ${large_ms.toFixed(1)} ms (counted ${checkB.scans + checkB.botScans})`,
  );
  console.log(`  ratio ${(large_ms / small_ms).toFixed(2)} (≤ 1.50)`);
}

const CITIES = Array.from({ length: 27 }, (_, i) => `Cluster City ${i + 1}`);
const STORY =
  'A harbour town where the old quays became a park; the city now plans its waterfront with its neighbours. '.repeat(
    3,
  );
const codes = Array.from({ length: 250 }, (_, i) => `c${String(i).padStart(6, '0')}`);
const NOW = new Date('2025-05-06T07:00:00Z');

async function viaComponent() {
  const cards: PostcardData[] = CITIES.map((city, i) => ({
    city,
    country: 'Lithuania',
    project: 'Re-Value',
    story: STORY,
    qrUrl: `${BASE}/q/pc${String(i).padStart(5, '0')}?s=qr`,
    shortAddress: `forumkit.example.org/q/pc${String(i).padStart(5, '0')}`,
  }));
  const postcards = pdfToBuffer(
    renderPostcardsDocument(loadPrintLayout('postcard-a6'), cards, { now: NOW }),
  );
  const sheet = pdfToBuffer(
    renderLabelSheetPdf({
      layout: 'qr-labels-3x7',
      labels: shortLinkLabels(BASE, codes, { title: 'NEB Impact Model Dominoes' }),
      timeZone: 'Europe/Vilnius',
      now: NOW,
    }),
  );
  return (await postcards).length + (await sheet).length;
}

function bareQr(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  size: number,
  margin: number,
) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'Q' });
  const unit = size / (modules.size + 2 * margin);
  for (let r = 0; r < modules.size; r++)
    for (let c = 0; c < modules.size; c++)
      if (modules.get(r, c)) doc.rect(x + (c + margin) * unit, y + (r + margin) * unit, unit, unit);
  doc.fill('#000000');
}

/** The same pages by hand: A6 + 3 mm bleed + crop-mark slug, front fill and names, back text and QR; then the sheet. */
async function bare() {
  const mm = mmToPt;
  const slug = mm(3 + 7);
  const media: [number, number] = [mm(105) + 2 * slug, mm(148) + 2 * slug];
  const doc = new PDFDocument({ size: media, margin: 0, autoFirstPage: false });
  const done = pdfToBuffer(doc);
  doc.registerFont('regular', fontData('DejaVuSans'));
  doc.registerFont('bold', fontData('DejaVuSans-Bold'));
  doc.registerFont('mono', fontData('DejaVuSansMono'));
  const marks = () => {
    doc.save().lineWidth(0.25).strokeColor('#000000');
    for (const [x, y] of [
      [slug, slug],
      [slug + mm(105), slug],
      [slug, slug + mm(148)],
      [slug + mm(105), slug + mm(148)],
    ] as const) {
      doc
        .moveTo(x, y - slug)
        .lineTo(x, y - mm(3))
        .stroke();
      doc
        .moveTo(x - slug, y)
        .lineTo(x - mm(3), y)
        .stroke();
    }
    doc.restore();
  };
  CITIES.forEach((city, i) => {
    doc.addPage({ size: media, margin: 0 });
    marks();
    doc.rect(slug - mm(3), slug - mm(3), mm(111), mm(154)).fill('#1d5c63');
    doc
      .font('bold')
      .fontSize(22)
      .fillColor('#ffffff')
      .text(city, slug + mm(7), slug + mm(118), {
        width: mm(91),
        height: mm(12),
        lineBreak: false,
      });
    doc
      .font('regular')
      .fontSize(11)
      .text('Lithuania', slug + mm(7), slug + mm(131), {
        width: mm(91),
        height: mm(7),
        lineBreak: false,
      });
    doc.addPage({ size: media, margin: 0 });
    marks();
    doc
      .font('bold')
      .fontSize(14)
      .fillColor('#1d5c63')
      .text(`${city}, Lithuania`, slug + mm(7), slug + mm(8), { width: mm(91), height: mm(8) });
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#5b6670')
      .text('Re-Value', slug + mm(7), slug + mm(17), { width: mm(91), height: mm(5) });
    doc
      .fontSize(8.5)
      .fillColor('#1f2328')
      .text(STORY, slug + mm(7), slug + mm(25), { width: mm(91), height: mm(72), ellipsis: '…' });
    const id = `pc${String(i).padStart(5, '0')}`;
    bareQr(doc, `${BASE}/q/${id}?s=qr`, slug + mm(35), slug + mm(100), mm(35), 4);
    doc
      .font('mono')
      .fontSize(7)
      .fillColor('#1f2328')
      .text(`forumkit.example.org/q/${id}`, slug + mm(7), slug + mm(136), {
        width: mm(91),
        align: 'center',
      });
  });
  doc.end();
  const sheet = new PDFDocument({ size: 'A4', margin: 0 });
  const sheetDone = pdfToBuffer(sheet);
  sheet.registerFont('bold', fontData('DejaVuSans-Bold'));
  sheet.registerFont('mono', fontData('DejaVuSansMono'));
  codes.forEach((code, i) => {
    const slot = i % 21;
    if (i > 0 && slot === 0) sheet.addPage();
    const x = mm(7.2) + (slot % 3) * mm(66);
    const y = mm(15.15) + Math.floor(slot / 3) * mm(38.1);
    bareQr(sheet, `${BASE}/q/${code}?s=qr`, x + mm(1.5), y + mm(2.05), mm(34), 2);
    sheet
      .font('bold')
      .fontSize(8)
      .fillColor('#111111')
      .text('NEB Impact Model Dominoes', x + mm(36.5), y + mm(4), {
        width: mm(25),
        height: mm(16),
      });
    sheet
      .font('mono')
      .fontSize(9)
      .text(code, x + mm(36.5), y + mm(30), { width: mm(25), height: mm(5) });
  });
  sheet.end();
  return (await done).length + (await sheetDone).length;
}

async function printBench() {
  const component = await timeMedian(viaComponent, 7);
  const baseline = await timeMedian(bare, 7);
  console.log('27 duplex postcards (A6, bleed, crop marks) + 250-code QR sheet, median of 7');
  console.log(`  print component ${component.toFixed(0)} ms`);
  console.log(`  bare pdfkit      ${baseline.toFixed(0)} ms`);
  console.log(`  ratio ${(component / baseline).toFixed(2)} (≤ 1.30)`);
}

export async function runQrBench(): Promise<void> {
  // The registry's models live on mongoose's default connection: this bench opens it on
  // its own database and closes it again, whatever ran before it.
  const database = await startDatabase({
    uri: process.env.MONGODB_URI,
    dbName: `forumkit_bench_qr_${process.pid}`,
    // As `npm start` runs it: the embedded engine in a thread of its own, so its work
    // does not share the app's event loop (an external MONGODB_URI is used as is).
    engineThread: { logLevel: 'silent' },
    logger: createLogger('silent'),
  });
  await mongoose.connect(database.uri);
  try {
    await scanPathBench();
    // QR_BENCH_ONLY=scan: the scan path alone (the other two take minutes at full size).
    if (process.env.QR_BENCH_ONLY !== 'scan') {
      await statsBench();
      await printBench();
    }
  } finally {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await database.stop();
  }
}
