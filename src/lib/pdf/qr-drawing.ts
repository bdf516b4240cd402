import { encodeQr, qrRuns, type QrErrorCorrection } from '../qr';

export type QrDrawing = {
  x: number;
  y: number;
  /** Width and height of the whole symbol including its quiet zone, in points. */
  size: number;
  ecl: QrErrorCorrection;
  /** Quiet zone in modules. */
  margin: number;
  colour?: string;
  /** Fill the square first (for QR codes printed over a coloured background). */
  background?: string;
};

/**
 * Draws a QR code as vector rectangles — one filled path of row runs — so it stays
 * crisp at any print size and scales without resampling.
 */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, drawing: QrDrawing): void {
  const matrix = encodeQr(text, drawing.ecl);
  const moduleSize = drawing.size / (matrix.size + drawing.margin * 2);
  doc.save();
  if (drawing.background)
    doc.rect(drawing.x, drawing.y, drawing.size, drawing.size).fill(drawing.background);
  doc.translate(drawing.x, drawing.y).scale(moduleSize);
  for (const run of qrRuns(matrix)) {
    doc.rect(run.col + drawing.margin, run.row + drawing.margin, run.length, 1);
  }
  doc.fill(drawing.colour ?? '#000000');
  doc.restore();
}
