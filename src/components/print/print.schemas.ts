import { IANAZone } from 'luxon';
import { z } from 'zod';
import { lineText } from '../../lib/http/validate';
import { qrCodeSchema } from '../qr';

/** Label sheet layouts on offer over HTTP, by their short name. */
export const LABEL_SHEET_LAYOUTS = {
  '3x7': 'qr-labels-3x7',
  '2x4': 'qr-labels-2x4',
  l7160: 'qr-labels-l7160',
  l7651: 'qr-labels-l7651',
} as const;

/** `codes=a,b,c` or `codes=a&codes=b`: one list either way. */
const codeList = z.preprocess(
  (value) =>
    (value === undefined ? [] : Array.isArray(value) ? value : [value])
      .flatMap((v: unknown) => (typeof v === 'string' ? v.split(',') : [v]))
      .map((v: unknown) => (typeof v === 'string' ? v.trim() : v))
      .filter((v: unknown) => v !== ''),
  z
    .array(qrCodeSchema)
    .min(1, 'give at least one code')
    .max(1000, 'at most 1000 codes per print run'),
);

/** Millimetres a printer is off by; more than 2 cm means the wrong stock, not calibration. */
const calibration = z.coerce.number().min(-20).max(20).default(0);

export const qrLabelsQuery = z.strictObject({
  layout: z
    .enum(Object.keys(LABEL_SHEET_LAYOUTS) as [keyof typeof LABEL_SHEET_LAYOUTS])
    .default('3x7'),
  codes: codeList,
  offsetX: calibration,
  offsetY: calibration,
  /** Printed on every label above its code. */
  title: lineText(120, { min: 0 }).optional(),
  subtitle: lineText(120, { min: 0 }).optional(),
  /** Zone of the "generated" stamp. */
  timeZone: z
    .string()
    .refine(
      (zone) => IANAZone.isValidZone(zone),
      'must be an IANA time zone such as Europe/Vilnius',
    )
    .default('UTC'),
});

export type QrLabelsQuery = z.output<typeof qrLabelsQuery>;

export const posterQuery = z.strictObject({
  size: z.enum(['A4', 'A3']).default('A4'),
});

/** Postcards of an event, of a project, or by id (`ids=a,b`). */
export const postcardsQuery = z.strictObject({
  eventId: z
    .string()
    .regex(/^[0-9a-f]{24}$/i)
    .optional(),
  projectId: z
    .string()
    .regex(/^[0-9a-f]{24}$/i)
    .optional(),
  ids: z.preprocess(
    (value) =>
      (value === undefined ? [] : Array.isArray(value) ? value : [value]).flatMap((v: unknown) =>
        typeof v === 'string' ? v.split(',').filter(Boolean) : [v],
      ),
    z.array(z.string().regex(/^[0-9a-f]{24}$/i, 'must be postcard ids')).max(200),
  ),
});
export type PostcardsQuery = z.output<typeof postcardsQuery>;
