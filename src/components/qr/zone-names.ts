/**
 * Stand zones belong to the exhibitions component, which builds on this one (it imports
 * the registry, never the reverse: no cycle). Codes keep a zone as an opaque `zoneId`;
 * analytics group by it and ask this lookup for a display name. Exhibitions registers
 * its lookup when it is created; until then (or for a zone since deleted) a zone is
 * shown by its id together with the event its codes are placed at.
 */
export type ZoneName = { name: string; eventId?: string };
export type ZoneNameLookup = (zoneIds: string[]) => Promise<Map<string, ZoneName>>;

let lookup: ZoneNameLookup | undefined;

export function registerQrZoneNames(names: ZoneNameLookup): void {
  lookup = names;
}

export async function zoneNames(zoneIds: string[]): Promise<Map<string, ZoneName>> {
  if (!lookup || !zoneIds.length) return new Map();
  return lookup(zoneIds).catch(() => new Map<string, ZoneName>());
}
