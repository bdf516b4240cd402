import { parse } from 'csv-parse/sync';

import { z } from 'zod';
import { Types } from 'mongoose';
import { AppError, conflict } from '../../lib/errors';
import { getEvent } from '../events';
import { CONSENT_TEXT_VERSION, isKnownConsentVersion } from './consent';
import { HandOutModel } from './hand-out.model';
import { RecipientModel } from './recipient.model';
import { findKitTypeDoc } from './kit-types.service';
import { KitModel, type KitDoc } from './kit.model';
import { MAX_IMPORT_BYTES } from './import-upload';
import { withTransaction } from '../../lib/transactions';

/**
 * CSV import of hand-outs recorded on paper. Columns (a header row names them; any
 * order): serial, handed_out_at, name, organisation, city, country, role, email,
 * follow_up, newsletter, consent_text_version, count, count_qualifier, note. A row
 * with `count` is a tally without people; a row without serial takes a kit from stock.
 * Every line is checked first; one bad line and nothing is written.
 */
export const IMPORT_COLUMNS = [
  'serial',
  'handed_out_at',
  'name',
  'organisation',
  'city',
  'country',
  'role',
  'email',
  'follow_up',
  'newsletter',
  'consent_text_version',
  'count',
  'count_qualifier',
  'note',
] as const;
export const MAX_IMPORT_ROWS = 5000;

const yesNo = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v, ctx) => {
    if (['', 'no', 'n', 'false', '0'].includes(v)) return false;
    if (['yes', 'y', 'true', '1'].includes(v)) return true;
    ctx.addIssue({ code: 'custom', message: 'must be yes or no' });
    return z.NEVER;
  });
const when = z
  .string()
  .trim()
  .refine(
    (v) => v === '' || !Number.isNaN(Date.parse(v)),
    'must be a date (YYYY-MM-DD) or date and time',
  );
const row = z.strictObject({
  serial: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([A-Z]{2,8}-\d{4,})?$/, 'must be a serial such as DOM-0042')
    .default(''),
  handed_out_at: when.default(''),
  name: z.string().trim().max(200).default(''),
  organisation: z.string().trim().max(200).default(''),
  city: z.string().trim().max(100).default(''),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([A-Z]{2})?$/, 'must be two letters, e.g. LT')
    .default(''),
  role: z.string().trim().max(200).default(''),
  email: z.union([z.literal(''), z.email('must be an e-mail address').max(254)]).default(''),
  follow_up: yesNo.default(false),
  newsletter: yesNo.default(false),
  consent_text_version: z.string().trim().max(50).default(''),
  count: z
    .string()
    .trim()
    .regex(/^(\d{1,7})?$/, 'must be a whole number')
    .default(''),
  count_qualifier: z.enum(['', 'exact', 'at-least', 'more-than']).default(''),
  note: z.string().trim().max(2000).default(''),
});
type Row = z.output<typeof row>;

export type ImportProblem = { line: number; field?: string; message: string };
export type ImportResult = {
  dryRun: boolean;
  rows: number;
  handOuts: number;
  tallies: number;
  errors: ImportProblem[];
};

function readCsv(text: string): {
  rows: { line: number; values: Record<string, string> }[];
  errors: ImportProblem[];
} {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      info: true,
      trim: false,
    });
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return {
      rows: [],
      errors: [{ line, message: `not a readable CSV file: ${(err as Error).message}` }],
    };
  }
  return { rows: records.map((r) => ({ line: r.info.lines, values: r.record })), errors: [] };
}

