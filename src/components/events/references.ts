import { conflict } from '../../lib/errors';

/**
 * Other components keep ids of events, projects, cities, organisations and people
 * (a stand's event, a resource's project, a kit recipient's city). They register a
 * counter here when they are created, so a delete that would orphan their records
 * is refused with 409 `in_use` like the ones inside this component.
 */
export type ReferencedKind = 'event' | 'project' | 'cluster' | 'organisation' | 'city' | 'person';
export type ReferenceCounter = (id: string) => Promise<number>;

const counters = new Map<ReferencedKind, Map<string, ReferenceCounter>>();

/**
 * `what` names the referring records in the 409 details, e.g. 'stands'. Registering
 * the same name again replaces the counter. Returns a function that unregisters it.
 */
export function registerReferenceCheck(
  kind: ReferencedKind,
  what: string,
  count: ReferenceCounter,
): () => void {
  const forKind = counters.get(kind) ?? new Map<string, ReferenceCounter>();
  forKind.set(what, count);
  counters.set(kind, forKind);
  return () => {
    if (forKind.get(what) === count) forKind.delete(what);
  };
}

/**
 * Throws 409 `in_use` when anything refers to the record: `local` holds this
 * component's own counts, the registered checks add the others'.
 */
export async function assertUnreferenced(
  kind: ReferencedKind,
  id: string,
  local: Record<string, number> = {},
): Promise<void> {
  const external = [...(counters.get(kind) ?? new Map<string, ReferenceCounter>())];
  const externalCounts = await Promise.all(external.map(([, count]) => count(id)));
  const counts: Record<string, number> = { ...local };
  external.forEach(([what], index) => {
    counts[what] = (counts[what] ?? 0) + (externalCounts[index] ?? 0);
  });
  const inUse = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
  if (Object.keys(inUse).length > 0) {
    const list = Object.entries(inUse)
      .map(([what, n]) => `${n} ${what}`)
      .join(', ');
    throw conflict('in_use', `Still referred to by ${list}`, inUse);
  }
}
