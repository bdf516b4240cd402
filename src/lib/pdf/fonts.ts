import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Embeddable fonts. DejaVu (from the `dejavu-fonts-ttf` package) ships complete TTF
 * files covering Latin Extended — ț, İ, Å, í, ž… — which the PDF base-14 fonts cannot
 * print. pdfkit subsets each font to the glyphs a document uses, so a full file costs
 * nothing in the output. Noto Sans from @fontsource only comes as per-subset WOFF
 * files, which would need a font switch per script range.
 */
export const FONT_FILES = {
  DejaVuSans: 'DejaVuSans.ttf',
  'DejaVuSans-Bold': 'DejaVuSans-Bold.ttf',
  'DejaVuSans-Oblique': 'DejaVuSans-Oblique.ttf',
  'DejaVuSans-BoldOblique': 'DejaVuSans-BoldOblique.ttf',
  DejaVuSansCondensed: 'DejaVuSansCondensed.ttf',
  'DejaVuSansCondensed-Bold': 'DejaVuSansCondensed-Bold.ttf',
  DejaVuSerif: 'DejaVuSerif.ttf',
  'DejaVuSerif-Bold': 'DejaVuSerif-Bold.ttf',
  'DejaVuSerif-Italic': 'DejaVuSerif-Italic.ttf',
  DejaVuSansMono: 'DejaVuSansMono.ttf',
} as const;

export type FontName = keyof typeof FONT_FILES;
export const FONT_NAMES = Object.keys(FONT_FILES) as [FontName, ...FontName[]];

const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const loaded = new Map<FontName, Buffer>();

/** The font file's bytes, read once per process. */
export function fontData(name: FontName): Buffer {
  let data = loaded.get(name);
  if (!data) {
    data = readFileSync(path.join(fontDir, FONT_FILES[name]));
    loaded.set(name, data);
  }
  return data;
}
