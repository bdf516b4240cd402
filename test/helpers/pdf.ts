import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Response } from 'supertest';

/**
 * Reads PDFs back with independent tools: poppler (pdftotext, pdfinfo, pdftoppm —
 * Debian package poppler-utils) and jsQR for the printed QR codes.
 */
const run = promisify(execFile);

async function withPdfFile<T>(
  pdf: Buffer,
  use: (file: string, dir: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'forumkit-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    await writeFile(file, pdf);
    return await use(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The document's text, UTF-8, pages separated by form feeds. */
export function pdfText(pdf: Buffer): Promise<string> {
  return withPdfFile(
    pdf,
    async (file) => (await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout,
  );
}

/** pdfinfo's fields (Title, Author, Pages, Page size…). */
export function pdfInfo(pdf: Buffer): Promise<Record<string, string>> {
  return withPdfFile(pdf, async (file) => {
    const { stdout } = await run('pdfinfo', ['-enc', 'UTF-8', '-box', file]);
    const fields: Record<string, string> = {};
    for (const line of stdout.split('\n')) {
      const match = /^([^:]+):\s*(.*)$/.exec(line);
      if (match) fields[match[1]!.trim()] = match[2]!.trim();
    }
    return fields;
  });
}

export type PdfFont = { name: string; type: string; embedded: boolean; subset: boolean };

/** The fonts the document uses, as poppler's pdffonts lists them. */
export function pdfFonts(pdf: Buffer): Promise<PdfFont[]> {
  return withPdfFile(pdf, async (file) => {
    const { stdout } = await run('pdffonts', [file]);
    // Columns: name, type (may hold spaces), encoding, emb, sub, uni, object id, generation.
    return stdout
      .split('\n')
      .slice(2)
      .map((line) =>
        /^(\S+)\s+(.+?)\s+\S+\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line),
      )
      .filter((match) => match !== null)
      .map((match) => ({
        name: match[1]!,
        type: match[2]!,
        embedded: match[3] === 'yes',
        subset: match[4] === 'yes',
      }));
  });
}

/** Every page as a PNG image at `dpi` (150 by default, like a phone camera would see print). */
export function rasterisePdf(pdf: Buffer, dpi = 150): Promise<PNG[]> {
  return withPdfFile(pdf, async (file, dir) => {
    await run('pdftoppm', ['-r', String(dpi), '-png', file, path.join(dir, 'page')], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const pages = (await readdir(dir))
      .filter((f) => f.startsWith('page') && f.endsWith('.png'))
      .sort();
    return Promise.all(pages.map(async (f) => PNG.sync.read(await readFile(path.join(dir, f)))));
  });
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
