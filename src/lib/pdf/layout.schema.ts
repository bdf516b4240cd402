import { z } from 'zod';
import { QR_ERROR_CORRECTION_LEVELS } from '../qr';
import { FONT_NAMES } from './fonts';
import { PAGE_SIZES_MM } from './units';

/**
 * What a print layout file may contain. Lengths are millimetres, font sizes points,
 * colours `#rrggbb` or a name from `colours`. Every object is strict so a misspelt
 * key is reported instead of silently ignored.
 */
const mm = z.number().min(0).max(2000);
const positiveMm = z.number().gt(0).max(2000);
const hexColour = /^#[0-9a-fA-F]{6}$/;
const name = z
  .string()
  .regex(/^[A-Za-z][\w-]*$/, 'must be a simple name (letters, digits, - or _)');

const boxSchema = z.strictObject({ x: mm, y: mm, width: positiveMm, height: positiveMm });
const alignSchema = z.enum(['left', 'center', 'right', 'justify']);

const styleSchema = z.strictObject({
  font: name,
  size: z.number().min(4).max(200),
  colour: z.string().default('#000000'),
  lineGap: z.number().min(0).max(50).default(0),
  align: alignSchema.default('left'),
});

const textBlockSchema = z.strictObject({
  text: z.string(),
  style: name,
  box: boxSchema.optional(),
  maxLines: z.int().min(1).max(200).optional(),
  align: alignSchema.optional(),
  /** Shrink the font down to this size before truncating with an ellipsis. */
  minSize: z.number().min(4).max(200).optional(),
});

const qrBlockSchema = z.strictObject({
  url: z.string().min(1),
  x: mm,
  y: mm,
  size: positiveMm,
  ecl: z.enum(QR_ERROR_CORRECTION_LEVELS).default('M'),
  /** Quiet zone in modules, inside `size`. */
  margin: z.int().min(0).max(10).default(2),
  colour: z.string().default('#000000'),
  caption: textBlockSchema.optional(),
});

const colourBarSchema = z.strictObject({
  edge: z.enum(['top', 'bottom', 'left', 'right']),
  thickness: positiveMm,
  colour: z.string(),
  /** Distance from the trim edge, for stacked bars. */
  offset: mm.default(0),
});

const logoSchema = z.strictObject({
  /** PNG or JPEG, relative to the layout file; a missing file is skipped. */
  file: z.string().regex(/\.(png|jpe?g)$/i, 'must be a .png, .jpg or .jpeg file'),
  x: mm,
  y: mm,
  width: positiveMm,
  height: positiveMm.optional(),
});

const labelsSchema = z.strictObject({
  columns: z.int().min(1).max(20),
  rows: z.int().min(1).max(40),
  width: positiveMm,
  height: positiveMm,
  /** Position of the first label's top-left corner on the sheet. */
  top: mm,
  left: mm,
  gapX: mm.default(0),
  gapY: mm.default(0),
  /** Draw each label's outline: handy on plain paper, off for pre-cut sheets. */
  outline: z.boolean().default(false),
  qr: qrBlockSchema.optional(),
  blocks: z.array(textBlockSchema).default([]),
});

const footerSchema = z.strictObject({
  style: name,
  left: z.string().optional(),
  center: z.string().optional(),
  right: z.string().optional(),
});

export const layoutFileSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    metadata: z.strictObject({
      title: z.string().min(1),
      author: z.string().optional(),
      subject: z.string().optional(),
      keywords: z.string().optional(),
    }),
    page: z.strictObject({
      size: z.union([
        z.enum(Object.keys(PAGE_SIZES_MM) as [keyof typeof PAGE_SIZES_MM]),
        z.strictObject({ width: positiveMm, height: positiveMm }),
      ]),
      orientation: z.enum(['portrait', 'landscape']).default('portrait'),
      margins: z.strictObject({ top: mm, right: mm, bottom: mm, left: mm }),
      /** Artwork extends this far past the trim edge (postcards: 3 mm). */
      bleed: mm.default(0),
      cropMarks: z.boolean().default(false),
    }),
    fonts: z.record(name, z.enum(FONT_NAMES)),
    colours: z.record(name, z.string().regex(hexColour, 'must be #rrggbb')).default({}),
    styles: z.record(name, styleSchema),
    colourBars: z.array(colourBarSchema).default([]),
    logo: logoSchema.optional(),
    /** Named areas a document fills with flowing content (e.g. the programme list). */
    regions: z.record(name, boxSchema).default({}),
    blocks: z.record(name, textBlockSchema).default({}),
    qr: z.record(name, qrBlockSchema).default({}),
    texts: z.record(name, z.string()).default({}),
    footer: footerSchema.optional(),
    labels: labelsSchema.optional(),
  })
  .superRefine((layout, ctx) => {
    const problem = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const checkColour = (value: string, path: (string | number)[]) => {
      if (!hexColour.test(value) && !(value in layout.colours)) {
        problem(path, `unknown colour "${value}"; use #rrggbb or one of: ${keys(layout.colours)}`);
      }
    };
    const checkStyle = (value: string, path: (string | number)[]) => {
      if (!(value in layout.styles)) {
        problem(path, `unknown style "${value}"; the layout's styles are: ${keys(layout.styles)}`);
      }
    };
    for (const [styleName, style] of Object.entries(layout.styles)) {
      if (!(style.font in layout.fonts)) {
        problem(
          ['styles', styleName, 'font'],
          `unknown font "${style.font}"; the layout's fonts are: ${keys(layout.fonts)}`,
        );
      }
      checkColour(style.colour, ['styles', styleName, 'colour']);
    }
    layout.colourBars.forEach((bar, i) => checkColour(bar.colour, ['colourBars', i, 'colour']));
    for (const [blockName, block] of Object.entries(layout.blocks)) {
      checkStyle(block.style, ['blocks', blockName, 'style']);
    }
    const checkQr = (qr: z.infer<typeof qrBlockSchema>, path: (string | number)[]) => {
      checkColour(qr.colour, [...path, 'colour']);
      if (qr.caption) checkStyle(qr.caption.style, [...path, 'caption', 'style']);
    };
    for (const [qrName, qr] of Object.entries(layout.qr)) checkQr(qr, ['qr', qrName]);
    if (layout.footer) checkStyle(layout.footer.style, ['footer', 'style']);
    if (layout.labels) {
      if (layout.labels.qr) checkQr(layout.labels.qr, ['labels', 'qr']);
      layout.labels.blocks.forEach((block, i) => {
        checkStyle(block.style, ['labels', 'blocks', i, 'style']);
        if (!block.box) problem(['labels', 'blocks', i, 'box'], 'required inside a label');
      });
    }
  });

export type LayoutFile = z.infer<typeof layoutFileSchema>;

function keys(record: Record<string, unknown>): string {
  return Object.keys(record).join(', ') || '(none)';
}
