import { parse } from 'csv-parse/sync';
import { Types, type Model } from 'mongoose';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { getEventBySlug, listProjects } from '../events';
import { NOT_YOUR_EVENT, type Scope } from '../../lib/http/policy';
import { PostcardModel } from './postcard.model';
import { upsertPostcard } from './postcards.service';
import { QrCodeModel } from './qr-code.model';
import { createPostcardBody, createResourceBody } from './registry.schemas';
import { ResourceModel } from './resource.model';
import { upsertResource } from './resources.service';

/**
 * CSV import of resources and of city postcards. Every row is checked first —
 * fields, project and event references, duplicates inside the file — and every
 * problem is listed by line and column. The real import writes only when there is
 * no problem at all; should a write still fail, what it created is removed again.
 */
export type ImportProblem = { line: number; column: string; message: string };
export type ImportReport = {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  errors: ImportProblem[];
};

type Kind = 'resources' | 'postcards';

const COLUMNS: Record<Kind, { required: string[]; optional: string[] }> = {
  resources: {
    required: ['project', 'title', 'type'],
    optional: [
      'deliverableCode',
      'language',
      'description',
      'publishedOn',
      'dateKind',
      'externalUrl',
      'event',
    ],
  },
  postcards: {
    required: ['project', 'city', 'country'],
    optional: ['story', 'linkUrl', 'linkLabel', 'language', 'event'],
  },
};

/** The columns each import reads (the import pages list them). */
export const IMPORT_COLUMNS: Readonly<typeof COLUMNS> = COLUMNS;

const MAX_ROWS = 2000;

type Row = { line: number; values: Record<string, string> };

function readRows(csv: string, kind: Kind): { rows: Row[]; errors: ImportProblem[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim()),
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: false,
    }) as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message: string };
    return { rows: [], errors: [{ line: e.lines ?? 1, column: '', message: e.message }] };
  }
  const errors: ImportProblem[] = [];
  const header = records[0] ? Object.keys(records[0].record) : [];
  const { required, optional } = COLUMNS[kind];
  for (const column of required) {
    if (!header.includes(column)) errors.push({ line: 1, column, message: 'missing column' });
  }
  for (const column of header) {
    if (![...required, ...optional].includes(column))
      errors.push({
        line: 1,
        column,
        message: `unknown column; expected ${[...required, ...optional].join(', ')}`,
      });
  }
  if (records.length > MAX_ROWS)
    errors.push({ line: 1, column: '', message: `at most ${MAX_ROWS} rows per import` });
  if (!records.length) errors.push({ line: 1, column: '', message: 'no rows to import' });
  return { rows: records.map((r) => ({ line: r.info.lines, values: r.record })), errors };
}

const blankToUndefined = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));

async function resolveRefs(rows: Row[]) {
  const projects = new Map<string, string>();
  for (const p of (await listProjects({ page: 1, limit: 200, sort: 'acronym' })).items)
    projects.set(p.acronym.toLowerCase(), p.id);
  const events = new Map<string, string | undefined>();
  for (const slug of new Set(rows.map((r) => r.values.event).filter(Boolean))) {
    events.set(slug!, (await getEventBySlug(slug!).catch(() => undefined))?.id);
  }
  return { projects, events };
}

type Prepared<T> = { line: number; input: T; exists: boolean; filter: Record<string, unknown> };

