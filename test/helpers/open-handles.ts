/**
 * Finds what would keep the test process alive: Node's own list of the resources that hold
 * the event loop (`process.getActiveResourcesInfo()`: sockets, servers, child processes,
 * workers, ref'd timers), counted by kind and compared with a mark taken earlier. The run
 * has no `exit: true`, so such a resource would hang it; the root hooks fail on it instead.
 * (async_hooks would say where each was made, but slows every promise of the run.)
 */
type Counts = Map<string, number>;

function countNow(): Counts {
  const counts: Counts = new Map();
  for (const kind of process.getActiveResourcesInfo())
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** Resources that live as long as the process on purpose (the shared browser, the database). */
const lasting: Counts = new Map();

/** Runs `make` and counts what it opens as lasting (never reported). */
export async function lastingHandles<T>(make: () => Promise<T>): Promise<T> {
  const before = countNow();
  try {
    return await make();
  } finally {
    for (const [kind, n] of countNow()) {
      const added = n - (before.get(kind) ?? 0);
      if (added > 0 && kind !== 'Timeout') lasting.set(kind, (lasting.get(kind) ?? 0) + added);
    }
  }
}

/** What is open now, to compare with later: `openHandles(mark)` reports only what was added. */
export function handleMark(): Counts {
  const mark = countNow();
  for (const [kind, n] of lasting) mark.set(kind, (mark.get(kind) ?? 0) - n);
  return mark;
}

/** The sockets, servers and child processes among Node's handles, described. */
function describeHandles(): string[] {
  const handles =
    (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  return handles.flatMap((handle) => {
    const h = handle as {
      constructor?: { name?: string };
      localPort?: number;
      remoteAddress?: string;
      remotePort?: number;
      spawnargs?: string[];
      address?: () => unknown;
      fd?: number;
    };
    const name = h.constructor?.name ?? 'handle';
    if (h.fd === 0 || h.fd === 1 || h.fd === 2) return [];
    if (h.spawnargs) return [`${name}: ${h.spawnargs.join(' ').slice(0, 200)}`];
    if (h.remotePort !== undefined)
      return [`${name}: :${h.localPort} → ${h.remoteAddress}:${h.remotePort}`];
    if (typeof h.address === 'function')
      return [`${name} listening on ${JSON.stringify(h.address())}`];
    return [name];
  });
}

/**
 * Resources holding the event loop beyond `mark` (default: none at all besides the lasting
 * ones), as lines saying what they are; empty when nothing is left.
 */
export function openHandles(mark: Counts = new Map()): string[] {
  const extra: string[] = [];
  for (const [kind, n] of countNow()) {
    const allowed = (mark.get(kind) ?? 0) + (lasting.get(kind) ?? 0);
    if (n > allowed) extra.push(`${n - allowed} × ${kind}`);
  }
  return extra.length === 0 ? [] : [...extra, 'handles now open:', ...describeHandles()];
}
