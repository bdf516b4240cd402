import { calculateObjectSize } from 'bson';
import type { Doc } from './bson-values';
import { cursorNotFound } from './errors';

/** Stay well under the 16 MiB BSON limit for a whole reply. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;
const DEFAULT_FIRST_BATCH = 101;

type OpenCursor = { ns: string; docs: Doc[]; pos: number; lastUsed: number };

export type Batch = { id: number; ns: string; docs: Doc[] };

/**
 * Server-side cursors. Results are materialised when the query runs (which
 * also gives a stable view inside transactions), and handed out in batches.
 */
export class CursorRegistry {
  private readonly cursors = new Map<number, OpenCursor>();
  private nextId = Math.floor(Math.random() * 1e9) + 1;

  /** The first batch; leaves a cursor open only when more documents remain. */
  open(ns: string, docs: Doc[], batchSize: number | undefined, singleBatch = false): Batch {
    const cursor: OpenCursor = { ns, docs, pos: 0, lastUsed: Date.now() };
    const batch = takeBatch(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
    if (singleBatch || cursor.pos >= docs.length) return { id: 0, ns, docs: batch };
    const id = this.nextId++;
    this.cursors.set(id, cursor);
    return { id, ns, docs: batch };
  }

  getMore(id: number, batchSize: number | undefined): Batch {
    const cursor = this.cursors.get(id);
    if (!cursor) throw cursorNotFound(id);
    cursor.lastUsed = Date.now();
    const batch = takeBatch(
      cursor,
      batchSize && batchSize > 0 ? batchSize : Number.MAX_SAFE_INTEGER,
    );
    if (cursor.pos >= cursor.docs.length) {
      this.cursors.delete(id);
      return { id: 0, ns: cursor.ns, docs: batch };
    }
    return { id, ns: cursor.ns, docs: batch };
  }

  kill(ids: number[]): { killed: number[]; notFound: number[] } {
    const killed: number[] = [];
    const notFound: number[] = [];
    for (const id of ids) (this.cursors.delete(id) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  /** Closes cursors nobody has asked for in `idleMs` (MongoDB's default is 10 minutes). */
  sweep(idleMs: number): void {
    const limit = Date.now() - idleMs;
    for (const [id, cursor] of this.cursors) if (cursor.lastUsed < limit) this.cursors.delete(id);
  }

  clear(): void {
    this.cursors.clear();
  }
}

function takeBatch(cursor: OpenCursor, batchSize: number): Doc[] {
  const out: Doc[] = [];
  let bytes = 0;
  while (cursor.pos < cursor.docs.length && out.length < batchSize) {
    const doc = cursor.docs[cursor.pos] as Doc;
    const size = calculateObjectSize(doc, { ignoreUndefined: true });
    if (out.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
    bytes += size;
    out.push(doc);
    cursor.pos++;
  }
  return out;
}
