import PDFDocument from 'pdfkit';
import { fontData } from './fonts';
import { drawColourBars, drawLogo } from './decorations';
import { LayoutError, type Layout, type QrBlock, type TextBlock } from './layout';
import { drawCropMarks, setPageBoxes, slugWidth } from './marks';
import { fillPlaceholders, placeholdersIn, type PlaceholderData } from './placeholders';
import { drawQrCode } from './qr-drawing';
import { applyStyle, fitText, fittedHeight, lineHeight } from './text';
import type { Box } from './units';

export type LayoutDocumentOptions = {
  /** Values for the layout's placeholders, e.g. `{ event, generatedAt }`. */
  data: PlaceholderData;
  /** Stamped as CreationDate; comes from the app clock. */
  createdAt: Date;
  /** Placeholder roots filled per element later (e.g. `label`, `item`). */
  perElementRoots?: string[];
  /** Known up front (label sheets): footers are drawn as pages are made, nothing is buffered. */
  pageCount?: number;
};

const PAGE_PLACEHOLDERS = ['page', 'pages'];

/**
 * A pdfkit document laid out by a print layout: pages with the layout's decorations,
 * named text blocks and QR codes placed from the layout, footers with page numbers.
 * Domain code decides what goes where in a flow; the layout decides how it looks.
 */
export class LayoutDocument {
  readonly doc: PDFKit.PDFDocument;
  /** The finished page (after cutting), in page coordinates. */
  readonly trim: Box;
  /** The trim box inside the layout's margins: where flowing content goes. */
  readonly content: Box;
  private pageCount = 0;
  private readonly mediaSize: [number, number];

  constructor(
    readonly layout: Layout,
    private readonly options: LayoutDocumentOptions,
  ) {
    checkPlaceholders(layout, [
      ...Object.keys(options.data),
      ...PAGE_PLACEHOLDERS,
      ...(options.perElementRoots ?? []),
    ]);
    const { page } = layout;
    const slug = slugWidth(page.bleed, page.cropMarks);
    this.trim = { x: slug, y: slug, width: page.width, height: page.height };
    this.content = {
      x: slug + page.margins.left,
      y: slug + page.margins.top,
      width: page.width - page.margins.left - page.margins.right,
      height: page.height - page.margins.top - page.margins.bottom,
    };
    this.mediaSize = [page.width + 2 * slug, page.height + 2 * slug];
    const meta = layout.metadata;
    const metaData = { pages: options.pageCount };
    const info: Record<string, string | Date> = {
      Creator: 'forumkit',
      CreationDate: options.createdAt,
    };
    for (const [key, template] of [
      ['Title', meta.title],
      ['Author', meta.author],
      ['Subject', meta.subject],
      ['Keywords', meta.keywords],
    ] as const) {
      const value = template && this.fill(template, metaData).trim();
      if (value) info[key] = value;
    }
    this.doc = new PDFDocument({
      size: this.mediaSize,
      margin: 0,
      autoFirstPage: false,
      bufferPages: options.pageCount === undefined && layout.footer !== undefined,
      info,
      displayTitle: true,
    });
    for (const [key, font] of Object.entries(layout.fonts))
      this.doc.registerFont(key, fontData(font));
  }

  /** Fills a layout text with the document's data plus element data (`{ item }`). */
  fill(template: string, extra: PlaceholderData = {}): string {
    return fillPlaceholders(template, { ...this.options.data, ...extra });
  }

  /** Starts a new page and draws what every page carries. */
  addPage(): void {
    const { page } = this.layout;
    this.doc.addPage({ size: this.mediaSize, margin: 0 });
    this.pageCount++;
    if (page.bleed > 0 || page.cropMarks) setPageBoxes(this.doc, this.trim, page.bleed);
    if (page.cropMarks) drawCropMarks(this.doc, this.trim, page.bleed);
    drawColourBars(this.doc, this.layout.colourBars, this.trim, page.bleed);
    if (this.layout.logo) drawLogo(this.doc, this.layout.logo, this.trim);
    if (this.options.pageCount !== undefined)
      this.drawFooter(this.pageCount, this.options.pageCount);
  }

  get pagesSoFar(): number {
    return this.pageCount;
  }

