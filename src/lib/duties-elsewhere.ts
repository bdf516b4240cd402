/**
 * Duties people have outside the component asking: a stand rota must know who is
 * facilitating a World Café table at three, but the exhibitions component cannot
 * import the World Café (that would close a loop through invitations and print).
 * The owning component provides a `DutySource` port; app.ts hands it to the rota.
 */
export type DutyElsewhere = {
  personId: string;
  start: Date;
  end: Date;
  /** What and where, for people: "World Café: Mobility — table 2 host". */
  label: string;
};

/**
 * Every duty of these people that overlaps [from, to). A failing source fails the
 * call: a rota check that silently forgot a duty would say someone is free when
 * they are not.
 */
export type DutySource = (
  personIds: readonly string[],
  from: Date,
  to: Date,
) => Promise<DutyElsewhere[]>;

/** For callers outside an app that want the rota's own checks only (seeding demo data). */
export const noDutiesElsewhere: DutySource = () => Promise.resolve([]);

/** Several sources as one, in time order. */
export function combineDutySources(...sources: DutySource[]): DutySource {
  return async (personIds, from, to) => {
    if (personIds.length === 0) return [];
    const results = await Promise.all(sources.map((s) => s(personIds, from, to)));
    return results.flat().sort((a, b) => a.start.getTime() - b.start.getTime());
  };
}
