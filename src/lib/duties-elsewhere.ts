/**
 * Duties people have outside the component asking: a stand rota must know who is
 * facilitating a World Café table at three, but the exhibitions component cannot
 * import the World Café (that would close a loop through invitations and print).
 * The owning component registers a read function here; the rota only reads the list.
 */
export type DutyElsewhere = {
  personId: string;
  start: Date;
  end: Date;
  /** What and where, for people: "World Café: Mobility — table 2 host". */
  label: string;
};

export type DutySource = (
  personIds: readonly string[],
  from: Date,
  to: Date,
) => Promise<DutyElsewhere[]>;

const sources = new Map<string, DutySource>();

/** Adds (or, under the same name, replaces) a source. Returns a function that removes it. */
export function registerDutySource(name: string, source: DutySource): () => void {
  sources.set(name, source);
  return () => {
    if (sources.get(name) === source) sources.delete(name);
  };
}

/**
 * Every registered duty of these people that overlaps [from, to), in time order. A
 * failing source fails the call: a rota check that silently forgot a duty would say
 * someone is free when they are not.
 */
export async function listDutiesElsewhere(
  personIds: readonly string[],
  from: Date,
  to: Date,
): Promise<DutyElsewhere[]> {
  if (personIds.length === 0) return [];
  const results = await Promise.all([...sources.values()].map((s) => s(personIds, from, to)));
  return results.flat().sort((a, b) => a.start.getTime() - b.start.getTime());
}
