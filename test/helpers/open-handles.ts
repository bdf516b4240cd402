/**
 * Finds what would keep the test process alive. The run has no `exit: true`, so such a
 * thing would hang it; the root hooks fail on it instead, saying what it is.
 * - Sockets, servers, child processes and pipes: Node's list of active handles, compared
 *   by identity with a mark taken earlier (sockets to the test database are its pool's).
 * - Timers: Node's count of ref'd timers (`process.getActiveResourcesInfo()`).
 * (async_hooks would say where each was made, but slows every promise of the run.)
 */
type Handle = {
  constructor?: { name?: string };
  localPort?: number;
  remoteAddress?: string;
  remotePort?: number;
  spawnargs?: string[];
  address?: () => unknown;
  fd?: number;
};

const activeHandles = (): Handle[] =>
  (process as unknown as { _getActiveHandles(): Handle[] })._getActiveHandles();

const refdTimers = () =>
  process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

/** Handles that live as long as the process on purpose (the shared browser, the database). */
const lasting = new Set<Handle>();
/** Ports whose sockets are the database's (its client pool opens and closes them as it likes). */
const databasePorts = new Set<number>();

/** Runs `make` and counts every handle it opens as lasting (never reported). */
export async function lastingHandles<T>(make: () => Promise<T>): Promise<T> {
  const before = new Set(activeHandles());
  try {
    return await make();
  } finally {
    for (const handle of activeHandles()) if (!before.has(handle)) lasting.add(handle);
  }
}

export function isDatabasePort(port: number): void {
  databasePorts.add(port);
}

export type HandleMark = { handles: Set<Handle>; timers: number };

/** What is open now, to compare with later. */
export function handleMark(): HandleMark {
  return { handles: new Set(activeHandles()), timers: refdTimers() };
}

function describe(h: Handle): string {
  const name = h.constructor?.name ?? 'handle';
  if (h.spawnargs) return `${name}: ${h.spawnargs.join(' ').slice(0, 200)}`;
  if (h.remotePort !== undefined)
    return `${name} :${h.localPort} → ${h.remoteAddress}:${h.remotePort}`;
  if (typeof h.address === 'function') return `${name} listening on ${JSON.stringify(h.address())}`;
  return name;
}

/**
 * What holds the event loop and was not open at `mark`, as lines saying what it is; empty
 * when nothing is left. `timers: false` leaves timers out (a worker's database client keeps
 * some between files).
 */
export function openHandles(mark: HandleMark, options: { timers?: boolean } = {}): string[] {
  const extra = activeHandles()
    .filter(
      (h) =>
        !mark.handles.has(h) &&
        !lasting.has(h) &&
        h.fd !== 1 &&
        h.fd !== 2 &&
        !databasePorts.has(h.remotePort ?? -1) &&
        !databasePorts.has(h.localPort ?? -1),
    )
    .map(describe);
  const timers = refdTimers() - mark.timers;
  if (options.timers !== false && timers > 0) extra.push(`${timers} timer(s) still set (ref'd)`);
  return extra;
}
