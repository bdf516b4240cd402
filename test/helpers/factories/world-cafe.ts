import {
  createSession,
  createTable,
  type CreateSessionInput,
  type CreateTableInput,
  type SessionView,
  type TableView,
} from '../../../src/components/world-cafe';
import { buildEvent, buildProject } from './events';

/** A session (7 May 2025, 14:00–15:30 Vilnius, 2 rounds of 25 minutes); creates its event unless given. */
export async function buildWorldCafeSession(
  overrides: Partial<CreateSessionInput> = {},
): Promise<SessionView> {
  const eventId = overrides.eventId ?? (await buildEvent()).id;
  return createSession({
    title: `Test café ${Math.random().toString(36).slice(2, 8)}`,
    room: 'Room 3',
    start: new Date('2025-05-07T11:00:00Z'),
    end: new Date('2025-05-07T12:30:00Z'),
    format: { rounds: 2, roundMinutes: 25, breakMinutes: 5 },
    ...overrides,
    eventId,
  });
}

/** A table with a lead project and two objectives; creates the session unless `sessionId` is given. */
export async function buildWorldCafeTable(
  overrides: Partial<CreateTableInput> & { sessionId?: string } = {},
): Promise<TableView> {
  const { sessionId, ...fields } = overrides;
  const session = sessionId ?? (await buildWorldCafeSession()).id;
  return createTable(session, {
    number: 1,
    leadProjectId: (await buildProject()).id,
    host: { name: 'Test Host', email: 'host@example.org' },
    rapporteur: { name: 'Test Rapporteur', email: 'rapporteur@example.org' },
    objectives: ['First objective', 'Second objective'],
    guidingQuestions: ['What next?'],
    capacity: 8,
    ...fields,
  });
}
