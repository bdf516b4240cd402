import { buildApiToken, buildCapabilityLink, buildUser } from '../../helpers/factories/auth';
import { buildEvent, buildProgrammeItem } from '../../helpers/factories/events';
import { TEST_PASSWORD } from '../../helpers/auth';
import { createApiToken } from '../../../src/components/auth';
import {
  ADMIN,
  EVENT_ORGANISER,
  MANAGE,
  PUBLIC,
  SIGNED_IN,
  type Case,
  type Identity,
} from './rules';
import { freshOutboxMessage, type World } from './world';

/** Signed-in identities act as themselves; the others fall back to the admin's things. */
const ownerOf = (world: World, who: Identity) => world.userIds[who] ?? world.userIds.admin!;

/** A fresh event that comms-own manages (so deleting it is theirs to do). */
async function freshOwnEvent(world: World): Promise<string> {
  const event = await buildEvent();
  const user = await world.asAdmin('get', `/api/users/${world.userIds.commsOwn}`);
  await world.asAdmin('patch', `/api/users/${world.userIds.commsOwn}`, {
    eventIds: [...user.eventIds, event.id],
  });
  return event.id;
}

const directory = {
  clusters: (w: World) => ({ name: `Cluster ${w.unique()}` }),
  projects: (w: World) => ({ name: `Project ${w.unique()}`, acronym: `P${w.unique()}` }),
  organisations: (w: World) => ({ name: `Organisation ${w.unique()}` }),
  cities: (w: World) => ({ name: `City ${w.unique()}`, country: 'LT' }),
  people: (w: World) => ({ name: `Person ${w.unique()}` }),
};

function directoryCases(): Record<string, Case> {
  const cases: Record<string, Case> = {};
  for (const [kind, body] of Object.entries(directory)) {
    const fresh = async (w: World) => (await w.asAdmin('post', `/api/${kind}`, body(w))).id;
    cases[`GET /api/${kind}`] = { cells: SIGNED_IN, request: () => ({ path: `/api/${kind}` }) };
    cases[`POST /api/${kind}`] = {
      cells: ADMIN,
      request: (w) => ({ path: `/api/${kind}`, body: body(w) }),
    };
    cases[`GET /api/${kind}/{id}`] = {
      cells: SIGNED_IN,
      request: async (w) => ({ path: `/api/${kind}/${await fresh(w)}` }),
    };
    cases[`PATCH /api/${kind}/{id}`] = {
      cells: ADMIN,
      request: async (w) => ({ path: `/api/${kind}/${await fresh(w)}`, body: body(w) }),
    };
    cases[`DELETE /api/${kind}/{id}`] = {
      cells: ADMIN,
      request: async (w) => ({ path: `/api/${kind}/${await fresh(w)}` }),
    };
  }
  return cases;
}

