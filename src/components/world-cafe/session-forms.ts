import {
  field,
  fieldList,
  instantIn as wallClockIn,
  invalidField,
  lines,
  localInput,
  type FormFields,
} from '../../lib/forms';
import type { Request } from 'express';
import { z } from 'zod';
import { idParam } from '../../lib/http/params';
import type { SessionView, TableView } from './world-cafe.presenter';

/**
 * The World Café organiser forms (session, table) → API bodies, and back. Forms send
 * strings; these turn them into the shapes the API schemas check, so a page and an
 * API call are validated by the same rules.
 */

/** "Name, e-mail" per line; the e-mail is optional. */
export function peopleLines(text: string): { name: string; email?: string }[] {
  return lines(text).map((line) => {
    const [name = '', email] = line.split(',').map((part) => part.trim());
    return email ? { name, email } : { name };
  });
}

export const peopleText = (people: { name: string; email?: string }[] = []): string =>
  people.map((p) => (p.email ? `${p.name}, ${p.email}` : p.name)).join('\n');

/** "Name" and "E-mail" field pairs → a person, or nothing when both are empty. */
export function personOf(form: FormFields, prefix: string) {
  const name = field(form, `${prefix}Name`);
  const email = field(form, `${prefix}Email`);
  if (!name && !email) return undefined;
  return email ? { name, email } : { name };
}

const int = (value: string) => (value === '' ? undefined : Number(value));

/** A `datetime-local` value read as wall-clock time in the event's zone. */
function instantAt(value: string, timeZone: string, path: string): string {
  const instant = wallClockIn(value, timeZone);
  if (!instant) throw invalidField(path, 'enter a date and time');
  return instant.toISOString();
}

export function sessionFromForm(form: FormFields, timeZone: string) {
  const rounds = int(field(form, 'rounds'));
  const roundMinutes = int(field(form, 'roundMinutes'));
  const breakMinutes = int(field(form, 'breakMinutes'));
  const allDay = field(form, 'allDay') === 'on';
  return {
    title: field(form, 'title'),
    room: field(form, 'room'),
    start: instantAt(field(form, 'start'), timeZone, 'start'),
    end: instantAt(field(form, 'end'), timeZone, 'end'),
    allDay,
    format:
      rounds === undefined && roundMinutes === undefined && breakMinutes === undefined
        ? undefined
        : { rounds, roundMinutes, breakMinutes: breakMinutes ?? 0 },
    facilitators: peopleLines(field(form, 'facilitators')),
    facilitatorIds: fieldList(form, 'facilitatorIds'),
    languages: field(form, 'languages')
      .split(/[\s,]+/)
      .filter(Boolean),
    wallAccess: field(form, 'wallAccess') || undefined,
  };
}

/** A session's form values: the stored session, or what was typed when it was refused. */
export function sessionFormValues(
  session: Partial<SessionView> | undefined,
  timeZone: string,
  posted?: FormFields,
) {
  if (posted) return { ...posted, wallPublic: field(posted, 'wallAccess') !== 'link' };
  return {
    title: session?.title ?? '',
    room: session?.room ?? '',
    start: session?.start ? localInput(session.start, timeZone) : '',
    end: session?.end ? localInput(session.end, timeZone) : '',
    allDay: session?.allDay ?? false,
    rounds: session?.format?.rounds ?? '',
    roundMinutes: session?.format?.roundMinutes ?? '',
    breakMinutes: session?.format?.breakMinutes ?? '',
    facilitators: peopleText(session?.facilitators),
    languages: (session?.languages ?? []).join(', '),
    wallPublic: (session?.wallAccess ?? 'public') === 'public',
  };
}

export function tableFromForm(form: FormFields) {
  return {
    number: int(field(form, 'number')),
    leadProjectId: field(form, 'leadProjectId') || undefined,
    host: personOf(form, 'host'),
    rapporteur: personOf(form, 'rapporteur'),
    objectives: lines(field(form, 'objectives')),
    guidingQuestions: lines(field(form, 'guidingQuestions')),
    capacity: int(field(form, 'capacity')),
    participants: peopleLines(field(form, 'participants')),
    participantCounts: countsPerRound(field(form, 'participantCounts')),
  };
}

type Project = { id: string };

/** A table's form values (world-cafe-table-fields): stored, or as typed when refused. */
export function tableFormValues<P extends Project>(
  table: Partial<TableView> | undefined,
  projects: P[],
  posted?: FormFields,
) {
  if (posted) {
    const lead = field(posted, 'leadProjectId');
    return {
      number: field(posted, 'number'),
      host: { name: field(posted, 'hostName'), email: field(posted, 'hostEmail') },
      rapporteur: {
        name: field(posted, 'rapporteurName'),
        email: field(posted, 'rapporteurEmail'),
      },
      objectivesText: field(posted, 'objectives'),
      questionsText: field(posted, 'guidingQuestions'),
      capacity: field(posted, 'capacity'),
      participantsText: field(posted, 'participants'),
      countsText: field(posted, 'participantCounts'),
      projects: projects.map((p) => ({ ...p, selected: p.id === lead })),
    };
  }
  return {
    objectivesText: (table?.objectives ?? []).join('\n'),
    questionsText: (table?.guidingQuestions ?? []).join('\n'),
    participantsText: peopleText(table?.participants),
    countsText: countsText(table?.participantCounts),
    projects: projects.map((p) => ({ ...p, selected: p.id === table?.leadProjectId })),
  };
}

/** "6, 7, 5" → a count per round, round 1 first (a word that is no number fails validation). */
export function countsPerRound(text: string): { round: number; count: number }[] {
  return text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((part, i) => ({ round: i + 1, count: /^\d+$/.test(part) ? Number(part) : Number.NaN }));
}

/** A count per round as the form shows it. */
export const countsText = (counts: { round: number; count: number }[] = []): string =>
  [...counts]
    .sort((a, b) => a.round - b.round)
    .map((c) => String(c.count))
    .join(', ');

/** The organiser pages' route parameters and the query their notices come in. */
export const sessionParams = z.object({ id: idParam('Session') });
export const tableParams = z.object({ id: idParam('Table') });
/** The notices a page shows after a redirect (`?done=saved`); anything else shows none. */
const noticeQuery = z.object({
  done: z.string().max(40).optional().catch(undefined),
  recipients: z.string().max(10).optional().catch(undefined),
  saved: z.string().optional().catch(undefined),
  invited: z.string().max(10).optional().catch(undefined),
  key: z.string().optional().catch(undefined),
  eventId: z.string().max(40).optional().catch(undefined),
});
export const noticesOf = (req: Request) => noticeQuery.parse(req.query);
