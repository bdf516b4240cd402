import { WorldCafeNoteModel } from './note.model';
import { loadSessionReport } from './report-data.service';
import { WorldCafeVoteModel } from './vote.model';
import type { QuoteView } from './world-cafe.presenter';
import { listConsentedQuotes } from './quotes.service';

const NOTES_PER_TABLE = 12;

export type WallTable = {
  id: string;
  number: number;
  lead?: string;
  notes: { clientId: string; text: string }[];
  outcomes: { id: string; text: string; votes: number }[];
  quotes: QuoteView[];
};

/**
 * What the wall shows when it opens: per table the latest notes, the key outcomes
 * with their votes, and consented quotes only. Later changes arrive on the stream.
 */
export async function loadWall(sessionId: string) {
  const report = await loadSessionReport(sessionId);
  const [quotes, votes] = await Promise.all([
    listConsentedQuotes(sessionId),
    WorldCafeVoteModel.find({ sessionId, target: 'outcome' }, { targetId: 1 }).lean(),
  ]);
  const voteCount = new Map<string, number>();
  for (const v of votes) voteCount.set(v.targetId, (voteCount.get(v.targetId) ?? 0) + 1);
  const tables: WallTable[] = [];
  for (const table of report.tables) {
    const notes = await WorldCafeNoteModel.find({ tableId: table.id })
      .sort({ capturedAt: -1, _id: -1 })
      .limit(NOTES_PER_TABLE)
      .lean();
    tables.push({
      id: table.id,
      number: table.number,
      lead: table.leadProject?.acronym,
      notes: notes.map((n) => ({ clientId: n.clientId, text: n.text })),
      outcomes: table.outcomes.items.map((o) => ({ ...o, votes: voteCount.get(o.id) ?? 0 })),
      quotes: quotes.filter((q) => q.tableId === table.id),
    });
  }
  return {
    session: report.session,
    event: report.event,
    tables,
    sessionQuotes: report.sessionQuotes,
  };
}