/** Accounts, tokens, capability links, the outbox and calendars. */
export const ACCOUNT_CASES: Record<string, Case> = {
  'POST /api/auth/tokens': {
    // The sign-in door: whoever holds an e-mail and password (here a fresh account's).
    cells: PUBLIC,
    request: async (w) => {
      const user = await buildUser({
        password: TEST_PASSWORD,
        email: `tk-${w.unique()}@example.org`,
      });
      return { path: '/api/auth/tokens', body: { email: user.email, password: TEST_PASSWORD } };
    },
  },
  'GET /api/auth/tokens': { cells: SIGNED_IN, request: () => ({ path: '/api/auth/tokens' }) },
  'DELETE /api/auth/tokens/{id}': {
    cells: SIGNED_IN,
    request: async (w, who) => {
      const token = await createApiToken(ownerOf(w, who), { name: 'throwaway' });
      return { path: `/api/auth/tokens/${token.id}` };
    },
  },
  'POST /api/auth/password': {
    // A fresh account of the same role changes its own password (the identity's own
    // token would end with the change).
    cells: SIGNED_IN,
    request: async (w, who) => {
      const role = who === 'admin' ? 'admin' : who.startsWith('comms') ? 'comms' : 'facilitator';
      const user = await buildUser({ role, password: TEST_PASSWORD });
      const { authHeader } = await buildApiToken({ userId: user.id });
      const signedIn = w.userIds[who] !== undefined;
      return {
        path: '/api/auth/password',
        body: { currentPassword: TEST_PASSWORD, newPassword: `new ${TEST_PASSWORD} ${w.unique()}` },
        headers: signedIn ? authHeader : undefined,
      };
    },
  },
  'GET /api/auth/me': { cells: SIGNED_IN, request: () => ({ path: '/api/auth/me' }) },
  'GET /api/auth/csrf': { cells: SIGNED_IN, request: () => ({ path: '/api/auth/csrf' }) },
  'GET /api/users': { cells: ADMIN, request: () => ({ path: '/api/users' }) },
  'POST /api/users': {
    cells: ADMIN,
    request: (w) => ({
      path: '/api/users',
      body: {
        email: `new-${w.unique()}@example.org`,
        name: 'New Person',
        role: 'comms',
        invite: true,
      },
    }),
  },
  'GET /api/users/{id}': {
    cells: ADMIN,
    request: (w) => ({ path: `/api/users/${w.userIds.commsOther}` }),
  },
  'PATCH /api/users/{id}': {
    cells: ADMIN,
    request: async () => ({
      path: `/api/users/${(await buildUser()).id}`,
      body: { name: 'Renamed' },
    }),
  },
  'DELETE /api/users/{id}': {
    cells: ADMIN,
    request: async () => ({ path: `/api/users/${(await buildUser()).id}` }),
  },
  'POST /api/users/{id}/invitation': {
    cells: ADMIN,
    request: async () => ({ path: `/api/users/${(await buildUser()).id}/invitation` }),
  },
  'GET /api/capability-links': { cells: ADMIN, request: () => ({ path: '/api/capability-links' }) },
  'DELETE /api/capability-links/{id}': {
    cells: ADMIN,
    request: async () => ({ path: `/api/capability-links/${(await buildCapabilityLink()).id}` }),
  },
  'GET /api/outbox': { cells: ADMIN, request: () => ({ path: '/api/outbox' }) },
  'POST /api/outbox/{id}/retry': {
    cells: ADMIN,
    request: async (w) => {
      const id = await freshOutboxMessage(w);
      await w.asAdmin('post', `/api/outbox/${id}/cancel`);
      return { path: `/api/outbox/${id}/retry` };
    },
  },
  'POST /api/outbox/{id}/cancel': {
    cells: ADMIN,
    request: async (w) => ({ path: `/api/outbox/${await freshOutboxMessage(w)}/cancel` }),
  },
  'GET /api/events/{id}/programme.ics': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `/api/events/${w.A.eventId}/programme.ics` }),
  },
  'GET /api/events/{eventId}/programme-items/{id}.ics': {
    cells: SIGNED_IN,
    request: (w) => ({
      path: `/api/events/${w.A.eventId}/programme-items/${w.A.programmeItemId}.ics`,
    }),
  },
  'GET /api/stands/{id}/calendar.ics': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `/api/stands/${w.A.standId}/calendar.ics` }),
  },
  'GET /cal/{token}.ics': {
    // The subscription link is the credential: calendar programs send nothing else.
    cells: PUBLIC,
    request: async (w) => {
      const link = await w.asAdmin('post', '/api/calendar-subscriptions', {
        scope: 'event-programme',
        resourceId: w.A.eventId,
      });
      return { path: new URL(link.https as string).pathname };
    },
  },
  'POST /api/calendar-subscriptions': {
    cells: SIGNED_IN,
    request: (w) => ({
      path: '/api/calendar-subscriptions',
      body: { scope: 'event-programme', resourceId: w.A.eventId },
    }),
  },
  'GET /api/calendar-subscriptions': {
    cells: SIGNED_IN,
    request: () => ({ path: '/api/calendar-subscriptions' }),
  },
  'DELETE /api/calendar-subscriptions/{id}': {
    // Each signed-in identity revokes its own link.
    cells: SIGNED_IN,
    request: async (w, who) => {
      const owner = w.userIds[who] ? who : 'admin';
      const link = await w.as(owner, 'post', '/api/calendar-subscriptions', {
        scope: 'event-programme',
        resourceId: w.A.eventId,
      });
      return { path: `/api/calendar-subscriptions/${link.id}` };
    },
  },
};