  /**
   * Draws a text block at its layout box (relative to `origin`, the trim corner by
   * default) or in `box` when given. Returns the height used.
   */
  drawBlock(
    block: TextBlock,
    extra: PlaceholderData = {},
    place: { origin?: { x: number; y: number }; box?: Box } = {},
  ): number {
    const origin = place.origin ?? this.trim;
    const box =
      place.box ??
      (block.box && { ...block.box, x: origin.x + block.box.x, y: origin.y + block.box.y });
    if (!box)
      throw new LayoutError(this.layout.file, [
        { path: 'blocks', message: 'a block placed by the layout needs a box' },
      ]);
    return fitText(this.doc, this.fill(block.text, extra), block.style, box, block);
  }

  /** The height `drawBlock` will use for this block (its box width, capped by box height and maxLines). */
  measureBlock(block: TextBlock, extra: PlaceholderData = {}): number {
    if (!block.box) return 0;
    return fittedHeight(
      this.doc,
      this.fill(block.text, extra),
      block.style,
      block.box.width,
      block.box.height,
      block,
    );
  }

  /** Draws a QR block relative to `origin` and returns the URL it encodes. */
  drawQr(
    block: QrBlock,
    extra: PlaceholderData = {},
    origin: { x: number; y: number } = this.trim,
  ): string {
    const url = this.fill(block.url, extra);
    drawQrCode(this.doc, url, {
      x: origin.x + block.x,
      y: origin.y + block.y,
      size: block.size,
      ecl: block.ecl,
      margin: block.margin,
      colour: block.colour,
    });
    if (block.caption) this.drawBlock(block.caption, extra, { origin });
    return url;
  }

  /** Finishes the document: footers on buffered pages, then the end of the stream. */
  end(): void {
    if (this.pageCount === 0) this.addPage();
    if (this.options.pageCount === undefined && this.layout.footer) {
      const range = this.doc.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i++) {
        this.doc.switchToPage(i);
        this.drawFooter(i + 1, range.count);
      }
    }
    this.doc.end();
  }

  private drawFooter(page: number, pages: number): void {
    const footer = this.layout.footer;
    if (!footer) return;
    const { margins } = this.layout.page;
    const height = lineHeight(this.doc, footer.style);
    const y =
      this.trim.y + this.trim.height - margins.bottom + Math.max(0, (margins.bottom - height) / 2);
    for (const align of ['left', 'center', 'right'] as const) {
      const template = footer[align];
      if (!template) continue;
      applyStyle(this.doc, footer.style);
      this.doc.text(this.fill(template, { page, pages }), this.content.x, y, {
        width: this.content.width,
        align,
        lineBreak: false,
        height,
      });
    }
  }
}

/** Collects a finished document into one buffer (tests, benchmarks, e-mail attachments). */
export function pdfToBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** Every placeholder the layout uses must start with a name the document supplies. */
function checkPlaceholders(layout: Layout, roots: string[]): void {
  const known = new Set(roots);
  const problems: { path: string; message: string }[] = [];
  const check = (template: string | undefined, path: string) => {
    for (const name of placeholdersIn(template ?? '')) {
      if (!known.has(name.split('.')[0]!)) {
        problems.push({
          path,
          message: `unknown placeholder {{${name}}}; available: ${[...known].join(', ')}`,
        });
      }
    }
  };
  for (const [key, value] of Object.entries(layout.metadata)) check(value, `metadata.${key}`);
  for (const [key, block] of Object.entries(layout.blocks)) check(block.text, `blocks.${key}.text`);
  for (const [key, text] of Object.entries(layout.texts)) check(text, `texts.${key}`);
  for (const [key, qr] of Object.entries(layout.qr)) {
    check(qr.url, `qr.${key}.url`);
    check(qr.caption?.text, `qr.${key}.caption.text`);
  }
  for (const align of ['left', 'center', 'right'] as const)
    check(layout.footer?.[align], `footer.${align}`);
  if (layout.labels) {
    check(layout.labels.qr?.url, 'labels.qr.url');
    check(layout.labels.qr?.caption?.text, 'labels.qr.caption.text');
    layout.labels.blocks.forEach((block, i) => check(block.text, `labels.blocks.${i}.text`));
  }
  if (problems.length) throw new LayoutError(layout.file, problems);
}
