import type { ClientSession } from 'mongoose';
import { AppError } from '../../lib/errors';
import { withTransaction } from '../../lib/transactions';
import { recordChange } from './changes.service';
import { captureOnce, type Stored } from './commands';
import { isDuplicateKey } from './duplicate';
import { WorldCafeNoteModel } from './note.model';
import { findTable } from './tables.service';
import { WorldCafeVoteModel } from './vote.model';
import { toNoteView, type NoteView } from './world-cafe.presenter';
import type { PutNoteInput } from './world-cafe.schemas';

export type { Stored } from './commands';

/**
 * Stores a note under the phone's `clientId`, with the wall's change record, in one
 * transaction. The same call again (a replayed queue, a second tab) answers with the
 * stored note and stores nothing: the unique index (table, clientId) decides, so this
 * holds across app processes too. Notes are append-only; a repeat with other text
 * keeps the first.
 */
export async function putNote(
  tableId: string,
  clientId: string,
  input: PutNoteInput,
  now = new Date(),
): Promise<Stored<NoteView>> {
  const table = await findTable(tableId);
  return captureOnce({
    find: async (session?: ClientSession) => {
      const doc = await WorldCafeNoteModel.findOne({ tableId: table._id, clientId }, null, {
        session,
      }).lean();
      return doc ? toNoteView(doc) : undefined;
    },
    store: async (session) => {
      const [doc] = await WorldCafeNoteModel.create(
        [
          {
            sessionId: table.sessionId,
            tableId: table._id,
            clientId,
            round: input.round ?? 1,
            text: input.text,
            tags: input.tags ?? [],
            capturedAt: input.capturedAt ?? now,
          },
        ],
        { session },
      );
      const note = toNoteView(doc!.toObject());
      await recordChange(session, table, 'note', { note }, now);
      return note;
    },
  });
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
  // The dot, its new count and the wall's change are one transaction.
  const dotted = async (session: ClientSession) => {
    await WorldCafeVoteModel.create(
      [
        {
          sessionId: table.sessionId,
          tableId: table._id,
          target: 'note',
          targetId: noteId,
          voter: `dot:${dotId}`,
        },
      ],
      { session },
    );
    const dots = await countDots(session);
    await recordChange(session, table, 'vote', { noteId, dots }, now);
    return dots;
  };
  const countDots = (session?: ClientSession) =>
    WorldCafeVoteModel.countDocuments(
      { tableId: table._id, target: 'note', targetId: noteId },
      { session },
    );
  try {
    return { value: { noteId, dots: await withTransaction(dotted) }, created: true };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return { value: { noteId, dots: await countDots() }, created: false };
  }
}