/** Events, programmes, the directory, printouts and invitations. */
export const EVENT_CASES: Record<string, Case> = {
  'GET /api/events': { cells: SIGNED_IN, request: () => ({ path: '/api/events' }) },
  'POST /api/events': {
    cells: ADMIN,
    request: (w) => ({
      path: '/api/events',
      body: {
        name: `Matrix event ${w.unique()}`,
        slug: `matrix-${w.unique()}`,
        city: 'Vilnius',
        country: 'LT',
        startDate: '2027-06-01',
        endDate: '2027-06-02',
        timeZone: 'Europe/Vilnius',
      },
    }),
  },
  'GET /api/events/{id}': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `/api/events/${w.A.eventId}` }),
  },
  'PATCH /api/events/{id}': {
    cells: MANAGE,
    request: (w) => ({ path: `/api/events/${w.A.eventId}`, body: { venue: 'Main hall' } }),
  },
  'DELETE /api/events/{id}': {
    cells: MANAGE,
    request: async (w) => ({ path: `/api/events/${await freshOwnEvent(w)}` }),
  },
  'GET /api/events/{id}/programme': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `/api/events/${w.A.eventId}/programme` }),
  },
  'POST /api/events/{id}/programme': {
    cells: MANAGE,
    request: (w) => ({
      path: `/api/events/${w.A.eventId}/programme`,
      body: {
        title: `Panel ${w.unique()}`,
        start: '2027-05-07T12:00:00Z',
        end: '2027-05-07T13:00:00Z',
      },
    }),
  },
  'GET /api/events/{id}/programme/{itemId}': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `/api/events/${w.A.eventId}/programme/${w.A.programmeItemId}` }),
  },
  'PATCH /api/events/{id}/programme/{itemId}': {
    cells: MANAGE,
    request: (w) => ({
      path: `/api/events/${w.A.eventId}/programme/${w.A.programmeItemId}`,
      body: { location: 'Room 2' },
    }),
  },
  'DELETE /api/events/{id}/programme/{itemId}': {
    cells: MANAGE,
    request: async (w) => {
      const item = await buildProgrammeItem({ eventId: w.A.eventId });
      return { path: `/api/events/${w.A.eventId}/programme/${item.id}` };
    },
  },
  ...directoryCases(),
  'GET /api/events/{id}/programme.pdf': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `/api/events/${w.A.eventId}/programme.pdf` }),
  },
  'GET /api/print/qr-labels.pdf': {
    cells: EVENT_ORGANISER,
    request: (w) => ({ path: `/api/print/qr-labels.pdf?codes=${w.A.code}` }),
  },
  'GET /api/resources/{id}/poster.pdf': {
    cells: EVENT_ORGANISER,
    request: (w) => ({ path: `/api/resources/${w.A.resourceId}/poster.pdf` }),
  },
  'GET /api/print/postcards.pdf': {
    cells: EVENT_ORGANISER,
    request: (w) => ({ path: `/api/print/postcards.pdf?ids=${w.A.postcardId}` }),
  },
  'GET /api/stands/{id}/rota.pdf': {
    // With the team's phone numbers: the stand's managers only.
    cells: MANAGE,
    request: (w) => ({ path: `/api/stands/${w.A.standId}/rota.pdf?phones=true` }),
  },
  'GET /api/stands/{id}/programme.pdf': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `/api/stands/${w.A.standId}/programme.pdf` }),
  },
  'GET /api/stands/{id}/packing-list.pdf': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `/api/stands/${w.A.standId}/packing-list.pdf` }),
  },
  'POST /api/events/{eventId}/programme-items/{itemId}/invitations': {
    cells: MANAGE,
    request: (w) => ({
      path: `/api/events/${w.A.eventId}/programme-items/${w.A.programmeItemId}/invitations`,
      body: { attendees: [{ email: `guest-${w.unique()}@example.org` }] },
    }),
  },
};
