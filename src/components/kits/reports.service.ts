import { Types } from 'mongoose';
import { HandOutModel, type CountQualifier, type HandOutDoc } from './hand-out.model';
import { KitTypeModel, type KitTypeDoc } from './kit-type.model';
import { KIT_STATUSES, KitModel, type KitStatus } from './kit.model';
import { countLabel } from './kits.presenter';
import { PlayReportModel, type PlayReportDoc } from './play-report.model';

export type ReportFilter = { kitTypeId?: string; eventId?: string };

/** A sum of figures some of which are lower bounds ("more than 250"): the total says so too. */
export type Tally = { count: number; qualifier: CountQualifier; label: string };

function tally(rows: { count: number; countQualifier: CountQualifier }[]): Tally {
  const count = rows.reduce((sum, r) => sum + r.count, 0);
  const qualifier: CountQualifier = rows.some((r) => r.countQualifier === 'more-than')
    ? 'more-than'
    : rows.some((r) => r.countQualifier === 'at-least')
      ? 'at-least'
      : 'exact';
  return { count, qualifier, label: countLabel(count, qualifier) };
}

type Place = { key: string; handedOut: Tally; plays: number; players: number };

function byPlace(
  handOuts: HandOutDoc[],
  plays: PlayReportDoc[],
  keyOf: (r: { city?: string; country?: string }) => string,
) {
  const groups = new Map<string, { rows: HandOutDoc[]; plays: number; players: number }>();
  const group = (key: string) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { rows: [], plays: 0, players: 0 }));
    return g;
  };
  for (const h of handOuts) group(keyOf(h)).rows.push(h);
  for (const p of plays) {
    const g = group(keyOf(p));
    g.plays += 1;
    g.players += p.players;
  }
  const places: Place[] = [...groups].map(([key, g]) => ({
    key,
    handedOut: tally(g.rows),
    plays: g.plays,
    players: g.players,
  }));
  return places.sort((a, b) => b.handedOut.count - a.handedOut.count || a.key.localeCompare(b.key));
}

/**
 * The kit report: kits by status; hand-outs (named and tallies, which add up with their
 * qualifier: 250 "more than" + 4 named = "more than 254"); by country, city, project and
 * event; reach = players in play reports.
 */
export async function kitReport(filter: ReportFilter = {}) {
  const kitTypes = await KitTypeModel.find(
    filter.kitTypeId ? { _id: new Types.ObjectId(filter.kitTypeId) } : {},
  ).lean<KitTypeDoc[]>();
  const typeIds = kitTypes.map((t) => t._id);
  const handOutFilter: Record<string, unknown> = { kitTypeId: { $in: typeIds } };
  if (filter.eventId) handOutFilter.eventId = new Types.ObjectId(filter.eventId);
  const handOuts = await HandOutModel.find(handOutFilter).lean<HandOutDoc[]>();
  const kitIds = handOuts.flatMap((h) => h.kitId ?? []);
  const kitFilter: Record<string, unknown> = filter.eventId
    ? { _id: { $in: kitIds } }
    : { kitTypeId: { $in: typeIds } };
  const playFilter: Record<string, unknown> = filter.eventId
    ? { kitId: { $in: kitIds } }
    : { kitTypeId: { $in: typeIds } };
  const [statusRows, plays] = await Promise.all([
    KitModel.aggregate<{ _id: KitStatus; n: number }>([
      { $match: kitFilter },
      { $group: { _id: '$status', n: { $sum: 1 } } },
    ]),
    PlayReportModel.find(playFilter, { 'photo.data': 0 }).lean<PlayReportDoc[]>(),
  ]);
  const byStatus = Object.fromEntries(
    KIT_STATUSES.map((s) => [s, statusRows.find((r) => r._id === s)?.n ?? 0]),
  ) as Record<KitStatus, number>;
  const named = handOuts.filter((h) => h.kind === 'named');
  const aggregate = handOuts.filter((h) => h.kind === 'aggregate');
  const projectOf = new Map(kitTypes.map((t) => [t._id.toString(), t.projectId?.toString() ?? '']));
  const groupBy = (key: (h: HandOutDoc) => string) => {
    const map = new Map<string, HandOutDoc[]>();
    for (const h of handOuts) map.set(key(h), [...(map.get(key(h)) ?? []), h]);
    return [...map].map(([k, rows]) => ({ key: k, handedOut: tally(rows) }));
  };
  return {
    byStatus,
    handedOut: { named: named.length, aggregate: tally(aggregate), total: tally(handOuts) },
    reach: { plays: plays.length, players: plays.reduce((sum, p) => sum + p.players, 0) },
    byCountry: byPlace(handOuts, plays, (r) => r.country ?? ''),
    byCity: byPlace(handOuts, plays, (r) =>
      r.city ? `${r.city}${r.country ? `, ${r.country}` : ''}` : '',
    ),
    byProject: groupBy((h) => projectOf.get(h.kitTypeId.toString()) ?? ''),
    byEvent: groupBy((h) => h.eventId?.toString() ?? ''),
  };
}
export type KitReport = Awaited<ReturnType<typeof kitReport>>;
