/**
 * The server-sent event streams this process holds open. A stream never ends by
 * itself, so a graceful stop would wait for it until the hard deadline; main.ts ends
 * them instead, and each wall reconnects (to another process, or after the restart)
 * and replays what it missed from its Last-Event-ID.
 */
const open = new Set<() => void>();

/** Registers a stream's `end`; the returned function unregisters it when the client leaves. */
export function trackStream(end: () => void): () => void {
  open.add(end);
  return () => open.delete(end);
}

/** Ends every open stream of this process; answers how many there were. */
export function closeLiveStreams(): number {
  const ends = [...open];
  open.clear();
  for (const end of ends) end();
  return ends.length;
}
