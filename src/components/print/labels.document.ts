import { mmToPt, renderLabelSheet } from '../../lib/pdf';
import { qrScanUrl } from '../qr';
import { formatGeneratedAt } from './formatting';
import { loadPrintLayout } from './print-layouts';

/** One label: its QR code encodes `url`; the other fields fill `{{label.…}}` texts. */
export type PrintLabel = { code: string; url: string; title?: string; subtitle?: string };

export type LabelSheetRequest = {
  /** A label-grid layout in templates/print, e.g. 'qr-labels-3x7' or 'kit-labels-3x7'. */
  layout: string;
  labels: readonly PrintLabel[];
  /** Printer calibration in millimetres (positive: right / down). */
  offsetMm?: { x: number; y: number };
  /** Zone of the "generated" stamp in the footer. */
  timeZone: string;
  now: Date;
};

/**
 * Renders labels on as many sheets as needed. The building block for every label
 * print run (QR registry assets, kit serials): callers supply codes and texts, the
 * layout supplies the sheet geometry and the look. Returns the finished document.
 */
export function renderLabelSheetPdf(request: LabelSheetRequest): PDFKit.PDFDocument {
  const offset = request.offsetMm ?? { x: 0, y: 0 };
  return renderLabelSheet(loadPrintLayout(request.layout), request.labels, {
    data: {
      generatedAt: formatGeneratedAt(request.now, request.timeZone),
      timeZone: request.timeZone,
    },
    createdAt: request.now,
    offset: { x: mmToPt(offset.x), y: mmToPt(offset.y) },
  });
}

/** Labels whose QR codes encode the printed short links `${publicBaseUrl}/q/<code>?s=qr`. */
export function shortLinkLabels(
  publicBaseUrl: string,
  codes: readonly string[],
  texts: { title?: string; subtitle?: string } = {},
): PrintLabel[] {
  return codes.map((code) => ({ code, url: qrScanUrl(publicBaseUrl, code), ...texts }));
}
