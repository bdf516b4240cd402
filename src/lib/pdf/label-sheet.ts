import { LayoutDocument } from './layout-document';
import { LayoutError, type Layout } from './layout';
import { chunk, labelBoxes, labelsPerPage, type Offset } from './label-grid';
import type { PlaceholderData } from './placeholders';

export type LabelSheetOptions = {
  /** Document-wide placeholder values (e.g. `generatedAt`); each label's own are under `label`. */
  data: PlaceholderData;
  createdAt: Date;
  /** Printer calibration, in points: moves every label on every sheet. */
  offset?: Offset;
};

/**
 * Renders labels onto sheets of a label-grid layout: one label per item, row by row,
 * as many sheets as needed. Each item's values fill `{{label.…}}` placeholders; the
 * layout's label QR usually encodes `{{label.url}}`. Returns the finished document.
 */
export function renderLabelSheet(
  layout: Layout,
  labels: readonly PlaceholderData[],
  options: LabelSheetOptions,
): PDFKit.PDFDocument {
  const grid = layout.labels;
  if (!grid)
    throw new LayoutError(layout.file, [{ path: 'labels', message: 'required for a label sheet' }]);
  const sheets = chunk(labels, labelsPerPage(grid));
  const document = new LayoutDocument(layout, {
    data: options.data,
    createdAt: options.createdAt,
    perElementRoots: ['label'],
    pageCount: Math.max(1, sheets.length),
  });
  const doc = document.doc;
  for (const sheet of sheets.length ? sheets : [[]]) {
    document.addPage();
    const boxes = labelBoxes(grid, document.trim, options.offset);
    sheet.forEach((label, i) => {
      const box = boxes[i]!;
      if (grid.outline)
        doc
          .save()
          .lineWidth(0.3)
          .strokeColor('#bbbbbb')
          .rect(box.x, box.y, box.width, box.height)
          .stroke()
          .restore();
      const extra = { label };
      if (grid.qr) document.drawQr(grid.qr, extra, box);
      for (const block of grid.blocks) document.drawBlock(block, extra, { origin: box });
    });
  }
  document.end();
  return doc;
}
