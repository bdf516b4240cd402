import mongoose from 'mongoose';
import type { Logger } from '../../lib/logger';
import { WorldCafeChangeModel, type ChangeDoc } from './change.model';
import { toWallChange, type WallChange } from './changes.service';

type Listener = (change: WallChange) => void;

export type LiveHub = {
  /** Calls `listener` for each new change of the session, from any app process. */
  subscribe(sessionId: string, listener: Listener): () => void;
  /** 'stream' (MongoDB change stream), 'poll', or 'idle' with nobody listening. */
  mode(): 'idle' | 'stream' | 'poll';
  /** Resolves once the source (stream or polling) is running. */
  started(): Promise<void>;
  stop(): Promise<void>;
};

/** Polling: how often, and how far back each poll looks (writes from other processes land late). */
const POLL_MS = 400;
const OVERLAP_MS = 3000;

/**
 * Fans the change feed out to the walls this process serves. Changes are written by
 * whichever process took the capture call, so the hub reads the database, not its
 * own memory: a MongoDB change stream where the server offers one (replica sets),
 * polling otherwise (a standalone server, or the embedded engine, which has no change
 * streams). Nothing runs until the first wall connects; the source stops with the last.
 */
export function createLiveHub(logger: Logger): LiveHub {
  const listeners = new Map<string, Set<Listener>>();
  let mode: 'idle' | 'stream' | 'poll' = 'idle';
  let stream: ReturnType<typeof WorldCafeChangeModel.watch> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let starting: Promise<void> | undefined;
  const seen = new Map<string, number>();

  const deliver = (doc: ChangeDoc) => {
    const id = doc._id.toString();
    if (seen.has(id)) return;
    seen.set(id, Date.now());
    const change = toWallChange(doc);
    for (const listener of listeners.get(doc.sessionId.toString()) ?? []) listener(change);
  };

  function startPolling() {
    mode = 'poll';
    let since = new Date(Date.now() - OVERLAP_MS);
    let busy = false;
    const poll = async () => {
      if (busy || listeners.size === 0) return;
      busy = true;
      const started = Date.now();
      try {
        const docs = await WorldCafeChangeModel.find({
          sessionId: { $in: [...listeners.keys()] },
          createdAt: { $gte: since },
        })
          .sort({ createdAt: 1, _id: 1 })
          .limit(1000)
          .lean();
        docs.forEach(deliver);
        since = new Date(started - OVERLAP_MS);
        for (const [id, at] of seen) if (at < started - 4 * OVERLAP_MS) seen.delete(id);
      } catch (err) {
        logger.warn({ err }, 'live wall: polling failed, retrying');
      } finally {
        busy = false;
      }
    };
    timer = setInterval(() => void poll(), POLL_MS);
    timer.unref();
  }

  async function hasChangeStreams(): Promise<boolean> {
    const db = mongoose.connection.db;
    if (!db) return false;
    try {
      const hello = await db.admin().command({ hello: 1 });
      return Boolean(hello.setName) || hello.msg === 'isdbgrid';
    } catch {
      return false;
    }
  }

  async function startSource() {
    if (await hasChangeStreams()) {
      try {
        const watching = WorldCafeChangeModel.watch([{ $match: { operationType: 'insert' } }]);
        watching.on('change', (event: { fullDocument?: ChangeDoc }) => {
          if (event.fullDocument) deliver(event.fullDocument);
        });
        watching.on('error', (err: unknown) => {
          // A server that says it is a replica set but cannot stream: poll instead.
          logger.info({ err }, 'live wall: change stream unavailable, polling instead');
          void watching.close().catch(() => undefined);
          if (stream === watching) {
            stream = undefined;
            if (listeners.size > 0) startPolling();
          }
        });
        stream = watching;
        mode = 'stream';
        return;
      } catch (err) {
        logger.info({ err }, 'live wall: change stream unavailable, polling instead');
      }
    }
    startPolling();
  }

  async function stopSource() {
    if (timer) clearInterval(timer);
    timer = undefined;
    const closing = stream;
    stream = undefined;
    mode = 'idle';
    seen.clear();
    await closing?.close().catch(() => undefined);
  }

  return {
    subscribe(sessionId, listener) {
      const set = listeners.get(sessionId) ?? new Set();
      set.add(listener);
      listeners.set(sessionId, set);
      if (mode === 'idle' && !starting) {
        starting = startSource().finally(() => {
          starting = undefined;
        });
      }
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(sessionId);
        if (listeners.size === 0) void (starting ?? Promise.resolve()).then(stopSource);
      };
    },
    mode: () => mode,
    started: () => starting ?? Promise.resolve(),
    stop: stopSource,
  };
}
