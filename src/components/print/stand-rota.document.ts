import { DateTime } from 'luxon';
import { LayoutDocument, requireParts, type Box, type Layout, type TextBlock } from '../../lib/pdf';
import { formatGeneratedAt, formatTimeRange } from './formatting';
import { ListFlow } from './list-flow';

/** One shift as the rota prints it: times stay instants, names are resolved. */
export type RotaShift = {
  start: Date;
  end: Date;
  zone?: string;
  title?: string;
  /** "lead 1, booth 2" */
  needs: string;
  /** Team member ids on the shift. */
  memberIds: string[];
  openPlaces: number;
};
export type RotaPerson = { memberId: string; name: string; project?: string; phone?: string };
export type RotaDay = { day: string; label: string; shifts: RotaShift[] };
export type RotaInput = {
  stand: { name: string; place: string };
  event: { name: string; timeZone: string };
  people: RotaPerson[];
  days: RotaDay[];
  /** Phone numbers only when asked for: the printout may hang at the stand. */
  withPhones: boolean;
};

const NAME_COLUMN_SHARE = 0.2;
const MAX_ROW_HEIGHT = 32;
const LIST_GAP = 18;

/** What every part of the rota is drawn with. */
type Rota = { document: LayoutDocument; layout: Layout; input: RotaInput; tz: string };

/**
 * The staff rota: one page per day with the team down the side and the day's hours
 * across, each shift a bar in its people's rows; under the grid every shift of the day
 * as a line (time, zone, needs, who, open places), so nothing depends on a bar's width.
 */
export function renderStandRotaDocument(
  layout: Layout,
  input: RotaInput,
  now: Date,
): PDFKit.PDFDocument {
  requireParts(layout, {
    regions: ['grid', 'list', 'nextPages'],
    blocks: ['title', 'subtitle', 'dayHeading', 'personName', 'personPhone', 'hourLabel'],
    texts: ['noShifts', 'openPlaces'],
  });
  const tz = input.event.timeZone;
  const document = new LayoutDocument(layout, {
    data: {
      stand: input.stand,
      event: input.event,
      generatedAt: formatGeneratedAt(now, tz),
      timeZone: tz,
    },
    createdAt: now,
    perElementRoots: ['day', 'person', 'hour', 'shift'],
  });
  const rota: Rota = { document, layout, input, tz };
  for (const day of input.days) drawDay(rota, day);
  document.end();
  return document.doc;
}

const blockOf = (rota: Rota, name: string): TextBlock => rota.layout.blocks[name]!;

/** One page: the headings, then the grid and the shift lines (or the "no shifts" line). */
function drawDay(rota: Rota, day: RotaDay) {
  const { document, layout } = rota;
  const { trim } = document;
  document.addPage();
  document.drawBlock(blockOf(rota, 'title'));
  document.drawBlock(blockOf(rota, 'subtitle'));
  document.drawBlock(blockOf(rota, 'dayHeading'), { day: { label: day.label } });
  if (day.shifts.length === 0) {
    const list = new ListFlow(document, layout.regions.list!, layout.regions.nextPages!);
    list.place([blockOf(rota, 'shiftTime'), blockOf(rota, 'shiftDetails')], {
      shift: { time: '', details: layout.texts.noShifts },
    });
    return;
  }
  const grid = layout.regions.grid!;
  const gridBottom = drawGrid(rota, { ...grid, x: trim.x + grid.x, y: trim.y + grid.y }, day);
  drawShiftList(rota, day, gridBottom - trim.y);
}

/** Every shift of the day as a line under the grid, which ends at `gridBottom` (trim y). */
function drawShiftList(rota: Rota, day: RotaDay, gridBottom: number) {
  const { document, layout, input, tz } = rota;
  // The shift lines follow the grid closely; `list` is where they may go at most.
  const listRegion = layout.regions.list!;
  const top = Math.min(listRegion.y, gridBottom + LIST_GAP);
  const list = new ListFlow(
    document,
    { ...listRegion, y: top, height: listRegion.y + listRegion.height - top },
    layout.regions.nextPages!,
  );
  for (const shift of day.shifts) {
    const people = shift.memberIds.map(
      (id) => input.people.find((p) => p.memberId === id)?.name ?? '?',
    );
    const open = shift.openPlaces
      ? document.fill(layout.texts.openPlaces!, { shift: { open: String(shift.openPlaces) } })
      : '';
    const details = [shift.title, shift.zone, shift.needs, people.join(', ') || undefined, open]
      .filter(Boolean)
      .join(' · ');
    list.place([blockOf(rota, 'shiftTime'), blockOf(rota, 'shiftDetails')], {
      shift: { time: formatTimeRange(shift.start, shift.end, tz), details },
    });
  }
}

/** Where the day's grid goes and how its hours and rows are spaced. */
type Grid = {
  area: Box;
  first: DateTime;
  last: DateTime;
  nameWidth: number;
  headerHeight: number;
  rowHeight: number;
  lineColour: string;
  barColour: string;
  /** The page x of an instant. */
  x: (instant: Date) => number;
};

