import { createHook } from 'node:async_hooks';

/**
 * Finds what would keep the test process alive after the run: every timer, socket,
 * server, child process and worker made after this module loads is tracked until it is
 * destroyed; `openHandles()` lists those still holding the event loop (ref'd). The run
 * has no `exit: true`, so such a handle would hang it; the root hooks fail on it instead.
 */
const WATCHED = new Set([
  'Timeout',
  'TCPWRAP',
  'TCPSERVERWRAP',
  'PIPEWRAP',
  'PIPESERVERWRAP',
  'PROCESSWRAP',
  'UDPWRAP',
  'SIGNALWRAP',
  'FSEVENTWRAP',
  'STATWATCHER',
  'WORKER',
  'MESSAGEPORT',
]);

type Tracked = { type: string; resource: object; stack?: string };
const live = new Map<number, Tracked>();

const hook = createHook({
  init(asyncId, type, _trigger, resource) {
    if (!WATCHED.has(type)) return;
    // Stacks for the few long-lived kinds only: timers are made by the thousand.
    const stack = type === 'Timeout' ? undefined : new Error().stack?.split('\n').slice(2, 9).join('\n');
    live.set(asyncId, { type, resource, stack });
  },
  destroy(asyncId) {
    live.delete(asyncId);
  },
});

export function trackOpenHandles(): void {
  hook.enable();
}

/** mocha's own timer for the running hook (set to the largest delay by `this.timeout(0)`). */
const MOCHA_NO_TIMEOUT_MS = 2 ** 31 - 1;

function holdsLoop(t: Tracked): boolean {
  const r = t.resource as { hasRef?: () => boolean; _idleTimeout?: number; _destroyed?: boolean };
  if (t.type === 'Timeout') {
    if (r._destroyed || r._idleTimeout === -1 || r._idleTimeout === MOCHA_NO_TIMEOUT_MS) return false;
  }
  return typeof r.hasRef === 'function' ? r.hasRef() : true;
}

function describe(t: Tracked): string {
  const r = t.resource as { _onTimeout?: () => void; _idleTimeout?: number };
  if (t.type === 'Timeout') {
    const source = String(r._onTimeout ?? '').replace(/\s+/g, ' ').slice(0, 160);
    return `Timeout (${r._idleTimeout} ms): ${source}`;
  }
  return `${t.type}\n${t.stack ?? ''}`;
}

/** Handles that live as long as the process on purpose (the shared browser, the database). */
const lasting = new Set<number>();

/** Runs `make` and counts every handle it opens as lasting (never reported). */
export async function lastingHandles<T>(make: () => Promise<T>): Promise<T> {
  const before = new Set(live.keys());
  try {
    return await make();
  } finally {
    for (const id of live.keys()) if (!before.has(id)) lasting.add(id);
  }
}

/** A mark to compare with: handles open now are not reported by `openHandles(since)`. */
export function handleMark(): Set<number> {
  return new Set(live.keys());
}

/** Handles still holding the event loop (opened after `since`), described: what, where made. */
export function openHandles(since?: Set<number>): string[] {
  return [...live.entries()]
    .filter(([id, t]) => !lasting.has(id) && !since?.has(id) && holdsLoop(t))
    .map(([, t]) => describe(t));
}
