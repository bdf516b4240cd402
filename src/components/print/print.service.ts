import { AppError } from '../../lib/errors';
import { LayoutError, pdfToBuffer } from '../../lib/pdf';
import { countryName, getEvent, getProject, listProgrammeItems } from '../events';
import {
  ensureEventPageQrCode,
  getQrCode,
  getResource,
  getPostcardsByIds,
  listPostcards,
  qrScanUrl,
  readMediaFile,
  requireRegisteredCodes,
  type PostcardView,
} from '../qr';
import { renderLabelSheetPdf, shortLinkLabels } from './labels.document';
import { LABEL_SHEET_LAYOUTS, type PostcardsQuery, type QrLabelsQuery } from './print.schemas';
import {
  renderPostcardsDocument,
  renderPosterDocument,
  type PostcardData,
} from './qr-outputs.document';
import { formatDateRange } from './formatting';
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
  // The printed QR goes through the event's "event page" code, so it can be retargeted later.
  const code = await ensureEventPageQrCode(eventId, options.publicBaseUrl);
  const doc = withLayoutErrors(() =>
    renderProgrammeDocument(
      loadPrintLayout('programme'),
      toProgrammeEvent(event, options.publicBaseUrl, qrScanUrl(options.publicBaseUrl, code.code)),
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

/**
 * A sheet of QR labels for registered codes, each encoding `${publicBaseUrl}/q/<code>?s=qr`.
 * Throws 400 `unregistered_qr_codes` naming codes the registry does not know (they
 * would lead a visitor to a 404). Without a title, each label carries its code's label.
 */
export async function renderQrLabels(
  query: QrLabelsQuery,
  options: { publicBaseUrl: string; now: Date },
): Promise<RenderedPdf> {
  const registered = await requireRegisteredCodes(query.codes, options.publicBaseUrl);
  const labels = registered.map((code) => ({
    ...shortLinkLabels(options.publicBaseUrl, [code.code])[0]!,
    title: query.title || code.label,
    subtitle: query.subtitle || undefined,
  }));
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

const TYPE_NAMES: Record<string, string> = {
  deliverable: 'Deliverable',
  booklet: 'Booklet',
  film: 'Film',
  game: 'Game',
  other: 'Resource',
};

/** '2026-12' → "December 2026"; '2025-09-30' → "30 September 2025". */
function publicationDate(value: string | undefined, kind: 'published' | 'due'): string {
  if (!value) return '';
  const text =
    value.length === 7
      ? formatDateRange(`${value}-01`, `${value}-01`, 'month')
      : formatDateRange(value, value);
  return kind === 'due' ? `Due ${text}` : `Published ${text}`;
}

/** The QR poster of a resource (A4 or A3): its QR code is the resource's own registered code. */
export async function renderResourcePoster(
  resourceId: string,
  size: 'A4' | 'A3',
  options: { publicBaseUrl: string; now: Date },
): Promise<RenderedPdf> {
  const resource = await getResource(resourceId);
  const project = await getProject(resource.projectId);
  const code = await getQrCode(resource.qrCodeId ?? '', options.publicBaseUrl);
  const cover = resource.coverUrl ? await readMediaFile(resource.coverUrl) : undefined;
  const timeZone = resource.eventIds[0] ? (await getEvent(resource.eventIds[0])).timeZone : 'UTC';
  const title = [resource.deliverableCode, resource.title].filter(Boolean).join(' ');
  const doc = withLayoutErrors(() =>
    renderPosterDocument(
      loadPrintLayout(`qr-poster-${size.toLowerCase()}`),
      [
        {
          title,
          code: code.code,
          project: project.acronym,
          kind: TYPE_NAMES[resource.type] ?? 'Resource',
          date: publicationDate(resource.publishedOn, resource.dateKind),
          qrUrl: qrScanUrl(options.publicBaseUrl, code.code),
          shortAddress: code.url.replace(/^https?:\/\//, ''),
          cover,
        },
      ],
      { now: options.now, timeZone },
    ),
  );
  return { doc, fileName: `${title} – poster ${size}.pdf` };
}

/**
 * The postcards print run of a selection (ids, an event or a project): A6 duplex,
 * front and back per card, each back's QR the postcard's own code.
 */
export async function renderPostcardsRun(
  query: PostcardsQuery,
  options: { publicBaseUrl: string; now: Date },
): Promise<RenderedPdf> {
  let cards: PostcardView[];
  if (query.ids.length) cards = await getPostcardsByIds(query.ids);
  else {
    cards = (
      await listPostcards({
        page: 1,
        limit: 200,
        eventId: query.eventId,
        projectId: query.projectId,
      })
    ).items;
  }
  if (!cards.length) throw new AppError('no_postcards', 'No postcards match this selection', 400);
  const projects = new Map<string, string>();
  const data: PostcardData[] = [];
  for (const card of cards) {
    if (!projects.has(card.projectId))
      projects.set(card.projectId, (await getProject(card.projectId)).acronym);
    const code = await getQrCode(card.qrCodeId ?? '', options.publicBaseUrl);
    data.push({
      city: card.city,
      country: countryName(card.country),
      project: projects.get(card.projectId)!,
      story: card.story ?? '',
      qrUrl: qrScanUrl(options.publicBaseUrl, code.code),
      shortAddress: code.url.replace(/^https?:\/\//, ''),
      front: card.frontUrl ? await readMediaFile(card.frontUrl) : undefined,
    });
  }
  const doc = withLayoutErrors(() =>
    renderPostcardsDocument(loadPrintLayout('postcard-a6'), data, { now: options.now }),
  );
  return { doc, fileName: `postcards-${cards.length}.pdf` };
}
