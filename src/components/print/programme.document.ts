import { countryName, type EventView, type ProgrammeItemView } from '../events';
import { LayoutDocument, mmToPt, requireParts, type Layout } from '../../lib/pdf';
import {
  formatDateRange,
  formatDayHeading,
  formatGeneratedAt,
  formatTimeRange,
  localDay,
} from './formatting';
import { ListFlow } from './list-flow';

/** What the programme printout shows about the event (placeholders `{{event.…}}`). */
export type ProgrammeEvent = {
  name: string;
  place: string;
  venue: string;
  city: string;
  country: string;
  dates: string;
  organiser?: string;
  description?: string;
  /** Where the QR code leads: the event's page in forumkit. */
  pageUrl: string;
  /** The event's own web site, if it has one. */
  website?: string;
  timeZone: string;
};

const ROW_GAP = mmToPt(2.2);
const HEADING_GAP = mmToPt(1.5);
const DAY_GAP = mmToPt(3);

const LIST_BLOCKS = ['dayHeading', 'itemTime', 'itemTitle', 'itemMeta', 'itemDescription', 'empty'];

/**
 * Lays out an event programme: the header (title, place and dates, introduction,
 * QR code to the event page) on page one, then the items day by day, breaking
 * pages between rows. Returns the finished document, ready to pipe.
 */
export function renderProgrammeDocument(
  layout: Layout,
  event: ProgrammeEvent,
  items: readonly ProgrammeItemView[],
  now: Date,
): PDFKit.PDFDocument {
  requireParts(layout, {
    regions: ['firstPage', 'nextPages'],
    blocks: ['title', 'subtitle', 'intro', ...LIST_BLOCKS],
    qr: ['event'],
    texts: ['allDay', 'cancelledPrefix'],
  });
  const tz = event.timeZone;
  const document = new LayoutDocument(layout, {
    data: { event, generatedAt: formatGeneratedAt(now, tz), timeZone: tz },
    createdAt: now,
    perElementRoots: ['item', 'day'],
  });
  const block = (name: string) => layout.blocks[name]!;
  document.addPage();
  for (const name of ['title', 'subtitle', 'intro']) document.drawBlock(block(name));
  document.drawQr(layout.qr.event!);

  const list = new ListFlow(document, layout.regions.firstPage!, layout.regions.nextPages!);
  if (items.length === 0) list.place([block('empty')], {});
  let currentDay = '';
  for (const item of items) {
    const day = localDay(item.start, tz);
    const row = {
      item: {
        time: item.allDay ? layout.texts.allDay : formatTimeRange(item.start, item.end, tz),
        title: item.title,
        location: item.location,
        description: item.description,
        statusPrefix: item.status === 'cancelled' ? layout.texts.cancelledPrefix : '',
      },
    };
    const rowParts = [
      block('itemTime'),
      block('itemTitle'),
      block('itemMeta'),
      block('itemDescription'),
    ];
    if (day !== currentDay) {
      if (currentDay) list.skip(DAY_GAP);
      currentDay = day;
      // A heading never ends a page alone: it moves with the first row of its day.
      list.place(
        [block('dayHeading')],
        { day: { label: formatDayHeading(item.start, tz) } },
        list.rowHeight(rowParts, row) + HEADING_GAP,
      );
      list.skip(HEADING_GAP);
    }
    list.place(rowParts, row);
    list.skip(ROW_GAP);
  }
  document.end();
  return document.doc;
}

/**
 * The event's fields as the layout sees them. The QR code always points at the
 * event's forumkit page under the configured public base URL, like every printed QR
 * code: what it leads to can change after printing, an outside address cannot.
 * The event's own web address is `{{event.website}}` for layouts that print it.
 */
export function toProgrammeEvent(
  event: EventView,
  publicBaseUrl: string,
  /** What the QR encodes: the event's "event page" short code when the registry gave one. */
  qrUrl?: string,
): ProgrammeEvent {
  const country = countryName(event.country);
  return {
    name: event.name,
    place: [event.venue, event.city, country].filter(Boolean).join(', '),
    venue: event.venue,
    city: event.city,
    country,
    dates: formatDateRange(event.startDate, event.endDate, event.datePrecision),
    organiser: event.organiser,
    description: event.description,
    pageUrl: qrUrl ?? `${publicBaseUrl.replace(/\/+$/, '')}/e/${event.slug}`,
    website: event.url,
    timeZone: event.timeZone,
  };
}