/** Checks every line (and, without `dryRun`, writes them all in one transaction). */
export async function importHandOuts(
  kitTypeId: string,
  csv: string,
  options: { dryRun: boolean; eventId?: string; userId?: string },
  now: Date,
): Promise<ImportResult> {
  const kitType = await findKitTypeDoc(kitTypeId);
  if (options.eventId) await getEvent(options.eventId);
  const { rows: raw, errors } = readCsv(csv);
  if (raw.length > MAX_IMPORT_ROWS)
    throw new AppError('import_too_large', `At most ${MAX_IMPORT_ROWS} lines per import`, 413);
  const header = raw[0] ? Object.keys(raw[0].values) : [];
  const unknown = header.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) errors.push({ line: 1, message: `unknown columns: ${unknown.join(', ')}` });

  const rows: { line: number; data: Row }[] = [];
  if (!unknown.length) {
    for (const { line, values } of raw) {
      const parsed = row.safeParse(values);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          errors.push({ line, field: issue.path.join('.'), message: issue.message });
        continue;
      }
      const data = parsed.data;
      const fail = (field: string, message: string) => errors.push({ line, field, message });
      if (data.count && data.serial) fail('count', 'a tally (count) has no serial');
      if (!data.count && !data.handed_out_at) fail('handed_out_at', 'is required for a hand-out');
      if (data.handed_out_at && Date.parse(data.handed_out_at) > now.getTime())
        fail('handed_out_at', 'is in the future');
      if ((data.follow_up || data.newsletter) && !data.email)
        fail('email', 'consent needs an e-mail address');
      if (data.consent_text_version && !isKnownConsentVersion(data.consent_text_version))
        fail('consent_text_version', 'is not a known consent text version');
      if (data.count && Number(data.count) < 1) fail('count', 'must be at least 1');
      if (data.count && !data.handed_out_at && !options.eventId)
        fail('handed_out_at', 'a tally needs a date or the import an event');
      rows.push({ line, data });
    }
  }
  // Serials: known, of this kit type, in stock, and each once in the file; enough stock for the rest.
  const named = rows.filter((r) => !r.data.count);
  const serials = named.filter((r) => r.data.serial).map((r) => r.data.serial);
  const kits = await KitModel.find({ serial: { $in: serials } }).lean<KitDoc[]>();
  const bySerial = new Map(kits.map((k) => [k.serial, k]));
  const seen = new Map<string, number>();
  for (const { line, data } of named.filter((r) => r.data.serial)) {
    const kit = bySerial.get(data.serial);
    if (!kit || !kit.kitTypeId.equals(kitType._id))
      errors.push({ line, field: 'serial', message: `no ${kitType.name} kit ${data.serial}` });
    else if (kit.status !== 'in-stock')
      errors.push({ line, field: 'serial', message: `kit ${data.serial} is already handed out` });
    if (seen.has(data.serial))
      errors.push({
        line,
        field: 'serial',
        message: `${data.serial} is also on line ${seen.get(data.serial)}`,
      });
    else seen.set(data.serial, line);
  }
  const fromStock = named.filter((r) => !r.data.serial).length;
  if (fromStock) {
    const stock = await KitModel.countDocuments({
      kitTypeId: kitType._id,
      status: 'in-stock',
      serial: { $nin: serials },
    });
    if (stock < fromStock)
      errors.push({
        line: named.find((r) => !r.data.serial)!.line,
        field: 'serial',
        message: `${fromStock} lines without serial, but only ${stock} kits in stock`,
      });
  }
  errors.sort((a, b) => a.line - b.line);
  const result = {
    dryRun: options.dryRun,
    rows: raw.length,
    handOuts: named.length,
    tallies: rows.length - named.length,
    errors,
  };
  if (errors.length) {
    if (options.dryRun) return result;
    throw new AppError('import_invalid', `${errors.length} problems; nothing was imported`, 400, {
      errors,
    });
  }
  if (options.dryRun) return result;

  await writeImport(kitType._id, rows, bySerial, options, now);
  return result;
}

export const importQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  eventId: z
    .string()
    .regex(/^[0-9a-f]{24}$/i)
    .optional(),
});
export const importBody = z.strictObject({
  csv: z.string().min(1, 'is empty').max(MAX_IMPORT_BYTES),
});

