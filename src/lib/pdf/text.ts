import type { Align, TextStyle } from './layout';
import type { Box } from './units';

type Doc = PDFKit.PDFDocument;

export function applyStyle(doc: Doc, style: TextStyle, size = style.size): Doc {
  return doc.font(style.font).fontSize(size).fillColor(style.colour);
}

/** Height of one line in the style, line gap included. */
export function lineHeight(doc: Doc, style: TextStyle, size = style.size): number {
  applyStyle(doc, style, size);
  return doc.currentLineHeight(true) + style.lineGap;
}

/** Height the text takes when wrapped to `width`, without drawing it. */
export function measureText(
  doc: Doc,
  text: string,
  style: TextStyle,
  width: number,
  size = style.size,
): number {
  if (!text) return 0;
  applyStyle(doc, style, size);
  return doc.heightOfString(text, { width, lineGap: style.lineGap });
}

export type FitOptions = { maxLines?: number; align?: Align; minSize?: number };

/** The height `fitText` will use at most for this text in a box of `width` × `maxHeight`. */
export function fittedHeight(
  doc: Doc,
  text: string,
  style: TextStyle,
  width: number,
  maxHeight: number,
  options: FitOptions = {},
): number {
  if (!text.trim()) return 0;
  const limit = Math.min(
    maxHeight,
    options.maxLines ? options.maxLines * lineHeight(doc, style) : Infinity,
  );
  return Math.min(measureText(doc, text, style, width), limit);
}

/**
 * Draws text wrapped inside a box. When it does not fit, the font shrinks down to
 * `minSize` (if given), then the last visible line ends in an ellipsis — text never
 * spills out of its box. Returns the height used.
 */
export function fitText(
  doc: Doc,
  text: string,
  style: TextStyle,
  box: Box,
  options: FitOptions = {},
): number {
  if (!text.trim()) return 0;
  const limitFor = (size: number) =>
    Math.min(
      box.height,
      options.maxLines ? options.maxLines * lineHeight(doc, style, size) : Infinity,
    );
  let size = style.size;
  if (options.minSize !== undefined) {
    while (
      size > options.minSize &&
      measureText(doc, text, style, box.width, size) > limitFor(size)
    ) {
      size = Math.max(options.minSize, size - 0.5);
    }
  }
  const limit = limitFor(size);
  // Not even one line fits: draw nothing rather than overflow.
  if (limit < lineHeight(doc, style, size) - style.lineGap) return 0;
  const textOptions = {
    width: box.width,
    height: limit,
    ellipsis: '…',
    lineGap: style.lineGap,
    align: options.align ?? style.align,
  };
  const used = Math.min(measureText(doc, text, style, box.width, size), limit);
  applyStyle(doc, style, size);
  doc.text(text, box.x, box.y, textOptions);
  return used;
}
