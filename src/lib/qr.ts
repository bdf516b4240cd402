import QRCode from 'qrcode';
import type { QrPngJob } from './qr-png-worker';

/**
 * The one QR encoder: every SVG, PNG and PDF drawing goes through `encodeQr`, so a
 * code printed on paper and the image served over HTTP are the same symbol.
 */
export const QR_ERROR_CORRECTION_LEVELS = ['L', 'M', 'Q', 'H'] as const;
export type QrErrorCorrection = (typeof QR_ERROR_CORRECTION_LEVELS)[number];

/** A QR symbol as a square grid of modules (true = dark), without quiet zone. */
export type QrMatrix = {
  /** Modules per side. */
  size: number;
  isDark: (row: number, col: number) => boolean;
};

/** A horizontal run of dark modules: the unit every vector drawing is made of. */
export type QrRun = { row: number; col: number; length: number };

export function encodeQr(text: string, ecl: QrErrorCorrection = 'M'): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: ecl });
  const size = modules.size;
  const data = modules.data;
  return { size, isDark: (row, col) => data[row * size + col] === 1 };
}

/**
 * Merges adjacent dark modules of each row into runs. Drawing runs instead of single
 * modules keeps paths short and, filled as one path, leaves no hairline seams.
 */
export function qrRuns(matrix: QrMatrix): QrRun[] {
  const runs: QrRun[] = [];
  for (let row = 0; row < matrix.size; row++) {
    let start = -1;
    for (let col = 0; col <= matrix.size; col++) {
      const dark = col < matrix.size && matrix.isDark(row, col);
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        runs.push({ row, col: start, length: col - start });
        start = -1;
      }
    }
  }
  return runs;
}

/** SVG path data in module units, offset by `margin` modules (the quiet zone). */
export function qrPathData(matrix: QrMatrix, margin = 0): string {
  return qrRuns(matrix)
    .map((r) => `M${r.col + margin} ${r.row + margin}h${r.length}v1h-${r.length}z`)
    .join('');
}

/**
 * Bounds on served images: a PNG costs CPU per pixel (1024 px prints 8.7 cm wide at
 * 300 dpi; the SVG scales to any size), and a quiet zone wider than 8 modules only
 * shrinks the symbol. Checked here too, so no caller can ask for more.
 */
export const QR_IMAGE_LIMITS = { minSize: 64, maxSize: 1024, maxMargin: 8 } as const;

export type QrImageOptions = {
  /** Width and height of the image in pixels. */
  size: number;
  /** Quiet zone in modules; scanners want 4, small labels may use less. */
  margin: number;
  ecl: QrErrorCorrection;
  dark?: string;
  light?: string;
};

function assertImageOptions({ size, margin }: QrImageOptions): void {
  const { minSize, maxSize, maxMargin } = QR_IMAGE_LIMITS;
  if (!Number.isInteger(size) || size < minSize || size > maxSize) {
    throw new RangeError(`QR image size must be an integer from ${minSize} to ${maxSize}`);
  }
  if (!Number.isInteger(margin) || margin < 0 || margin > maxMargin) {
    throw new RangeError(`QR margin must be an integer from 0 to ${maxMargin}`);
  }
}

/** A standalone SVG document: one path of dark modules on a light square. */
export function renderQrSvg(text: string, options: QrImageOptions): string {
  assertImageOptions(options);
  const matrix = encodeQr(text, options.ecl);
  const extent = matrix.size + options.margin * 2;
  const dark = options.dark ?? '#000000';
  const light = options.light ?? '#ffffff';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${options.size}" height="${options.size}" ` +
    `viewBox="0 0 ${extent} ${extent}" shape-rendering="crispEdges">` +
    `<rect width="${extent}" height="${extent}" fill="${light}"/>` +
    `<path fill="${dark}" d="${qrPathData(matrix, options.margin)}"/>` +
    `</svg>\n`
  );
}

/** The PNG job for `text`, for this thread (renderQrPng) or a worker (qr-png-worker.ts). */
export function qrPngJob(text: string, options: QrImageOptions): QrPngJob {
  assertImageOptions(options);
  return {
    text,
    options: {
      type: 'png',
      errorCorrectionLevel: options.ecl,
      margin: options.margin,
      width: options.size,
      color: { dark: options.dark ?? '#000000ff', light: options.light ?? '#ffffffff' },
    },
  };
}

/**
 * A PNG of exactly `size`×`size` pixels, rendered on this thread. Servers render
 * through a worker instead (see the qr component), since this blocks the event loop.
 */
export async function renderQrPng(text: string, options: QrImageOptions): Promise<Buffer> {
  const job = qrPngJob(text, options);
  return QRCode.toBuffer(job.text, {
    ...job.options,
    errorCorrectionLevel: options.ecl,
  });
}