async function prepare(kind: Kind, csv: string, mayPlace: (scope: Scope) => boolean) {
  const { rows, errors } = readRows(csv, kind);
  const prepared: Prepared<Record<string, unknown>>[] = [];
  if (errors.length) return { prepared, errors, rows: rows.length };
  const { projects, events } = await resolveRefs(rows);
  const schema: z.ZodType = kind === 'resources' ? createResourceBody : createPostcardBody;
  const seen = new Map<string, number>();
  for (const row of rows) {
    const { project, event, ...rest } = blankToUndefined(row.values);
    const problem = (column: string, message: string) =>
      errors.push({ line: row.line, column, message });
    const projectId = project ? projects.get(project.toLowerCase()) : undefined;
    if (project && !projectId) problem('project', `no project with the acronym "${project}"`);
    const eventId = event ? events.get(event) : undefined;
    if (event && !eventId) problem('event', `no event with the slug "${event}"`);
    const parsed = schema.safeParse({
      ...rest,
      projectId: projectId ?? '000000000000000000000000',
      eventIds: eventId ? [eventId] : [],
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? '');
        problem(column === 'projectId' ? 'project' : column, issue.message);
      }
      continue;
    }
    const input = parsed.data as Record<string, unknown>;
    const key =
      kind === 'resources'
        ? `${String(projectId)}|${String(input.deliverableCode ?? `title:${String(input.title)}`)}`
        : `${String(projectId)}|${String(input.city)}|${String(input.country)}`;
    const earlier = seen.get(key);
    if (earlier)
      problem(
        kind === 'resources' ? (input.deliverableCode ? 'deliverableCode' : 'title') : 'city',
        `the same as line ${earlier}`,
      );
    seen.set(key, row.line);
    // Titles are unique per project too: two lines with different codes and one title.
    if (kind === 'resources' && input.deliverableCode) {
      const titleKey = `${String(projectId)}|title:${String(input.title)}`;
      const sameTitle = seen.get(titleKey);
      if (sameTitle) problem('title', `the same title as line ${sameTitle}`);
      else seen.set(titleKey, row.line);
    }
    if (!projectId) continue;
    const filter =
      kind === 'resources'
        ? input.deliverableCode
          ? { projectId, deliverableCode: input.deliverableCode }
          : { projectId, title: input.title }
        : { projectId, city: input.city, country: input.country };
    const existing =
      kind === 'resources'
        ? await ResourceModel.findOne(filter, { eventIds: 1 }).lean()
        : await PostcardModel.findOne(filter, { eventIds: 1 }).lean();
    // A line places a thing (and may overwrite one): both must be the importer's to change.
    const placed = { eventIds: eventId ? [eventId] : [], projectIds: [projectId] };
    const before = { eventIds: (existing?.eventIds ?? []).map(String), projectIds: [projectId] };
    if (!mayPlace(placed) || (existing && !mayPlace(before)))
      problem(eventId ? 'event' : 'project', NOT_YOUR_EVENT);
    prepared.push({ line: row.line, input, exists: !!existing, filter });
  }
  return { prepared, errors, rows: rows.length };
}

/**
 * Imports `csv` (first line: column names). With `dryRun`, only checks and reports;
 * otherwise writes everything or — with any problem — nothing (400 `import_invalid`).
 */
export async function importCsv(
  kind: Kind,
  csv: string,
  options: {
    dryRun: boolean;
    publicBaseUrl: string;
    /** The policy's answer for each line's scope (its events, its project). */
    mayPlace: (scope: Scope) => boolean;
  },
): Promise<ImportReport> {
  const { prepared, errors, rows } = await prepare(kind, csv, options.mayPlace);
  errors.sort((a, b) => a.line - b.line);
  const report: ImportReport = {
    dryRun: options.dryRun,
    rows,
    created: prepared.filter((p) => !p.exists).length,
    updated: prepared.filter((p) => p.exists).length,
    errors,
  };
  if (options.dryRun) return report;
  if (errors.length) {
    throw new AppError(
      'import_invalid',
      `The CSV has ${errors.length} problem(s); nothing was imported`,
      400,
      { errors },
    );
  }
  // All or nothing without a transaction spanning the registry's services: what each
  // line is about to change is kept first, and should any write fail, the lines before
  // it are undone — updated records put back as they were, created ones removed with
  // the codes made for them (never printed, so nothing leads to them).
  const Model = (kind === 'resources' ? ResourceModel : PostcardModel) as unknown as Model<
    Record<string, unknown>
  >;
  const created: string[] = [];
  const before: Record<string, unknown>[] = [];
  try {
    for (const row of prepared) {
      if (row.exists) {
        const doc = await Model.findOne(row.filter).lean();
        if (doc) before.push(doc);
      }
      if (kind === 'resources') {
        const { resource, outcome } = await upsertResource(
          row.input as never,
          options.publicBaseUrl,
        );
        if (outcome === 'created') created.push(resource.id);
      } else {
        const { postcard, outcome } = await upsertPostcard(
          row.input as never,
          options.publicBaseUrl,
        );
        if (outcome === 'created') created.push(postcard.id);
      }
    }
  } catch (err) {
    for (const id of created) {
      await Model.deleteOne({ _id: new Types.ObjectId(id) }).catch(() => undefined);
      await QrCodeModel.deleteMany({ 'target.refId': new Types.ObjectId(id) }).catch(
        () => undefined,
      );
    }
    for (const doc of before) {
      await Model.replaceOne({ _id: doc._id }, doc).catch(() => undefined);
    }
    throw err;
  }
  return report;
}
