import { buildWorldCafeTable } from '../../helpers/factories/world-cafe';
import {
  CAPTURE,
  MANAGE,
  PUBLIC,
  SESSION_MANAGE,
  SESSION_LIST,
  SESSION_READ,
  type Case,
} from './rules';
import type { World } from './world';

/** Table numbers of session A (1 is table A1; the matrix adds tables 2, 3, …). */
let lastTableNumber = 1;
const nextTableNumber = () => ++lastTableNumber;
const session = (w: World) => `/api/world-cafe/sessions/${w.A.sessionId}`;
const table = (w: World) => `/api/world-cafe/tables/${w.A.tableId}`;

/** Back to a draft with text, whatever state the cell before left it in. */
async function draftSummary(w: World, tableId: string) {
  const path = `/api/world-cafe/tables/${tableId}`;
  await w
    .asAdmin('post', `${path}/summary/review`, {
      decision: 'send-back',
      comment: 'Once more, please',
    })
    .catch(() => undefined);
  await w.asAdmin('put', `${path}/summary`, { text: 'What the table found' });
}

async function outcomesVersion(w: World): Promise<number> {
  const outcomes = await w.asAdmin('get', `${table(w)}/outcomes`);
  return outcomes.version as number;
}

/**
 * The World Café: visitor calls (public), capture calls of table A1 (its key, the
 * session's facilitators, the event's managers), organiser calls on session A (the
 * event's managers), and the report.
 */
