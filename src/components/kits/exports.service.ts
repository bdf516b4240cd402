import { Types } from 'mongoose';
import { csvLines } from '../qr';
import { HandOutModel, type HandOutDoc } from './hand-out.model';
import { KitModel, type KitDoc } from './kit.model';
import { PlayReportModel, type PlayReportDoc } from './play-report.model';
import { RecipientModel, type RecipientDoc } from './recipient.model';
import type { KitReport } from './reports.service';

/**
 * CSV exports for organisers (comms and admins). Cells go through the registry's
 * csvCell: quoted, and formulas (=, +, -, @ …) neutralised.
 */
const byType = (kitTypeId?: string) =>
  kitTypeId ? { kitTypeId: new Types.ObjectId(kitTypeId) } : {};
const iso = (d?: Date) => (d ? d.toISOString() : '');

export async function kitsCsv(kitTypeId?: string): Promise<string> {
  const kits = await KitModel.find(byType(kitTypeId)).sort({ serial: 1 }).lean<KitDoc[]>();
  return csvLines([
    ['serial', 'status', 'qr_code', 'kit_type_id', 'batch_id', 'created_at'],
    ...kits.map((k) => [
      k.serial,
      k.status,
      k.qrCode,
      k.kitTypeId.toString(),
      k.batchId?.toString() ?? '',
      iso(k.createdAt),
    ]),
  ]);
}

/** Hand-outs with their recipients, within `visible` (the actor's, from the policies). */
export async function handOutsCsv(
  kitTypeId?: string,
  visible: Record<string, unknown> = {},
): Promise<string> {
  const handOuts = await HandOutModel.find({ $and: [byType(kitTypeId), visible] })
    .sort({ handedOutAt: 1, _id: 1 })
    .lean<HandOutDoc[]>();
  const kits = await KitModel.find(
    { _id: { $in: handOuts.flatMap((h) => h.kitId ?? []) } },
    { serial: 1 },
  ).lean();
  const recipients = await RecipientModel.find({
    _id: { $in: handOuts.flatMap((h) => h.recipientId ?? []) },
  }).lean<RecipientDoc[]>();
  const serial = new Map(kits.map((k) => [k._id.toString(), k.serial]));
  const person = new Map(recipients.map((r) => [r._id.toString(), r]));
  return csvLines([
    [
      'kind',
      'count',
      'count_qualifier',
      'serial',
      'event_id',
      'handed_out_at',
      'city',
      'country',
      'name',
      'organisation',
      'role',
      'email',
      'follow_up_consent',
      'newsletter_consent',
      'consent_text_version',
      'consent_at',
      'source',
      'note',
    ],
    ...handOuts.map((h) => {
      const r = h.recipientId ? person.get(h.recipientId.toString()) : undefined;
      return [
        h.kind,
        h.count,
        h.countQualifier,
        h.kitId ? (serial.get(h.kitId.toString()) ?? '') : '',
        h.eventId?.toString() ?? '',
        iso(h.handedOutAt),
        h.city ?? '',
        h.country ?? '',
        r?.name ?? '',
        r?.organisation ?? '',
        r?.role ?? '',
        r?.email ?? '',
        h.consents.followUp.given ? 'yes' : 'no',
        h.consents.newsletter.given ? 'yes' : 'no',
        h.consents.followUp.textVersion,
        iso(h.consents.followUp.at),
        h.source,
        h.note ?? '',
      ];
    }),
  ]);
}

export async function playReportsCsv(kitTypeId?: string): Promise<string> {
  const plays = await PlayReportModel.find(byType(kitTypeId), { 'photo.data': 0 })
    .sort({ playedOn: 1, _id: 1 })
    .lean<PlayReportDoc[]>();
  const kits = await KitModel.find(
    { _id: { $in: plays.map((p) => p.kitId) } },
    { serial: 1 },
  ).lean();
  const serial = new Map(kits.map((k) => [k._id.toString(), k.serial]));
  return csvLines([
    [
      'serial',
      'played_on',
      'city',
      'country',
      'players',
      'setting',
      'co_benefits',
      'conflicts',
      'text',
      'photo',
      'reported_at',
    ],
    ...plays.map((p) => [
      serial.get(p.kitId.toString()) ?? '',
      p.playedOn,
      p.city,
      p.country,
      p.players,
      p.setting,
      p.coBenefits ?? '',
      p.conflicts ?? '',
      p.text ?? '',
      p.photo?.mediaType ? 'yes' : 'no',
      iso(p.createdAt),
    ]),
  ]);
}

/**
 * The report's tables as one CSV: a `table` column (status, country, city, project,
 * event, total, reach) and its rows; lower bounds keep their qualifier ("more-than").
 * `names` turns project and event ids into what the page shows.
 */
export function reportCsv(report: KitReport, names: Map<string, string>): string {
  const place = (table: string, rows: KitReport['byCountry']) =>
    rows.map((r) => [
      table,
      r.key || 'not recorded',
      String(r.handedOut.count),
      r.handedOut.qualifier,
      String(r.plays),
      String(r.players),
    ]);
  const grouped = (table: string, rows: KitReport['byProject']) =>
    rows.map((r) => [
      table,
      names.get(r.key) ?? (r.key || 'none'),
      String(r.handedOut.count),
      r.handedOut.qualifier,
      '',
      '',
    ]);
  return csvLines([
    ['table', 'key', 'handed_out', 'handed_out_qualifier', 'plays', 'players'],
    ...Object.entries(report.byStatus).map(([status, n]) => [
      'status',
      status,
      String(n),
      'exact',
      '',
      '',
    ]),
    [
      'total',
      'all',
      String(report.handedOut.total.count),
      report.handedOut.total.qualifier,
      String(report.reach.plays),
      String(report.reach.players),
    ],
    ...place('country', report.byCountry),
    ...place('city', report.byCity),
    ...grouped('project', report.byProject),
    ...grouped('event', report.byEvent),
  ]);
}
