/** Domain-free PDF building blocks over pdfkit; documents live in src/components/print. */
export { contentDisposition, asciiFileName } from './file-name';
export { drawColourBars, drawLogo } from './decorations';
export { FONT_NAMES, fontData, type FontName } from './fonts';
export { chunk, labelBoxes, labelsPerPage, type Offset } from './label-grid';
export { renderLabelSheet, type LabelSheetOptions } from './label-sheet';
export {
  LayoutError,
  loadLayout,
  parseLayout,
  requireParts,
  type Layout,
  type LabelGrid,
  type QrBlock,
  type TextBlock,
  type TextStyle,
} from './layout';
export { LayoutDocument, pdfToBuffer, type LayoutDocumentOptions } from './layout-document';
export { drawCropMarks, setPageBoxes, slugWidth } from './marks';
export { fillPlaceholders, placeholdersIn, type PlaceholderData } from './placeholders';
export { drawQrCode, type QrDrawing } from './qr-drawing';
export {
  applyStyle,
  fitText,
  fittedHeight,
  lineHeight,
  measureText,
  type FitOptions,
} from './text';
export { mmToPt, ptToMm, PAGE_SIZES_MM, type Box } from './units';
