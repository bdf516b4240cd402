import { LayoutDocument, mmToPt, requireParts, type Layout } from '../../lib/pdf';
import { formatGeneratedAt } from './formatting';
import { ListFlow } from './list-flow';

/** A row of a sectioned printout: a narrow first column, the main text, a note under it. */
export type SectionRow = { when: string; what: string; note?: string };
export type Section = { heading: string; rows: SectionRow[]; empty?: string };

const ROW_GAP = mmToPt(1.8);
const SECTION_GAP = mmToPt(5);
const HEADING_GAP = mmToPt(1.5);
const ROW_BLOCKS = ['rowWhen', 'rowWhat', 'rowNote'];

/**
 * A titled printout of sections with rows (the stand programme poster, the packing
 * list): the layout decides page size and looks, this decides the order. A section
 * heading never ends a page alone.
 */
export function renderSectionsDocument(
  layout: Layout,
  data: Record<string, unknown> & { timeZone: string },
  sections: readonly Section[],
  now: Date,
): PDFKit.PDFDocument {
  requireParts(layout, {
    regions: ['firstPage', 'nextPages'],
    blocks: ['title', 'subtitle', 'sectionHeading', ...ROW_BLOCKS],
  });
  const document = new LayoutDocument(layout, {
    data: { ...data, generatedAt: formatGeneratedAt(now, data.timeZone) },
    createdAt: now,
    perElementRoots: ['section', 'row'],
  });
  const block = (name: string) => layout.blocks[name]!;
  document.addPage();
  document.drawBlock(block('title'));
  document.drawBlock(block('subtitle'));
  const list = new ListFlow(document, layout.regions.firstPage!, layout.regions.nextPages!);
  const rowParts = ROW_BLOCKS.map(block);
  sections.forEach((section, index) => {
    if (index > 0) list.skip(SECTION_GAP);
    const rows = section.rows.length
      ? section.rows
      : [{ when: '', what: section.empty ?? '', note: '' }];
    const first = { row: { note: '', ...rows[0] } };
    list.place(
      [block('sectionHeading')],
      { section: { heading: section.heading } },
      list.rowHeight(rowParts, first) + HEADING_GAP,
    );
    list.skip(HEADING_GAP);
    for (const row of rows) {
      list.place(rowParts, { row: { note: '', ...row } });
      list.skip(ROW_GAP);
    }
  });
  document.end();
  return document.doc;
}