export const WORLD_CAFE_CASES: Record<string, Case> = {
  'GET /api/world-cafe/sessions/{id}/stream': {
    cells: PUBLIC,
    request: (w) => ({ path: `${session(w)}/stream`, as: 'stream' }),
  },
  ...Object.fromEntries(
    (['pdf', 'docx', 'md', 'json'] as const).map((format) => [
      `GET /api/world-cafe/sessions/{id}/report.${format}`,
      { cells: PUBLIC, request: (w: World) => ({ path: `${session(w)}/report.${format}` }) },
    ]),
  ),
  'POST /api/world-cafe/sessions/{id}/votes': {
    cells: PUBLIC,
    request: (w) => ({ path: `${session(w)}/votes`, body: { outcomeId: 'first-outcome' } }),
  },
  'POST /api/world-cafe/sessions/{id}/subscribers': {
    cells: PUBLIC,
    request: (w) => ({
      path: `${session(w)}/subscribers`,
      body: { email: `reader-${w.unique()}@example.org`, consent: true },
    }),
  },
  'PUT /api/world-cafe/tables/{id}/photos/{clientId}': {
    cells: CAPTURE,
    request: (w) => ({ path: `${table(w)}/photos/photo-${w.unique()}`, as: 'photo' }),
  },
  'GET /api/world-cafe/sessions': {
    cells: SESSION_LIST,
    request: (w) => ({ path: `/api/world-cafe/sessions?eventId=${w.A.eventId}` }),
  },
  'POST /api/world-cafe/sessions': {
    cells: MANAGE,
    request: (w) => ({
      path: '/api/world-cafe/sessions',
      body: {
        eventId: w.A.eventId,
        title: `Café ${w.unique()}`,
        start: '2027-05-07T12:00:00Z',
        end: '2027-05-07T13:30:00Z',
      },
    }),
  },
  'GET /api/world-cafe/sessions/{id}': {
    cells: SESSION_READ,
    request: (w) => ({ path: session(w) }),
  },
  'PATCH /api/world-cafe/sessions/{id}': {
    cells: SESSION_MANAGE,
    request: (w) => ({ path: session(w), body: { room: 'Room 4' } }),
  },
  'POST /api/world-cafe/sessions/{id}/tables': {
    cells: SESSION_MANAGE,
    request: (w) => ({
      path: `${session(w)}/tables`,
      body: { number: nextTableNumber() },
    }),
  },
  'PATCH /api/world-cafe/tables/{id}': {
    cells: SESSION_MANAGE,
    request: (w) => ({ path: table(w), body: { capacity: 10 } }),
  },
  'GET /api/world-cafe/tables/{id}': { cells: CAPTURE, request: (w) => ({ path: table(w) }) },
  'POST /api/world-cafe/tables/{id}/summary/review': {
    // The review publishes a submitted summary: the event's managers alone.
    cells: SESSION_MANAGE,
    request: async (w) => {
      const fresh = await buildWorldCafeTable({
        sessionId: w.A.sessionId,
        number: nextTableNumber(),
      });
      await w.asAdmin('put', `/api/world-cafe/tables/${fresh.id}/summary`, { text: 'Findings' });
      await w.asAdmin('post', `/api/world-cafe/tables/${fresh.id}/summary/submit`);
      return {
        path: `/api/world-cafe/tables/${fresh.id}/summary/review`,
        body: { decision: 'publish' },
      };
    },
  },
  'PUT /api/world-cafe/sessions/{id}/synthesis': {
    cells: SESSION_MANAGE,
    request: (w) => ({
      path: `${session(w)}/synthesis`,
      body: { themes: ['Green streets'], nextSteps: ['Pilot in two cities'], publish: true },
    }),
  },
  'POST /api/world-cafe/sessions/{id}/report/mail': {
    cells: SESSION_MANAGE,
    request: (w) => ({ path: `${session(w)}/report/mail` }),
  },
  'POST /api/world-cafe/sessions/{id}/invitations': {
    cells: SESSION_MANAGE,
    request: (w) => ({ path: `${session(w)}/invitations` }),
  },
  'POST /api/world-cafe/sessions/{id}/wall-links': {
    cells: SESSION_MANAGE,
    request: (w) => ({ path: `${session(w)}/wall-links`, body: { label: 'Screen in hall B' } }),
  },
  'POST /api/world-cafe/tables/{id}/capture-links': {
    cells: SESSION_MANAGE,
    request: (w) => ({ path: `${table(w)}/capture-links`, body: { label: 'Second phone' } }),
  },
  'PUT /api/world-cafe/tables/{id}/notes/{clientId}': {
    cells: CAPTURE,
    request: (w) => ({ path: `${table(w)}/notes/note-${w.unique()}`, body: { text: 'An idea' } }),
  },
  'GET /api/world-cafe/tables/{id}/notes': {
    cells: CAPTURE,
    request: (w) => ({ path: `${table(w)}/notes` }),
  },
  'PUT /api/world-cafe/tables/{id}/quotes/{clientId}': {
    cells: CAPTURE,
    request: (w) => ({
      path: `${table(w)}/quotes/quote-${w.unique()}`,
      body: { text: 'We need shade', consent: true },
    }),
  },
  'GET /api/world-cafe/tables/{id}/quotes': {
    cells: CAPTURE,
    request: (w) => ({ path: `${table(w)}/quotes` }),
  },
  'PUT /api/world-cafe/tables/{id}/dots/{clientId}': {
    cells: CAPTURE,
    request: (w) => ({ path: `${table(w)}/dots/dot-${w.unique()}`, body: { noteId: w.A.noteId } }),
  },
  'PUT /api/world-cafe/tables/{id}/participant-counts/{round}': {
    cells: CAPTURE,
    request: (w) => ({ path: `${table(w)}/participant-counts/1`, body: { count: 6 } }),
  },
  'PUT /api/world-cafe/tables/{id}/outcomes': {
    cells: CAPTURE,
    request: async (w) => ({
      path: `${table(w)}/outcomes`,
      body: {
        baseVersion: await outcomesVersion(w),
        items: [{ id: 'first-outcome', text: 'Greener streets' }],
      },
    }),
  },
  'GET /api/world-cafe/tables/{id}/outcomes': {
    cells: CAPTURE,
    request: (w) => ({ path: `${table(w)}/outcomes` }),
  },
  'GET /api/world-cafe/tables/{id}/photos': {
    cells: CAPTURE,
    request: (w) => ({ path: `${table(w)}/photos` }),
  },
  'GET /api/world-cafe/tables/{id}/photos/{photoId}/{size}': {
    // A photo not (yet) in a published summary: the table's own people only.
    cells: CAPTURE,
    request: (w) => ({ path: `${table(w)}/photos/${w.A.photoId}/thumb.jpg` }),
  },
  'PUT /api/world-cafe/tables/{id}/summary': {
    cells: CAPTURE,
    request: async (w) => {
      await draftSummary(w, w.A.tableId);
      return { path: `${table(w)}/summary`, body: { text: 'What the table found, edited' } };
    },
  },
  'POST /api/world-cafe/tables/{id}/summary/submit': {
    cells: CAPTURE,
    request: async (w) => {
      await draftSummary(w, w.A.tableId);
      return { path: `${table(w)}/summary/submit` };
    },
  },
  'GET /api/world-cafe/sessions/{id}/table-tents.pdf': {
    cells: SESSION_MANAGE,
    request: (w) => ({ path: `${session(w)}/table-tents.pdf` }),
  },
};
