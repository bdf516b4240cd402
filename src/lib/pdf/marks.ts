import { mmToPt, type Box } from './units';

/** Crop marks sit outside the bleed: this gap, then a mark this long. */
export const CROP_MARK_GAP = mmToPt(2);
export const CROP_MARK_LENGTH = mmToPt(5);

/** Room needed around the trim for the bleed and, if wanted, the crop marks. */
export function slugWidth(bleed: number, cropMarks: boolean): number {
  return cropMarks ? bleed + CROP_MARK_GAP + CROP_MARK_LENGTH : bleed;
}

/**
 * Draws the eight hairlines a printer cuts along, at each corner of the trim box,
 * starting outside the bleed so they never show on the cut piece.
 */
export function drawCropMarks(doc: PDFKit.PDFDocument, trim: Box, bleed: number): void {
  const start = bleed + CROP_MARK_GAP;
  const end = start + CROP_MARK_LENGTH;
  const left = trim.x;
  const right = trim.x + trim.width;
  const top = trim.y;
  const bottom = trim.y + trim.height;
  doc.save().lineWidth(0.25).strokeColor('#000000');
  for (const y of [top, bottom]) {
    doc.moveTo(left - end, y).lineTo(left - start, y);
    doc.moveTo(right + start, y).lineTo(right + end, y);
  }
  for (const x of [left, right]) {
    doc.moveTo(x, top - end).lineTo(x, top - start);
    doc.moveTo(x, bottom + start).lineTo(x, bottom + end);
  }
  doc.stroke().restore();
}

/** Records TrimBox and BleedBox on the page so imposition software knows the cut. */
export function setPageBoxes(doc: PDFKit.PDFDocument, trim: Box, bleed: number): void {
  const pageHeight = doc.page.height;
  // PDF boxes are [llx lly urx ury] with the origin at the bottom left.
  const toPdf = (b: Box) => [b.x, pageHeight - b.y - b.height, b.x + b.width, pageHeight - b.y];
  const data = (doc.page as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary
    .data;
  data.TrimBox = toPdf(trim);
  data.BleedBox = toPdf({
    x: trim.x - bleed,
    y: trim.y - bleed,
    width: trim.width + 2 * bleed,
    height: trim.height + 2 * bleed,
  });
}
