import { conflict } from '../../lib/errors';
import { sendProgrammeItemInvitations } from '../invitations';
import { leadProjectsOf, listTables } from './tables.service';
import { getSession } from './sessions.service';

export type SessionInvitationsQueued = { recipients: number; messageIds: string[] };

/**
 * Calendar invitations (an iTIP REQUEST .ics through the invitations component and the
 * outbox) to the session's facilitators and each table's host and rapporteur, one per
 * person naming their roles. The invitations component keys each message by item,
 * sequence and address: sending again invites nobody twice, a moved session anew.
 * People without an e-mail address are skipped. 409 `no_calendar_entry` for a
 * session without a programme item.
 */
export async function inviteSessionPeople(
  sessionId: string,
  options: { inviter: { name: string; email: string }; baseUrl: string; now: Date },
): Promise<SessionInvitationsQueued> {
  const session = await getSession(sessionId);
  if (!session.programmeItemId) {
    throw conflict('no_calendar_entry', 'This session has no entry in the event programme');
  }
  const tables = await listTables(session.id);
  const projects = await leadProjectsOf(tables);
  const people = new Map<string, { name?: string; roles: string[] }>();
  const add = (person: { name: string; email?: string } | undefined, role: string) => {
    if (!person?.email) return;
    const email = person.email.trim().toLowerCase();
    const entry = people.get(email) ?? { name: person.name, roles: [] };
    entry.roles.push(role);
    people.set(email, entry);
  };
  session.facilitators.forEach((p) => add(p, 'a facilitator of the session'));
  for (const table of tables) {
    const project = table.leadProjectId ? projects.get(table.leadProjectId) : undefined;
    const label = `table ${table.number}${project ? ` (${project.acronym})` : ''}`;
    add(table.host, `the host of ${label}`);
    add(table.rapporteur, `the rapporteur of ${label}`);
  }
  const messageIds: string[] = [];
  for (const [email, person] of people) {
    const queued = await sendProgrammeItemInvitations(
      {
        eventId: session.eventId,
        itemId: session.programmeItemId,
        attendees: [{ email, name: person.name }],
        message:
          `You are ${person.roles.join(' and ')} at the World Café “${session.title}”.`.slice(
            0,
            2000,
          ),
        inviter: options.inviter,
      },
      { baseUrl: options.baseUrl, now: options.now },
    );
    messageIds.push(...queued.messageIds);
  }
  return { recipients: people.size, messageIds };
}
