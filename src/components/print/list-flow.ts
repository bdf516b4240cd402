import type { Box, LayoutDocument, TextBlock } from '../../lib/pdf';

/**
 * Stacks rows down a region. A row is blocks side by side (their boxes give the
 * columns); blocks sharing a column stack under each other.
 */
export class ListFlow {
  private region: Box;
  private y: number;

  constructor(
    private readonly document: LayoutDocument,
    firstPage: Box,
    private readonly nextPages: Box,
  ) {
    this.region = this.absolute(firstPage);
    this.y = this.region.y;
  }

  rowHeight(parts: TextBlock[], data: Record<string, unknown>): number {
    const columns = new Map<number, number>();
    for (const part of parts) {
      const x = part.box?.x ?? 0;
      columns.set(x, (columns.get(x) ?? 0) + this.document.measureBlock(part, data));
    }
    return Math.max(0, ...columns.values());
  }

  place(parts: TextBlock[], data: Record<string, unknown>, keepWith = 0): void {
    const height = this.rowHeight(parts, data);
    if (this.y + height + keepWith > this.region.y + this.region.height && this.y > this.region.y) {
      this.document.addPage();
      this.region = this.absolute(this.nextPages);
      this.y = this.region.y;
    }
    const columnY = new Map<number, number>();
    for (const part of parts) {
      const box = part.box!;
      const y = columnY.get(box.x) ?? this.y;
      const used = this.document.drawBlock(part, data, {
        box: { x: this.region.x + box.x, y, width: box.width, height: box.height },
      });
      columnY.set(box.x, y + used);
    }
    this.y += height;
  }

  skip(gap: number): void {
    this.y += gap;
  }

  private absolute(region: Box): Box {
    const trim = this.document.trim;
    return { ...region, x: trim.x + region.x, y: trim.y + region.y };
  }
}
