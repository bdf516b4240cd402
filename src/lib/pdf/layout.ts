import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { QrErrorCorrection } from '../qr';
import type { FontName } from './fonts';
import { layoutFileSchema, type LayoutFile } from './layout.schema';
import { PAGE_SIZES_MM, mmToPt, type Box } from './units';

/**
 * A print layout, loaded from templates and ready to draw: lengths in points,
 * colours as hex, styles resolved. Produced only by `loadLayout`.
 */
export type Align = 'left' | 'center' | 'right' | 'justify';
export type TextStyle = {
  font: string;
  size: number;
  colour: string;
  lineGap: number;
  align: Align;
};
export type TextBlock = {
  text: string;
  style: TextStyle;
  box?: Box;
  maxLines?: number;
  align: Align;
  minSize?: number;
};
export type QrBlock = {
  url: string;
  x: number;
  y: number;
  size: number;
  ecl: QrErrorCorrection;
  margin: number;
  colour: string;
  caption?: TextBlock;
};
export type ColourBar = {
  edge: 'top' | 'bottom' | 'left' | 'right';
  thickness: number;
  colour: string;
  offset: number;
};
export type LabelGrid = {
  columns: number;
  rows: number;
  width: number;
  height: number;
  top: number;
  left: number;
  gapX: number;
  gapY: number;
  outline: boolean;
  qr?: QrBlock;
  blocks: (TextBlock & { box: Box })[];
};
export type Layout = {
  /** Where it was loaded from, for error messages. */
  file: string;
  name: string;
  metadata: LayoutFile['metadata'];
  page: {
    /** Trim size in points, orientation applied. */
    width: number;
    height: number;
    margins: { top: number; right: number; bottom: number; left: number };
    bleed: number;
    cropMarks: boolean;
  };
  fonts: Record<string, FontName>;
  styles: Record<string, TextStyle>;
  colourBars: ColourBar[];
  logo?: { file: string; x: number; y: number; width: number; height?: number };
  regions: Record<string, Box>;
  blocks: Record<string, TextBlock>;
  qr: Record<string, QrBlock>;
  texts: Record<string, string>;
  footer?: { style: TextStyle; left?: string; center?: string; right?: string };
  labels?: LabelGrid;
};

/** A layout file that cannot be used; the message names the file and every bad field. */
export class LayoutError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; message: string }[],
  ) {
    super(
      `Invalid print layout ${displayPath(file)}:\n  ` +
        problems.map((p) => `${p.path}: ${p.message}`).join('\n  '),
    );
    this.name = 'LayoutError';
  }
}

const cache = new Map<string, { mtimeMs: number; layout: Layout }>();

/**
 * Reads, validates and resolves a YAML or JSON layout. Re-read when the file changes,
 * so an edited layout takes effect without a restart.
 */
export function loadLayout(file: string): Layout {
  const absolute = path.resolve(file);
  let mtimeMs: number;
  try {
    mtimeMs = statSync(absolute).mtimeMs;
  } catch {
    throw new LayoutError(absolute, [{ path: '(file)', message: 'not found' }]);
  }
  const cached = cache.get(absolute);
  if (cached && cached.mtimeMs === mtimeMs) return cached.layout;
  const layout = parseLayout(readFileSync(absolute, 'utf8'), absolute);
  cache.set(absolute, { mtimeMs, layout });
  return layout;
}

/** Validates layout source text; `file` is used for messages and relative logo paths. */
export function parseLayout(source: string, file: string): Layout {
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(source) : YAML.parse(source);
  } catch (err) {
    throw new LayoutError(file, [{ path: '(syntax)', message: (err as Error).message }]);
  }
  const parsed = layoutFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LayoutError(
      file,
      parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.') || '(root)',
        message: issue.message,
      })),
    );
  }
  return resolveLayout(parsed.data, file);
}

