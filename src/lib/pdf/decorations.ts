import { existsSync } from 'node:fs';
import type { ColourBar } from './layout';
import type { Box } from './units';

/**
 * Project colour bars along the trim edges. Bars touching the edge run into the
 * bleed so no white sliver shows after cutting.
 */
export function drawColourBars(
  doc: PDFKit.PDFDocument,
  bars: ColourBar[],
  trim: Box,
  bleed: number,
): void {
  for (const bar of bars) {
    const extra = bar.offset === 0 ? bleed : 0;
    const spanX = trim.x - bleed;
    const spanY = trim.y - bleed;
    const spanW = trim.width + 2 * bleed;
    const spanH = trim.height + 2 * bleed;
    const t = bar.thickness + extra;
    const rect: [number, number, number, number] =
      bar.edge === 'top'
        ? [spanX, trim.y + bar.offset - extra, spanW, t]
        : bar.edge === 'bottom'
          ? [spanX, trim.y + trim.height - bar.offset - bar.thickness, spanW, t]
          : bar.edge === 'left'
            ? [trim.x + bar.offset - extra, spanY, t, spanH]
            : [trim.x + trim.width - bar.offset - bar.thickness, spanY, t, spanH];
    doc
      .save()
      .rect(...rect)
      .fill(bar.colour)
      .restore();
  }
}

/**
 * Places a logo if its file exists. A layout may name a logo the project has not
 * supplied yet; the document still prints, without it. Returns whether it was drawn.
 */
export function drawLogo(
  doc: PDFKit.PDFDocument,
  logo: { file: string; x: number; y: number; width: number; height?: number },
  origin: { x: number; y: number },
): boolean {
  if (!existsSync(logo.file)) return false;
  try {
    const fit: [number, number] = [logo.width, logo.height ?? logo.width];
    doc.image(
      logo.file,
      origin.x + logo.x,
      origin.y + logo.y,
      logo.height ? { fit } : { width: logo.width },
    );
    return true;
  } catch {
    // An unreadable image is treated like a missing one: the print run matters more.
    return false;
  }
}
