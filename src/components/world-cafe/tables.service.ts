import { randomUUID } from 'node:crypto';
import { AppError, notFound } from '../../lib/errors';
import { getProjectsByIds, type ProjectView } from '../events';
import { toObjectId } from './ids';
import { WorldCafeSessionModel } from './session.model';
import { WorldCafeTableModel, type TableDoc } from './table.model';
import { toTableView, type TableView } from './world-cafe.presenter';
import type { CreateTableInput, UpdateTableInput } from './world-cafe.schemas';

async function assertLeadProject(projectId: string | undefined): Promise<void> {
  if (!projectId) return;
  const [project] = await getProjectsByIds([projectId]);
  if (!project) {
    throw new AppError('validation_failed', 'Invalid request body', 400, {
      errors: [{ path: 'leadProjectId', message: 'no such project' }],
    });
  }
}

/** Adds a table to a session; 409 `duplicate` when the number is taken. */
export async function createTable(sessionId: string, input: CreateTableInput): Promise<TableView> {
  const session = await WorldCafeSessionModel.exists({ _id: toObjectId(sessionId, 'Session') });
  if (!session) throw notFound('Session');
  await assertLeadProject(input.leadProjectId);
  const doc = await WorldCafeTableModel.create({ ...input, sessionId });
  return toTableView(doc.toObject());
}

export async function getTable(id: string): Promise<TableView> {
  return toTableView(await findTable(id));
}

export async function findTable(id: string): Promise<TableDoc> {
  const doc = await WorldCafeTableModel.findById(toObjectId(id, 'Table')).lean();
  if (!doc) throw notFound('Table');
  return doc;
}

/** Tables of a session by number. */
export async function listTables(sessionId: string): Promise<TableView[]> {
  const docs = await WorldCafeTableModel.find({ sessionId: toObjectId(sessionId, 'Session') })
    .sort({ number: 1 })
    .lean();
  return docs.map(toTableView);
}

export async function updateTable(id: string, input: UpdateTableInput): Promise<TableView> {
  await assertLeadProject(input.leadProjectId);
  const doc = await WorldCafeTableModel.findById(toObjectId(id, 'Table'));
  if (!doc) throw notFound('Table');
  doc.set(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
  await doc.save();
  return toTableView(doc.toObject());
}

/** The lead projects of these tables, by id. */
export async function leadProjectsOf(tables: TableView[]): Promise<Map<string, ProjectView>> {
  const ids = [...new Set(tables.flatMap((t) => (t.leadProjectId ? [t.leadProjectId] : [])))];
  const projects = ids.length ? await getProjectsByIds(ids) : [];
  return new Map(projects.map((p) => [p.id, p]));
}

export type SeedTableInput = CreateTableInput & {
  /** The rapporteur's summary and key outcomes; 'published' for what the source report publishes. */
  summary?: { text: string; keyOutcomes: string[]; status: 'draft' | 'published' };
};

/**
 * Seeds: the table with this number, created or brought up to date. Key outcome ids
 * are derived from their position so that re-seeding changes nothing.
 */
export async function upsertTableByNumber(
  sessionId: string,
  { summary, ...input }: SeedTableInput,
): Promise<{ table: TableView; outcome: 'created' | 'updated' | 'unchanged' }> {
  const fields: Record<string, unknown> = { ...input };
  if (summary) {
    fields['summary.text'] = summary.text;
    fields['summary.status'] = summary.status;
    fields['outcomes.items'] = summary.keyOutcomes.map((text, i) => ({
      id: `seed-${input.number}-${i + 1}`,
      text,
    }));
  }
  const existing = await WorldCafeTableModel.findOne({ sessionId, number: input.number });
  if (!existing) {
    const doc = new WorldCafeTableModel({ sessionId, ...input });
    doc.set(fields);
    await doc.save();
    return { table: toTableView(doc.toObject()), outcome: 'created' };
  }
  existing.set(fields);
  const outcome = existing.isModified() ? 'updated' : 'unchanged';
  if (outcome === 'updated' && existing.isModified('outcomes.items'))
    existing.outcomes.version += 1;
  await existing.save();
  return { table: toTableView(existing.toObject()), outcome };
}

export const newOutcomeId = () => randomUUID();
