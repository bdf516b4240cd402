import { performance } from 'node:perf_hooks';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { renderLabelSheetPdf, shortLinkLabels } from '../src/components/print';
import { fontData, mmToPt, pdfToBuffer } from '../src/lib/pdf';
import { size } from './sizes';

const LABELS = size(250, 25);
const RUNS = size(15, 3);
const BASE_URL = 'https://forumkit.example.org';
const NOW = new Date('2025-05-06T07:00:00Z');
const codes = Array.from({ length: LABELS }, (_, i) => `KIT-${String(i + 1).padStart(4, '0')}`);
const TITLE = 'NEB Impact Model Dominoes';
const SUBTITLE = 'Urban Planning and Design Cluster';

/** The print component: layout from templates/print, placeholders, vector QR, footers. */
function viaComponent(): Promise<Buffer> {
  const doc = renderLabelSheetPdf({
    layout: 'qr-labels-3x7',
    labels: shortLinkLabels(BASE_URL, codes, { title: TITLE, subtitle: SUBTITLE }),
    timeZone: 'Europe/Vilnius',
    now: NOW,
  });
  return pdfToBuffer(doc);
}

/**
 * The same sheets written by hand with pdfkit + qrcode: same stock geometry, fonts,
 * texts and QR size, one rectangle per dark module, no layout engine.
 */
function bare(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, info: { Title: 'QR labels' } });
  const done = pdfToBuffer(doc);
  doc.registerFont('regular', fontData('DejaVuSans'));
  doc.registerFont('bold', fontData('DejaVuSans-Bold'));
  doc.registerFont('mono', fontData('DejaVuSansMono'));
  const mm = mmToPt;
  codes.forEach((code, i) => {
    const slot = i % 21;
    if (i > 0 && slot === 0) doc.addPage();
    const x = mm(7.2) + (slot % 3) * mm(63.5 + 2.5);
    const y = mm(15.15) + Math.floor(slot / 3) * mm(38.1);
    const { modules } = QRCode.create(`${BASE_URL}/q/${code}`, { errorCorrectionLevel: 'H' });
    const unit = mm(34) / (modules.size + 4);
    for (let r = 0; r < modules.size; r++) {
      for (let c = 0; c < modules.size; c++) {
        if (modules.get(r, c))
          doc.rect(x + mm(1.5) + (c + 2) * unit, y + mm(2.05) + (r + 2) * unit, unit, unit);
      }
    }
    doc.fill('#000000');
    const tx = x + mm(36.5);
    doc.font('bold').fontSize(8).fillColor('#111111');
    doc.text(TITLE, tx, y + mm(4), { width: mm(25), height: mm(16), ellipsis: '…' });
    doc.font('regular').fontSize(6.5).fillColor('#555555');
    doc.text(SUBTITLE, tx, y + mm(21), { width: mm(25), height: mm(8), ellipsis: '…' });
    doc.font('mono').fontSize(9).fillColor('#111111');
    doc.text(code, tx, y + mm(30), { width: mm(25), height: mm(5), ellipsis: '…' });
  });
  doc.end();
  return done;
}

async function time(render: () => Promise<Buffer>) {
  await render(); // warm-up: font parsing, JIT
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    bytes = (await render()).length;
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, bytes };
}

/**
 * 250 QR labels (25 in a quick run) on 3×7 sheets (12 pages): the print component against bare pdfkit +
 * qrcode drawing the same sheets. Prints median times and the ratio component / bare.
 */
export async function runPrintBench(): Promise<void> {
  const component = await time(viaComponent);
  const baseline = await time(bare);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(`${LABELS} QR labels (3x7, ${Math.ceil(LABELS / 21)} pages), median of ${RUNS} runs`);
  console.log(`  print component   ${component.median.toFixed(1)} ms  ${kb(component.bytes)}`);
  console.log(`  bare pdfkit+qrcode ${baseline.median.toFixed(1)} ms  ${kb(baseline.bytes)}`);
  console.log(`  ratio component/bare: ${(component.median / baseline.median).toFixed(2)}`);
}

if (require.main === module) {
  runPrintBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
