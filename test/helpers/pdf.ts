import jsQR from 'jsqr';
import type * as Mupdf from 'mupdf';
import { PNG } from 'pngjs';
import type { Response } from 'supertest';

/**
 * Reads PDFs back with independent parsers: MuPDF (the `mupdf` npm package, WebAssembly, so
 * nothing to install on the machine) for text, document info, fonts and page images, and jsQR
 * for the printed QR codes.
 */

// mupdf is an ES module with top-level await: load it once, on first use.
let loaded: Promise<typeof Mupdf> | undefined;
const mupdf = () => (loaded ??= import('mupdf'));

async function withPdf<T>(
  pdf: Buffer,
  use: (doc: Mupdf.PDFDocument, lib: typeof Mupdf) => T,
): Promise<T> {
  const lib = await mupdf();
  const doc = lib.PDFDocument.openDocument(pdf, 'application/pdf');
  if (!(doc instanceof lib.PDFDocument)) throw new Error('not a PDF document');
  try {
    return use(doc, lib);
  } finally {
    doc.destroy();
  }
}

function eachPage<T>(doc: Mupdf.PDFDocument, use: (page: Mupdf.PDFPage) => T): T[] {
  const results: T[] = [];
  for (let n = 0; n < doc.countPages(); n++) {
    const page = doc.loadPage(n);
    try {
      results.push(use(page));
    } finally {
      page.destroy();
    }
  }
  return results;
}

/** The document's text, UTF-8, one line per text line, pages ended by form feeds (as pdftotext). */
export function pdfText(pdf: Buffer): Promise<string> {
  return withPdf(pdf, (doc) =>
    eachPage(doc, (page) => {
      const text = page.toStructuredText('preserve-whitespace').asText();
      return `${text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n')}\f`;
    }).join(''),
  );
}

/** The object a reference points to; the null object stays itself (mupdf cannot resolve it). */
const resolved = (object: Mupdf.PDFObject) => (object.isNull() ? object : object.resolve());

/** A page attribute, looked up through the page tree as PDF inheritance says. */
function inherited(page: Mupdf.PDFObject, key: string): Mupdf.PDFObject | undefined {
  for (let node = page; !node.isNull(); node = node.get('Parent')) {
    const value = node.get(key);
    if (!value.isNull()) return resolved(value);
  }
  return undefined;
}

function boxNumbers(box: Mupdf.PDFObject | undefined): number[] | undefined {
  if (!box?.isArray() || box.length !== 4) return undefined;
  return [0, 1, 2, 3].map((i) => box.get(i).asNumber());
}

const points = (n: number) => String(Math.round(n * 1000) / 1000);

/**
 * The fields pdfinfo -box prints that tests read: Title, Author, Subject, Keywords, Creator,
 * Producer, Pages, `Page size` ("W x H pts", first page) and each page box of the first page
 * ("x0 y0 x1 y1", two decimals; a missing box falls back as the PDF standard says).
 */
export function pdfInfo(pdf: Buffer): Promise<Record<string, string>> {
  return withPdf(pdf, (doc) => {
    const fields: Record<string, string> = {};
    for (const key of ['Title', 'Subject', 'Keywords', 'Author', 'Creator', 'Producer']) {
      const value = doc.getMetaData(`info:${key}`);
      if (value) fields[key] = value;
    }
    fields.Pages = String(doc.countPages());
    if (doc.countPages() > 0) {
      const [first] = eachPage(doc, (page) => {
        const object = page.getObject();
        const media = boxNumbers(inherited(object, 'MediaBox')) ?? [0, 0, 612, 792];
        const crop = boxNumbers(inherited(object, 'CropBox')) ?? media;
        const own = (key: string) => boxNumbers(resolved(object.get(key))) ?? crop;
        return {
          MediaBox: media,
          CropBox: crop,
          BleedBox: own('BleedBox'),
          TrimBox: own('TrimBox'),
          ArtBox: own('ArtBox'),
        };
      });
      const boxes = first!;
      fields['Page size'] =
        `${points(boxes.MediaBox[2]! - boxes.MediaBox[0]!)} x ${points(boxes.MediaBox[3]! - boxes.MediaBox[1]!)} pts`;
      for (const [name, box] of Object.entries(boxes))
        fields[name] = box.map((n) => n.toFixed(2)).join(' ');
    }
    return fields;
  });
}

export type PdfFont = { name: string; type: string; embedded: boolean; subset: boolean };

const FONT_TYPES: Record<string, string> = {
  Type1: 'Type 1',
  MMType1: 'Type 1',
  TrueType: 'TrueType',
  Type3: 'Type 3',
  CIDFontType0: 'CID Type 0',
  CIDFontType2: 'CID TrueType',
};

/** One font dictionary as pdffonts describes it (name, type, embedded, subset). */
function describeFont(font: Mupdf.PDFObject): PdfFont {
  const name = font.get('BaseFont').isNull() ? '[none]' : font.get('BaseFont').asName();
  const subtype = font.get('Subtype').asName();
  // A composite (Type0) font keeps its glyphs and descriptor in its one descendant font.
  const glyphs = subtype === 'Type0' ? resolved(font.get('DescendantFonts').get(0)) : font;
  const descriptor = resolved(glyphs.get('FontDescriptor'));
  const file = ['FontFile', 'FontFile2', 'FontFile3']
    .map((key) => descriptor.get(key))
    .find((stream) => !stream.isNull());
  let type = FONT_TYPES[glyphs.get('Subtype').asName()] ?? glyphs.get('Subtype').asName();
  if (file && !descriptor.get('FontFile3').isNull()) type += 'C'; // compact (CFF) font program
  return {
    name,
    type,
    embedded: subtype === 'Type3' || file !== undefined,
    subset: /^[A-Z]{6}\+/.test(name),
  };
}

