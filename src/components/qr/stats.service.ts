import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import { ScanCounterModel, type ScanCounterDoc } from './scan.model';

/**
 * Analytics read the hourly counters only, never the raw scans: the work grows with
 * codes × hours × slots, not with the number of scans, so stats stay flat as a code
 * gets popular. Bots are counted apart and left out of every other figure.
 */
export type ScanStats = {
  scans: number;
  uniqueVisitors: number;
  qrScans: number;
  linkScans: number;
  botScans: number;
  devices: { mobile: number; tablet: number; desktop: number; other: number };
  /** Calendar days in `timeZone`, oldest first. */
  byDay: { day: string; scans: number; uniqueVisitors: number }[];
  /** Hour of the day 0–23 in `timeZone`. */
  byHour: { hour: number; scans: number }[];
  timeZone: string;
};

export type StatsWindow = { from?: string; to?: string; timeZone: string };

type CounterRow = Omit<ScanCounterDoc, '_id' | 'slot'>;

/** Totals, days and hours over the given codes (one code, or every code of a resource, project or event). */
export async function scanStats(
  qrCodeIds: readonly string[],
  window: StatsWindow,
): Promise<ScanStats> {
  const zone = window.timeZone;
  const filter: Record<string, unknown> = {
    qrCodeId: { $in: qrCodeIds.map((id) => new Types.ObjectId(id)) },
  };
  const hour: Record<string, Date> = {};
  if (window.from) hour.$gte = DateTime.fromISO(window.from, { zone }).startOf('day').toJSDate();
  if (window.to)
    hour.$lt = DateTime.fromISO(window.to, { zone }).plus({ days: 1 }).startOf('day').toJSDate();
  if (Object.keys(hour).length) filter.hour = hour;
  const rows = await ScanCounterModel.find(filter, { _id: 0, slot: 0 }).lean<CounterRow[]>();

  const stats: ScanStats = {
    scans: 0,
    uniqueVisitors: 0,
    qrScans: 0,
    linkScans: 0,
    botScans: 0,
    devices: { mobile: 0, tablet: 0, desktop: 0, other: 0 },
    byDay: [],
    byHour: Array.from({ length: 24 }, (_, h) => ({ hour: h, scans: 0 })),
    timeZone: zone,
  };
  const days = new Map<string, { day: string; scans: number; uniqueVisitors: number }>();
  // Local day and hour depend only on the UTC hour: computed once per distinct hour.
  const local = new Map<number, { day: string; hour: number }>();
  for (const row of rows) {
    stats.scans += row.scans;
    stats.uniqueVisitors += row.uniqueVisitors;
    stats.qrScans += row.qrScans;
    stats.linkScans += row.linkScans;
    stats.botScans += row.botScans;
    stats.devices.mobile += row.mobile;
    stats.devices.tablet += row.tablet;
    stats.devices.desktop += row.desktop;
    stats.devices.other += row.other;
    const time = row.hour.getTime();
    let at = local.get(time);
    if (!at) {
      const dt = DateTime.fromMillis(time, { zone });
      at = { day: dt.toISODate() ?? '', hour: dt.hour };
      local.set(time, at);
    }
    const day = days.get(at.day) ?? { day: at.day, scans: 0, uniqueVisitors: 0 };
    day.scans += row.scans;
    day.uniqueVisitors += row.uniqueVisitors;
    days.set(at.day, day);
    stats.byHour[at.hour]!.scans += row.scans;
  }
  stats.byDay = [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  return stats;
}

/** Scans per code (bots excluded), for "top codes". */
export async function scansPerCode(qrCodeIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await ScanCounterModel.aggregate<{ _id: Types.ObjectId; scans: number }>([
    { $match: { qrCodeId: { $in: qrCodeIds.map((id) => new Types.ObjectId(id)) } } },
    { $group: { _id: '$qrCodeId', scans: { $sum: '$scans' } } },
  ]);
  return new Map(rows.map((r) => [r._id.toString(), r.scans]));
}
