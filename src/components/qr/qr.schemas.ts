import { z } from 'zod';
import { QR_ERROR_CORRECTION_LEVELS, QR_IMAGE_LIMITS } from '../../lib/qr';

/** Short codes printed under QR symbols and used in `/q/<code>` URLs. */
export const QR_CODE_PATTERN = /^[A-Za-z0-9_-]{3,32}$/;

export const qrCodeSchema = z
  .string()
  .regex(QR_CODE_PATTERN, 'must be 3–32 characters: letters, digits, "-" or "_"');

export const qrImageQuery = z.strictObject({
  /** Image width and height in pixels. */
  size: z.coerce
    .number()
    .int()
    .min(QR_IMAGE_LIMITS.minSize)
    .max(QR_IMAGE_LIMITS.maxSize)
    .default(512),
  /** Quiet zone around the symbol, in modules (scanners prefer 4). */
  margin: z.coerce.number().int().min(0).max(QR_IMAGE_LIMITS.maxMargin).default(4),
  /** Error correction: H survives scuffed or small labels, L gives the simplest symbol. */
  ecl: z.enum(QR_ERROR_CORRECTION_LEVELS).default('H'),
});

export type QrImageQuery = z.output<typeof qrImageQuery>;
