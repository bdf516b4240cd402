import { AppError } from './errors';

/**
 * What every component's factory hands back to createApp. A component takes
 * `(context, ports)` — the ports being exactly what it needs from others, typed —
 * and returns what it provides. app.ts connects providers to users, so a missing
 * provider is a compile error instead of an empty registry at run time.
 */

/** Background work a component runs while the process serves (outbox worker, reminders). */
export type Job = {
  /** For logs: "mail outbox", "shift reminders". */
  readonly name: string;
  start(): void;
  /** Resolves once the job's current run is finished; no new run starts. */
  stop(): Promise<void>;
};

export type Component<Routers, Ports> = {
  /** Named routers; app.ts mounts each at its place (some before helmet and the access log). */
  routers: Routers;
  /** What this component provides to others. */
  ports: Ports;
  /** Started and stopped by main.ts in the same way for every component; tests leave them off. */
  jobs: readonly Job[];
  /**
   * Ends responses that never finish by themselves (server-sent event streams), so
   * the server can close. Called before the server stops accepting.
   */
  endStreams(): void;
  /**
   * Finishes what requests left behind (buffered scans, password resets answered
   * already), after the server has closed and before any job or the database stops.
   */
  stop(): Promise<void>;
};

/** For components with no streams. */
export const noStreams = (): void => undefined;
/** For components with nothing to finish. */
export const nothingToStop = (): Promise<void> => Promise.resolve();

/**
 * Things components refer to across their borders. The component that HOLDS a
 * reference declares it (a `references` port); the one that owns the referenced
 * thing asks every holder before it deletes.
 */
export type ReferencedKind =
  | 'event'
  | 'project'
  | 'cluster'
  | 'organisation'
  | 'city'
  | 'person'
  | 'resource'
  | 'postcard'
  | 'qr-code'
  | 'kit-type'
  | 'zone';

/** One kind of record that still refers to the thing, for the 409 body and the delete page. */
export type Referrer = {
  /** Stable name of the referring records, e.g. 'qr-resource', 'stand'. */
  kind: string;
  count: number;
  /** For people: "Resources". */
  label: string;
  /** Where an organiser sees them, e.g. /qr/resources?projectId=… */
  href?: string;
};

/** A holder's answer to "what of mine refers to <kind> <id>?" (only kinds with a count > 0). */
export type ReferencesPort = (kind: ReferencedKind, id: string) => Promise<Referrer[]>;

/** No holder (a component whose things nothing else refers to). */
export const noReferences: ReferencesPort = () => Promise.resolve([]);

/** Every holder asked at once; a failing holder fails the delete (better refused than orphaned). */
export function combineReferences(...holders: ReferencesPort[]): ReferencesPort {
  return async (kind, id) => (await Promise.all(holders.map((h) => h(kind, id)))).flat();
}

/**
 * Builds a holder from per-kind counters: `count` answers how many of its records
 * refer to the id. Kinds the holder does not store are simply absent.
 */
export function referencesFrom(
  counters: Partial<
    Record<
      ReferencedKind,
      {
        kind: string;
        label: string;
        count(id: string): Promise<number>;
        href?(id: string): string;
      }[]
    >
  >,
): ReferencesPort {
  return async (kind, id) => {
    const checks = counters[kind] ?? [];
    const counts = await Promise.all(checks.map((c) => c.count(id)));
    return checks.flatMap((check, index) => {
      const count = counts[index] ?? 0;
      if (count === 0) return [];
      return [{ kind: check.kind, count, label: check.label, href: check.href?.(id) }];
    });
  };
}

/** 409 `still_referenced`, naming every referrer (with counts and links) in `references`. */
export function stillReferenced(what: string, references: Referrer[]): AppError {
  const list = references.map((r) => `${r.count} × ${r.label}`).join(', ');
  return new AppError('still_referenced', `The ${what} is still referred to by ${list}`, 409, {
    references,
  });
}

/** Throws 409 `still_referenced` when any holder (or `local`, the owner's own) still refers to it. */
export async function assertNotReferenced(
  references: ReferencesPort,
  kind: ReferencedKind,
  id: string,
  what: string,
  local: Referrer[] = [],
): Promise<void> {
  const found = [...local.filter((r) => r.count > 0), ...(await references(kind, id))];
  if (found.length > 0) throw stillReferenced(what, found);
}
