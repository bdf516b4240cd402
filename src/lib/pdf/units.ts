/** PDF user space is in points (1/72 inch); layouts are written in millimetres. */
export const POINTS_PER_MM = 72 / 25.4;

export const mmToPt = (mm: number): number => mm * POINTS_PER_MM;
export const ptToMm = (pt: number): number => pt / POINTS_PER_MM;

/** Trim sizes in millimetres, portrait. */
export const PAGE_SIZES_MM = {
  A3: [297, 420],
  A4: [210, 297],
  A5: [148, 210],
  A6: [105, 148],
  LETTER: [215.9, 279.4],
} as const;

export type PageSizeName = keyof typeof PAGE_SIZES_MM;

export type Box = { x: number; y: number; width: number; height: number };