/**
 * Writes checked lines in bulk, in one transaction: a few round trips for thousands
 * of lines (one by one they took minutes, beyond a transaction's lifetime on MongoDB).
 * Kits move to handed-out only from in-stock; if another hand-out took one meanwhile,
 * the whole import is undone (409 `kits_taken_meanwhile`).
 */
async function writeImport(
  kitTypeId: Types.ObjectId,
  rows: { line: number; data: Row }[],
  bySerial: Map<string, KitDoc>,
  options: { eventId?: string; userId?: string },
  now: Date,
): Promise<void> {
  const eventId = options.eventId ? new Types.ObjectId(options.eventId) : undefined;
  const handedOutBy = options.userId ? new Types.ObjectId(options.userId) : undefined;
  const named = rows.filter((r) => !r.data.count);
  await withTransaction(async () => {
    const fromStock = await KitModel.find(
      {
        kitTypeId,
        status: 'in-stock',
        serial: { $nin: [...bySerial.keys()] },
      },
      { _id: 1 },
    )
      .sort({ serial: 1 })
      .limit(named.filter((r) => !r.data.serial).length)
      .lean<Pick<KitDoc, '_id'>[]>();
    let nextFromStock = 0;
    const recipients: Record<string, unknown>[] = [];
    const handOuts: Record<string, unknown>[] = [];
    const kitMoves: { kitId: Types.ObjectId; handOutId: Types.ObjectId }[] = [];
    for (const { data } of rows) {
      const at = data.handed_out_at ? new Date(data.handed_out_at) : undefined;
      const _id = new Types.ObjectId();
      const common = {
        _id,
        kitTypeId,
        eventId,
        city: data.city || undefined,
        country: data.country || undefined,
        handedOutAt: at,
        handedOutBy,
        source: 'import',
        note: data.note || undefined,
        followUpsSent: [],
      };
      if (data.count) {
        // A tally has nobody to ask: no consent, recorded when the import was.
        const none = { given: false, textVersion: CONSENT_TEXT_VERSION, at: now };
        handOuts.push({
          ...common,
          kind: 'aggregate',
          count: Number(data.count),
          countQualifier: data.count_qualifier || 'exact',
          consents: { followUp: none, newsletter: none },
        });
        continue;
      }
      const kitId = data.serial ? bySerial.get(data.serial)!._id : fromStock[nextFromStock++]?._id;
      if (!kitId) throw kitsTaken();
      const person = data.name || data.organisation || data.email || data.role;
      const recipientId = person ? new Types.ObjectId() : undefined;
      if (recipientId)
        recipients.push({
          _id: recipientId,
          name: data.name || undefined,
          organisation: data.organisation || undefined,
          city: data.city || undefined,
          country: data.country || undefined,
          role: data.role || undefined,
          email: data.email || undefined,
        });
      // Consent was given on the paper form, at the hand-out; without an address there is nothing to consent to.
      const consent = (given: boolean) => ({
        given: given && Boolean(data.email),
        textVersion: data.consent_text_version || CONSENT_TEXT_VERSION,
        at: at ?? now,
      });
      handOuts.push({
        ...common,
        kind: 'named',
        kitId,
        recipientId,
        count: 1,
        countQualifier: 'exact',
        consents: { followUp: consent(data.follow_up), newsletter: consent(data.newsletter) },
      });
      kitMoves.push({ kitId, handOutId: _id });
    }
    if (kitMoves.length) {
      const moved = await KitModel.bulkWrite(
        kitMoves.map((m) => ({
          updateOne: {
            filter: { _id: m.kitId, status: 'in-stock' },
            update: { $set: { status: 'handed-out', handOutId: m.handOutId } },
          },
        })),
        { ordered: true },
      );
      if (moved.modifiedCount !== kitMoves.length) throw kitsTaken();
    }
    if (recipients.length) await RecipientModel.insertMany(recipients);
    if (handOuts.length) await HandOutModel.insertMany(handOuts);
  });
}

const kitsTaken = () =>
  conflict(
    'kits_taken_meanwhile',
    'Some kits were handed out while the import ran; nothing was imported. Check again.',
  );
