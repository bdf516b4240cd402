/**
 * The server-sent event streams one app holds open. A stream never ends by itself,
 * so a graceful stop would wait for it until the hard deadline; the component's
 * `endStreams` (called by main.ts) ends them instead, and each wall reconnects (to
 * another process, or after the restart) and replays what it missed from its
 * Last-Event-ID. One tracker per app: two apps in one process never end each other's.
 */
export type StreamTracker = {
  /** Registers a stream's `end`; the returned function unregisters it when the client leaves. */
  track(end: () => void): () => void;
  /** Ends every open stream; answers how many there were. */
  closeAll(): number;
};

export function createStreamTracker(): StreamTracker {
  const open = new Set<() => void>();
  return {
    track(end) {
      open.add(end);
      return () => open.delete(end);
    },
    closeAll() {
      const ends = [...open];
      open.clear();
      for (const end of ends) end();
      return ends.length;
    },
  };
}