/** The fonts the document uses (pages and the forms they draw), each once, as pdffonts lists them. */
export function pdfFonts(pdf: Buffer): Promise<PdfFont[]> {
  return withPdf(pdf, (doc) => {
    const fonts = new Map<string, PdfFont>();
    const seen = new Set<string>();
    const visit = (resources: Mupdf.PDFObject | undefined) => {
      if (!resources?.isDictionary()) return;
      resolved(resources.get('Font')).forEach((ref) => {
        const font = resolved(ref);
        const key = ref.isIndirect() ? `obj ${ref.asIndirect()}` : font.toString();
        if (!fonts.has(key)) fonts.set(key, describeFont(font));
      });
      resolved(resources.get('XObject')).forEach((ref) => {
        const key = ref.isIndirect() ? `obj ${ref.asIndirect()}` : '';
        if (key && seen.has(key)) return;
        seen.add(key);
        const form = resolved(ref);
        if (form.get('Subtype').asName() === 'Form') visit(resolved(form.get('Resources')));
      });
    };
    eachPage(doc, (page) => visit(inherited(page.getObject(), 'Resources')));
    return [...fonts.values()];
  });
}

/**
 * The images the pages use (their own and those of the forms they draw), page by page,
 * each image object once per page, with its size in pixels: what pdfimages -list counts.
 */
export function pdfImages(pdf: Buffer): Promise<{ page: number; width: number; height: number }[]> {
  return withPdf(pdf, (doc) =>
    eachPage(doc, (page) => {
      const found: { width: number; height: number }[] = [];
      const seen = new Set<string>();
      const visit = (resources: Mupdf.PDFObject | undefined) => {
        if (!resources?.isDictionary()) return;
        resolved(resources.get('XObject')).forEach((ref) => {
          const key = ref.isIndirect() ? `obj ${ref.asIndirect()}` : '';
          if (key && seen.has(key)) return;
          seen.add(key);
          const object = resolved(ref);
          const subtype = object.get('Subtype').asName();
          if (subtype === 'Image')
            found.push({
              width: object.get('Width').asNumber(),
              height: object.get('Height').asNumber(),
            });
          else if (subtype === 'Form') visit(resolved(object.get('Resources')));
        });
      };
      visit(inherited(page.getObject(), 'Resources'));
      return found;
    }).flatMap((images, n) => images.map((image) => ({ page: n + 1, ...image }))),
  );
}

/** Every page as an RGBA image at `dpi` (150 by default, like a phone camera would see print). */
export function rasterisePdf(pdf: Buffer, dpi = 150): Promise<PNG[]> {
  return withPdf(pdf, (doc, lib) =>
    eachPage(doc, (page) => {
      const pixmap = page.toPixmap(
        lib.Matrix.scale(dpi / 72, dpi / 72),
        lib.ColorSpace.DeviceRGB,
        false,
      );
      try {
        const width = pixmap.getWidth();
        const height = pixmap.getHeight();
        const stride = pixmap.getStride();
        const rgb = pixmap.getPixels();
        const image = new PNG({ width, height });
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            const from = y * stride + x * 3;
            const to = (y * width + x) * 4;
            image.data[to] = rgb[from]!;
            image.data[to + 1] = rgb[from + 1]!;
            image.data[to + 2] = rgb[from + 2]!;
            image.data[to + 3] = 255;
          }
        }
        return image;
      } finally {
        pixmap.destroy();
      }
    }),
  );
}

export type PixelRegion = { x: number; y: number; width: number; height: number };

/** Millimetres on the page to pixels at `dpi`. */
export function mmToPixels(box: PixelRegion, dpi = 150): PixelRegion {
  const px = (mm: number) => Math.round((mm / 25.4) * dpi);
  return { x: px(box.x), y: px(box.y), width: px(box.width), height: px(box.height) };
}

/** Decodes the one QR code in the image (or in a region of it); null when none is found. */
export function decodeQr(image: PNG, region?: PixelRegion): string | null {
  const r = clamp(region ?? { x: 0, y: 0, width: image.width, height: image.height }, image);
  const pixels = new Uint8ClampedArray(r.width * r.height * 4);
  for (let row = 0; row < r.height; row++) {
    const from = ((r.y + row) * image.width + r.x) * 4;
    pixels.set(image.data.subarray(from, from + r.width * 4), row * r.width * 4);
  }
  return jsQR(pixels, r.width, r.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

/** Decodes a PNG file's bytes. */
export function decodeQrPng(png: Buffer): string | null {
  return decodeQr(PNG.sync.read(png));
}

function clamp(region: PixelRegion, image: PNG): PixelRegion {
  const x = Math.max(0, region.x);
  const y = Math.max(0, region.y);
  return {
    x,
    y,
    width: Math.min(image.width - x, region.width - (x - region.x)),
    height: Math.min(image.height - y, region.height - (y - region.y)),
  };
}

/** A supertest parser that keeps binary bodies (PDF, PNG) as one Buffer: `.buffer(true).parse(binaryBody)`. */
export function binaryBody(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
