import { getPerson, type PersonView } from '../events';
import { AppError } from '../../lib/errors';
import { WorldCafeSessionModel, type PersonRef, type SessionDoc } from './session.model';
import { WorldCafeTableModel, type TableDoc } from './table.model';

/** A World Café duty of one directory person: facilitating a session, hosting or reporting a table. */
export type CafeDuty = { personId: string; start: Date; end: Date; label: string };

const normalName = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Sessions name their people as `{ name, email }`, not as directory ids. The same
 * person: equal e-mail addresses when both have one, otherwise equal names.
 */
function isPerson(ref: PersonRef | undefined, person: PersonView): boolean {
  if (!ref) return false;
  if (ref.email && person.email) return ref.email.toLowerCase() === person.email.toLowerCase();
  return normalName(ref.name) === normalName(person.name);
}

async function knownPeople(personIds: readonly string[]): Promise<PersonView[]> {
  const found = await Promise.all(
    [...new Set(personIds)].map((id) =>
      getPerson(id).catch((err: unknown) => {
        if (err instanceof AppError && err.status === 404) return undefined;
        throw err;
      }),
    ),
  );
  return found.filter((p): p is PersonView => p !== undefined);
}

/**
 * The World Café duties of these people that overlap [from, to): facilitators for the
 * whole session, table hosts and rapporteurs for their table's session. Sessions
 * without a known time (all-day placeholders) hold no duty anyone could collide with.
 */
export async function listCafeDutiesOf(
  personIds: readonly string[],
  from: Date,
  to: Date,
): Promise<CafeDuty[]> {
  const people = await knownPeople(personIds);
  if (people.length === 0) return [];
  const sessions = await WorldCafeSessionModel.find({
    allDay: { $ne: true },
    start: { $lt: to },
    end: { $gt: from },
  })
    .sort({ start: 1 })
    .lean<SessionDoc[]>();
  if (sessions.length === 0) return [];
  const tables = await WorldCafeTableModel.find({ sessionId: { $in: sessions.map((s) => s._id) } })
    .sort({ number: 1 })
    .lean<TableDoc[]>();
  const duties: CafeDuty[] = [];
  for (const session of sessions) {
    const at = { start: session.start, end: session.end };
    for (const person of people) {
      if (session.facilitators.some((f) => isPerson(f, person))) {
        duties.push({
          personId: person.id,
          ...at,
          label: `World Café: ${session.title} — facilitator`,
        });
      }
      for (const table of tables.filter((t) => t.sessionId.equals(session._id))) {
        for (const role of ['host', 'rapporteur'] as const) {
          if (isPerson(table[role], person)) {
            duties.push({
              personId: person.id,
              ...at,
              label: `World Café: ${session.title}, table ${table.number} — ${role}`,
            });
          }
        }
      }
    }
  }
  return duties;
}
