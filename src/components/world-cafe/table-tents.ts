import PDFDocument from 'pdfkit';
import { drawQrCode, fontData, mmToPt, pdfToBuffer } from '../../lib/pdf';

/** What one tent shows; the links are complete URLs, encoded into the QR codes as they are. */
export type TentInput = {
  number: number;
  lead?: string;
  objectives: string[];
  captureUrl: string;
  /** Absent when the session's wall is link-protected: its link belongs on the room's screen only. */
  wallUrl?: string;
  /**
   * The table's registry code as its printed symbol encodes it (`/q/<code>?s=qr`):
   * it leads to the table's public page (voting, wall, report) and its scans are counted.
   */
  tableCodeUrl: string;
};

const A4 = { width: mmToPt(210), height: mmToPt(297) };
const HALF = A4.height / 2;
const MARGIN = mmToPt(14);
const QR_SIZE = mmToPt(42);

/**
 * Table tents: one A4 page per table, folded across the middle so it stands on the
 * table. The lower half faces the host (capture link); the upper half is drawn
 * upside down so that, folded, it stands upright towards the visitors (the wall,
 * and the table's registry code leading to its page and the voting page). User text is drawn as text, never interpreted.
 */
export async function renderTableTents(
  sessionTitle: string,
  tents: TentInput[],
  createdAt: Date,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: { Title: `Table tents — ${sessionTitle}`, Creator: 'forumkit', CreationDate: createdAt },
  });
  doc.registerFont('body', fontData('DejaVuSans'));
  doc.registerFont('bold', fontData('DejaVuSans-Bold'));
  const done = pdfToBuffer(doc);
  for (const tent of tents) {
    doc.addPage();
    foldLine(doc);
    // Visitors' side: rotate the upper half by 180° around its centre.
    doc.save();
    doc.rotate(180, { origin: [A4.width / 2, HALF / 2] });
    half(doc, sessionTitle, tent, 'visitors');
    doc.restore();
    doc.save();
    doc.translate(0, HALF);
    half(doc, sessionTitle, tent, 'host');
    doc.restore();
  }
  doc.end();
  return done;
}

function foldLine(doc: PDFKit.PDFDocument): void {
  doc.save();
  doc
    .moveTo(MARGIN, HALF)
    .lineTo(A4.width - MARGIN, HALF)
    .dash(4, { space: 4 });
  doc.lineWidth(0.5).strokeColor('#888888').stroke();
  doc.restore();
}

function half(
  doc: PDFKit.PDFDocument,
  sessionTitle: string,
  tent: TentInput,
  side: 'host' | 'visitors',
): void {
  const textWidth = A4.width - MARGIN * 3 - QR_SIZE;
  let y = MARGIN;
  doc.fillColor('#000000').font('bold').fontSize(40);
  doc.text(`Table ${tent.number}`, MARGIN, y, { width: textWidth, lineBreak: false });
  y += 48;
  if (tent.lead) {
    doc.font('bold').fontSize(16).text(tent.lead, MARGIN, y, { width: textWidth, height: 40 });
    y = doc.y + 6;
  }
  doc.font('body').fontSize(10).fillColor('#444444');
  doc.text(sessionTitle, MARGIN, y, { width: textWidth, height: 28, ellipsis: true });
  y = doc.y + 8;
  doc.fillColor('#000000').font('bold').fontSize(11).text('Objectives', MARGIN, y);
  y = doc.y + 2;
  const bottom = HALF - MARGIN;
  doc.font('body').fontSize(10);
  tent.objectives.forEach((objective, i) => {
    if (y >= bottom - 12) return;
    doc.text(`${i + 1}. ${objective}`, MARGIN, y, {
      width: textWidth,
      height: bottom - y,
      ellipsis: true,
    });
    y = doc.y + 3;
  });

  const qrX = A4.width - MARGIN - QR_SIZE;
  if (side === 'host') {
    qr(doc, tent.captureUrl, qrX, MARGIN, 'Capture notes');
    doc.font('body').fontSize(8).fillColor('#444444');
    doc.text(
      'Facilitators: keep this side towards you. The code opens this table only.',
      qrX,
      doc.y + 4,
      {
        width: QR_SIZE,
      },
    );
  } else {
    let qrY = MARGIN;
    if (tent.wallUrl) {
      qr(doc, tent.wallUrl, qrX, qrY, 'Live wall');
      qrY += QR_SIZE + 22;
    }
    qr(doc, tent.tableCodeUrl, qrX, qrY, 'This table · vote');
  }
}

function qr(doc: PDFKit.PDFDocument, url: string, x: number, y: number, caption: string): void {
  drawQrCode(doc, url, { x, y, size: QR_SIZE, ecl: 'M', margin: 4 });
  doc.font('bold').fontSize(9).fillColor('#000000');
  doc.text(caption, x, y + QR_SIZE + 2, { width: QR_SIZE, align: 'center', lineBreak: false });
}