/** Draws the day's grid in `area` and returns where it ends (page y). */
function drawGrid(rota: Rota, area: Box, day: RotaDay): number {
  const { document, input } = rota;
  const grid = gridOf(rota, area, day);
  drawHours(rota, grid, input.people.length);
  input.people.forEach((person, row) => drawPersonRow(rota, grid, day, person, row));
  const bottom = area.y + grid.headerHeight + grid.rowHeight * input.people.length;
  document.doc
    .moveTo(area.x, bottom)
    .lineTo(area.x + area.width, bottom)
    .lineWidth(0.4)
    .strokeColor(grid.lineColour)
    .stroke();
  return bottom;
}

/** The day's hours (whole hours around its shifts) and the grid's spacing in `area`. */
function gridOf({ layout, input, tz }: Rota, area: Box, day: RotaDay): Grid {
  const first = DateTime.fromJSDate(
    new Date(Math.min(...day.shifts.map((s) => s.start.getTime()))),
    { zone: tz },
  ).startOf('hour');
  let last = DateTime.fromJSDate(new Date(Math.max(...day.shifts.map((s) => s.end.getTime()))), {
    zone: tz,
  });
  if (+last.startOf('hour') !== +last) last = last.startOf('hour').plus({ hours: 1 });
  const span = last.toMillis() - first.toMillis();
  const nameWidth = area.width * NAME_COLUMN_SHARE;
  const gridX = area.x + nameWidth;
  const gridWidth = area.width - nameWidth;
  const headerHeight = 14;
  // Rows shrink to keep the grid inside its region: the rota stays one page per day.
  const rowHeight = Math.min(
    MAX_ROW_HEIGHT,
    (area.height - headerHeight) / Math.max(1, input.people.length),
  );
  return {
    area,
    first,
    last,
    nameWidth,
    headerHeight,
    rowHeight,
    lineColour: layout.styles.gridLine?.colour ?? '#bbbbbb',
    barColour: layout.styles.barFill?.colour ?? '#dddddd',
    x: (instant) => gridX + ((instant.getTime() - first.toMillis()) / span) * gridWidth,
  };
}

/** Hour lines and labels, in the event's zone (a DST day has 23 or 25 of them). */
function drawHours(rota: Rota, grid: Grid, rows: number) {
  const { document } = rota;
  const { area, first, last, headerHeight, rowHeight } = grid;
  for (let hour = first; hour <= last; hour = hour.plus({ hours: 1 })) {
    const hx = grid.x(hour.toJSDate());
    document.doc
      .moveTo(hx, area.y + headerHeight - 2)
      .lineTo(hx, area.y + headerHeight + rowHeight * rows)
      .lineWidth(0.4)
      .strokeColor(grid.lineColour)
      .stroke();
    if (hour < last) {
      document.drawBlock(
        blockOf(rota, 'hourLabel'),
        { hour: { label: hour.toFormat('HH:mm') } },
        { box: { x: hx + 1, y: area.y, width: 40, height: headerHeight } },
      );
    }
  }
}

/** One person's row: the rule above it, name (and phone), and a bar per shift of theirs. */
function drawPersonRow(rota: Rota, grid: Grid, day: RotaDay, person: RotaPerson, row: number) {
  const { document, layout, input } = rota;
  const { doc } = document;
  const { area, nameWidth, headerHeight, rowHeight } = grid;
  const y = area.y + headerHeight + row * rowHeight;
  doc
    .moveTo(area.x, y)
    .lineTo(area.x + area.width, y)
    .lineWidth(0.4)
    .strokeColor(grid.lineColour)
    .stroke();
  const used = document.drawBlock(
    blockOf(rota, 'personName'),
    { person },
    { box: { x: area.x, y: y + 2, width: nameWidth - 4, height: rowHeight - 2 } },
  );
  if (input.withPhones && person.phone && used + 8 < rowHeight) {
    document.drawBlock(
      blockOf(rota, 'personPhone'),
      { person },
      { box: { x: area.x, y: y + 2 + used, width: nameWidth - 4, height: rowHeight - used } },
    );
  }
  for (const shift of day.shifts.filter((s) => s.memberIds.includes(person.memberId))) {
    const bx = grid.x(shift.start);
    const width = Math.max(2, grid.x(shift.end) - bx);
    doc
      .rect(bx + 0.5, y + 1.5, width - 1, rowHeight - 3)
      .fillColor(grid.barColour)
      .fill();
    if (layout.blocks.barLabel) {
      document.drawBlock(
        layout.blocks.barLabel,
        { shift: { zone: shift.zone ?? shift.title ?? '' } },
        {
          box: { x: bx + 2, y: y + 2.5, width: Math.max(4, width - 4), height: rowHeight - 5 },
        },
      );
    }
  }
}
