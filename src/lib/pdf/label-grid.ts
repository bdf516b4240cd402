import type { LabelGrid } from './layout';
import type { Box } from './units';

export type Offset = { x: number; y: number };

export function labelsPerPage(grid: Pick<LabelGrid, 'columns' | 'rows'>): number {
  return grid.columns * grid.rows;
}

/**
 * The label boxes of one sheet, row by row, shifted by a calibration offset (printers
 * feed label stock a millimetre or two off; the offset moves everything together).
 */
export function labelBoxes(
  grid: LabelGrid,
  origin: Offset,
  offset: Offset = { x: 0, y: 0 },
): Box[] {
  const boxes: Box[] = [];
  for (let row = 0; row < grid.rows; row++) {
    for (let col = 0; col < grid.columns; col++) {
      boxes.push({
        x: origin.x + grid.left + offset.x + col * (grid.width + grid.gapX),
        y: origin.y + grid.top + offset.y + row * (grid.height + grid.gapY),
        width: grid.width,
        height: grid.height,
      });
    }
  }
  return boxes;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
