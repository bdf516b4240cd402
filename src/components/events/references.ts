import {
  assertNotReferenced,
  type ReferencedKind,
  type ReferencesPort,
  type Referrer,
} from '../../lib/component';

/**
 * Other components keep ids of events, projects, clusters, cities, organisations and
 * people (a stand's event, a resource's project, a kit type's project). Each of them
 * provides a `references` port; app.ts combines them and hands the result to this
 * component, so a delete that would orphan their records is refused with 409
 * `still_referenced` naming them, like the references inside this component.
 */
export type EventsReferencedKind = Extract<
  ReferencedKind,
  'event' | 'project' | 'cluster' | 'organisation' | 'city' | 'person'
>;

const NOUNS: Record<EventsReferencedKind, string> = {
  event: 'event',
  project: 'project',
  cluster: 'cluster',
  organisation: 'organisation',
  city: 'city',
  person: 'person',
};

/** This component's own referrers (counted by the service that deletes), with the page that lists them. */
export function localReferrer(kind: string, label: string, count: number, href: string): Referrer {
  return { kind, label, count, href };
}

/**
 * Throws 409 `still_referenced` when anything refers to the record: `local` holds
 * this component's own referrers, `references` asks every other holder.
 */
export async function assertUnreferenced(
  references: ReferencesPort,
  kind: EventsReferencedKind,
  id: string,
  local: Referrer[] = [],
): Promise<void> {
  await assertNotReferenced(references, kind, id, NOUNS[kind], local);
}
