/**
 * Stand zones belong to the exhibitions component, which builds on this one (it imports
 * the registry, never the reverse: no cycle). Codes keep a zone as an opaque `zoneId`;
 * analytics group by it and ask the exhibitions' lookup (a port app.ts hands to this
 * component) for a display name. A zone since deleted is shown by its id together
 * with the event its codes are placed at.
 */
export type ZoneName = { name: string; eventId?: string };
export type ZoneNameLookup = (zoneIds: string[]) => Promise<Map<string, ZoneName>>;

/** The names `lookup` knows; none when it fails (a name is never worth an error page). */
export async function zoneNames(
  lookup: ZoneNameLookup,
  zoneIds: string[],
): Promise<Map<string, ZoneName>> {
  if (!zoneIds.length) return new Map();
  return lookup(zoneIds).catch(() => new Map<string, ZoneName>());
}
