import { DateTime } from 'luxon';
import type { z } from 'zod';
import { AppError } from '../../lib/errors';
import { toFieldProblems } from '../../lib/http/validate';

/**
 * HTML form fields → API bodies. Forms send strings; these turn them into the shapes
 * the API schemas check, so a page and an API call are validated by the same rules.
 */

export type FormFields = Record<string, string | string[] | undefined>;

export const field = (form: FormFields, name: string): string => {
  const value = form[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
};

export const fieldList = (form: FormFields, name: string): string[] => {
  const value = form[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};

/** One entry per non-empty line (objectives, themes, next steps…). */
export const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

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
export function instantIn(value: string, timeZone: string, path: string): string {
  const time = DateTime.fromISO(value, { zone: timeZone });
  if (!value || !time.isValid) throw invalid(path, 'enter a date and time');
  return time.toUTC().toISO()!;
}

/** The other way, for filling a form: an instant as `yyyy-MM-ddTHH:mm` in the zone. */
export const localInput = (date: Date, timeZone: string): string =>
  DateTime.fromJSDate(date, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm");

export function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', 'Some fields need attention', 400, {
    errors: [{ path, message }],
  });
}

/** Parses with an API schema; 400 `validation_failed` naming the fields otherwise. */
export function check<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AppError('validation_failed', 'Some fields need attention', 400, {
      errors: toFieldProblems(parsed.error),
    });
  }
  return parsed.data;
}

export function sessionFromForm(form: FormFields, timeZone: string) {
  const rounds = int(field(form, 'rounds'));
  const roundMinutes = int(field(form, 'roundMinutes'));
  const breakMinutes = int(field(form, 'breakMinutes'));
  const allDay = field(form, 'allDay') === 'on';
  return {
    title: field(form, 'title'),
    room: field(form, 'room'),
    start: instantIn(field(form, 'start'), timeZone, 'start'),
    end: instantIn(field(form, 'end'), timeZone, 'end'),
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

/** Field problems of an AppError, for a form's error summary. */
export function problemsOf(err: AppError): { path: string; message: string }[] {
  const errors = (err.details?.errors ?? []) as { path: string; message: string }[];
  return errors.length ? errors : [{ path: '', message: err.message }];
}