/** Fails with a LayoutError when a document needs a part the layout does not define. */
export function requireParts(
  layout: Layout,
  needs: {
    styles?: string[];
    regions?: string[];
    blocks?: string[];
    qr?: string[];
    texts?: string[];
    labels?: boolean;
  },
): void {
  const problems: { path: string; message: string }[] = [];
  for (const kind of ['styles', 'regions', 'blocks', 'qr', 'texts'] as const) {
    for (const key of needs[kind] ?? []) {
      if (!(key in layout[kind]))
        problems.push({ path: `${kind}.${key}`, message: 'required by this document' });
    }
  }
  if (needs.labels && !layout.labels)
    problems.push({ path: 'labels', message: 'required by this document' });
  if (problems.length) throw new LayoutError(layout.file, problems);
}

function resolveLayout(file: LayoutFile, source: string): Layout {
  const colour = (value: string) => file.colours[value] ?? value;
  const styles = Object.fromEntries(
    Object.entries(file.styles).map(([key, s]) => [
      key,
      { font: s.font, size: s.size, colour: colour(s.colour), lineGap: s.lineGap, align: s.align },
    ]),
  );
  const box = (b: { x: number; y: number; width: number; height: number }): Box => ({
    x: mmToPt(b.x),
    y: mmToPt(b.y),
    width: mmToPt(b.width),
    height: mmToPt(b.height),
  });
  const textBlock = (b: LayoutFile['blocks'][string]): TextBlock => ({
    text: b.text,
    style: styles[b.style]!,
    box: b.box && box(b.box),
    maxLines: b.maxLines,
    align: b.align ?? styles[b.style]!.align,
    minSize: b.minSize,
  });
  const qrBlock = (q: LayoutFile['qr'][string]): QrBlock => ({
    url: q.url,
    x: mmToPt(q.x),
    y: mmToPt(q.y),
    size: mmToPt(q.size),
    ecl: q.ecl,
    margin: q.margin,
    colour: colour(q.colour),
    caption: q.caption && textBlock(q.caption),
  });
  const [trimW, trimH] =
    typeof file.page.size === 'string'
      ? PAGE_SIZES_MM[file.page.size]
      : [file.page.size.width, file.page.size.height];
  const landscape = file.page.orientation === 'landscape';
  const m = file.page.margins;
  const labels = file.labels;
  return {
    file: source,
    name: file.name,
    metadata: file.metadata,
    page: {
      width: mmToPt(landscape ? trimH : trimW),
      height: mmToPt(landscape ? trimW : trimH),
      margins: {
        top: mmToPt(m.top),
        right: mmToPt(m.right),
        bottom: mmToPt(m.bottom),
        left: mmToPt(m.left),
      },
      bleed: mmToPt(file.page.bleed),
      cropMarks: file.page.cropMarks,
    },
    fonts: file.fonts,
    styles,
    colourBars: file.colourBars.map((bar) => ({
      edge: bar.edge,
      thickness: mmToPt(bar.thickness),
      colour: colour(bar.colour),
      offset: mmToPt(bar.offset),
    })),
    logo: file.logo && {
      file: path.resolve(path.dirname(source), file.logo.file),
      x: mmToPt(file.logo.x),
      y: mmToPt(file.logo.y),
      width: mmToPt(file.logo.width),
      height: file.logo.height === undefined ? undefined : mmToPt(file.logo.height),
    },
    regions: Object.fromEntries(Object.entries(file.regions).map(([k, r]) => [k, box(r)])),
    blocks: Object.fromEntries(Object.entries(file.blocks).map(([k, b]) => [k, textBlock(b)])),
    qr: Object.fromEntries(Object.entries(file.qr).map(([k, q]) => [k, qrBlock(q)])),
    texts: file.texts,
    footer: file.footer && { ...file.footer, style: styles[file.footer.style]! },
    labels: labels && {
      columns: labels.columns,
      rows: labels.rows,
      width: mmToPt(labels.width),
      height: mmToPt(labels.height),
      top: mmToPt(labels.top),
      left: mmToPt(labels.left),
      gapX: mmToPt(labels.gapX),
      gapY: mmToPt(labels.gapY),
      outline: labels.outline,
      qr: labels.qr && qrBlock(labels.qr),
      blocks: labels.blocks.map((b) => ({ ...textBlock(b), box: box(b.box!) })),
    },
  };
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}
