import { AppError } from '../../lib/errors';
import { LayoutError, pdfToBuffer } from '../../lib/pdf';
import { getEvent, listProgrammeItems } from '../events';
import { renderLabelSheetPdf, shortLinkLabels } from './labels.document';
import { LABEL_SHEET_LAYOUTS, type QrLabelsQuery } from './print.schemas';
import { loadPrintLayout } from './print-layouts';
import { renderProgrammeDocument, toProgrammeEvent } from './programme.document';

export type RenderedPdf = { doc: PDFKit.PDFDocument; fileName: string };

/**
 * The programme printout of an event, with a QR code to the event page.
 * Throws 404 for an unknown event, 500 `print_layout_invalid` for a broken layout.
 */
export async function renderEventProgramme(
  eventId: string,
  options: { publicBaseUrl: string; now: Date },
): Promise<RenderedPdf> {
  const event = await getEvent(eventId);
  const items = await listProgrammeItems(eventId);
  const doc = withLayoutErrors(() =>
    renderProgrammeDocument(
      loadPrintLayout('programme'),
      toProgrammeEvent(event, options.publicBaseUrl),
      items,
      options.now,
    ),
  );
  return { doc, fileName: `${event.name} – programme.pdf` };
}

/** The same programme printout as one Buffer, for e-mail attachments. */
export async function renderEventProgrammePdf(
  eventId: string,
  options: { publicBaseUrl: string; now: Date },
): Promise<Buffer> {
  const { doc } = await renderEventProgramme(eventId, options);
  return pdfToBuffer(doc);
}

/** A sheet of QR labels for short codes, each encoding `${publicBaseUrl}/q/<code>`. */
export function renderQrLabels(
  query: QrLabelsQuery,
  options: { publicBaseUrl: string; now: Date },
): RenderedPdf {
  const labels = shortLinkLabels(options.publicBaseUrl, query.codes, {
    title: query.title,
    subtitle: query.subtitle,
  });
  const doc = withLayoutErrors(() =>
    renderLabelSheetPdf({
      layout: LABEL_SHEET_LAYOUTS[query.layout],
      labels,
      offsetMm: { x: query.offsetX, y: query.offsetY },
      timeZone: query.timeZone,
      now: options.now,
    }),
  );
  return { doc, fileName: `qr-labels-${query.layout}-${labels.length}.pdf` };
}

/**
 * A broken layout is a server-side problem (500), but the people who edit layouts
 * are organisers: the answer says which file and field to fix.
 */
export function withLayoutErrors<T>(render: () => T): T {
  try {
    return render();
  } catch (err) {
    if (err instanceof LayoutError) {
      throw new AppError('print_layout_invalid', err.message, 500, { errors: err.problems });
    }
    throw err;
  }
}
