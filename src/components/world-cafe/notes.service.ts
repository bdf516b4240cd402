import { AppError } from '../../lib/errors';
import { recordChange } from './changes.service';
import { isDuplicateKey } from './duplicate';
import { WorldCafeNoteModel } from './note.model';
import { findTable } from './tables.service';
import { WorldCafeVoteModel } from './vote.model';
import { toNoteView, type NoteView } from './world-cafe.presenter';
import type { PutNoteInput } from './world-cafe.schemas';

export type Stored<T> = { value: T; created: boolean };

/**
 * Stores a note under the phone's `clientId`. The same call again (a replayed
 * queue, a second tab) answers with the stored note and stores nothing: the unique
 * index (table, clientId) decides, so this holds across app processes too. Notes are
 * append-only; a repeat with other text keeps the first.
 */
export async function putNote(
  tableId: string,
  clientId: string,
  input: PutNoteInput,
  now = new Date(),
): Promise<Stored<NoteView>> {
  const table = await findTable(tableId);
  const existing = await WorldCafeNoteModel.findOne({ tableId: table._id, clientId }).lean();
  if (existing) return { value: toNoteView(existing), created: false };
  try {
    const doc = await WorldCafeNoteModel.create({
      sessionId: table.sessionId,
      tableId: table._id,
      clientId,
      round: input.round ?? 1,
      text: input.text,
      tags: input.tags ?? [],
      capturedAt: input.capturedAt ?? now,
    });
    const note = toNoteView(doc.toObject());
    await recordChange(table.sessionId, table._id, 'note', { note }, now);
    return { value: note, created: true };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const stored = await WorldCafeNoteModel.findOne({ tableId: table._id, clientId }).lean();
    if (!stored) throw err;
    return { value: toNoteView(stored), created: false };
  }
}

/** A table's notes in capture order, each with its number of dots. */
export async function listNotes(tableId: string): Promise<(NoteView & { dots: number })[]> {
  const table = await findTable(tableId);
  const [notes, dots] = await Promise.all([
    WorldCafeNoteModel.find({ tableId: table._id })
      .sort({ capturedAt: 1, _id: 1 })
      .limit(2000)
      .lean(),
    dotCounts(table._id.toString()),
  ]);
  return notes.map((n) => ({ ...toNoteView(n), dots: dots.get(n.clientId) ?? 0 }));
}

async function dotCounts(tableId: string): Promise<Map<string, number>> {
  const votes = await WorldCafeVoteModel.find({ tableId, target: 'note' }, { targetId: 1 }).lean();
  const counts = new Map<string, number>();
  for (const v of votes) counts.set(v.targetId, (counts.get(v.targetId) ?? 0) + 1);
  return counts;
}

/**
 * One dot on a note, named by the phone's `dotId` (so a replayed dot counts once).
 * 404 `note_not_found` when the note is not (yet) on this table.
 */
export async function putDot(
  tableId: string,
  dotId: string,
  noteId: string,
  now = new Date(),
): Promise<Stored<{ noteId: string; dots: number }>> {
  const table = await findTable(tableId);
  const note = await WorldCafeNoteModel.exists({ tableId: table._id, clientId: noteId });
  if (!note) throw new AppError('note_not_found', 'No such note at this table', 404);
  let created = true;
  try {
    await WorldCafeVoteModel.create({
      sessionId: table.sessionId,
      tableId: table._id,
      target: 'note',
      targetId: noteId,
      voter: `dot:${dotId}`,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    created = false;
  }
  const dots = await WorldCafeVoteModel.countDocuments({
    tableId: table._id,
    target: 'note',
    targetId: noteId,
  });
  if (created) await recordChange(table.sessionId, table._id, 'vote', { noteId, dots }, now);
  return { value: { noteId, dots }, created };
}
