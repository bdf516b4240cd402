import { buildPerson } from '../../helpers/factories/events';
import { KEYS_REFUSED, MANAGE, SIGNED_IN, but, type Case } from './rules';
import type { World } from './world';

const stand = (w: World) => `/api/stands/${w.A.standId}`;
const freshShift = async (w: World) =>
  (
    await w.asAdmin('post', `${stand(w)}/shifts`, {
      start: '2027-05-07T11:00:00Z',
      end: '2027-05-07T12:00:00Z',
      needs: [{ role: 'booth', count: 2 }],
    })
  ).shift as { id: string; version: number };

/** A stand's sub-things: list (everyone signed in), add, change and remove (its managers). */
function subThings(
  kind: 'materials' | 'films' | 'screenings',
  param: string,
  body: (w: World) => Promise<Record<string, unknown>> | Record<string, unknown>,
  change: Record<string, unknown>,
): Record<string, Case> {
  const fresh = async (w: World) => {
    const made = await w.asAdmin('post', `${stand(w)}/${kind}`, await body(w));
    return (made.screening ?? made).id as string;
  };
  return {
    [`GET /api/stands/{id}/${kind}`]: {
      cells: SIGNED_IN,
      request: (w) => ({ path: `${stand(w)}/${kind}` }),
    },
    [`POST /api/stands/{id}/${kind}`]: {
      cells: MANAGE,
      request: async (w) => ({ path: `${stand(w)}/${kind}`, body: await body(w) }),
    },
    [`PATCH /api/stands/{id}/${kind}/{${param}}`]: {
      cells: MANAGE,
      request: async (w) => ({ path: `${stand(w)}/${kind}/${await fresh(w)}`, body: change }),
    },
    [`DELETE /api/stands/{id}/${kind}/{${param}}`]: {
      cells: MANAGE,
      request: async (w) => ({ path: `${stand(w)}/${kind}/${await fresh(w)}` }),
    },
  };
}

/** Stands, their zones, team, hours, rota, materials, films and screenings; schedules. */
export const STAND_CASES: Record<string, Case> = {
  'POST /api/events/{eventId}/stands': {
    cells: MANAGE,
    request: (w) => ({
      path: `/api/events/${w.A.eventId}/stands`,
      body: { name: `Stand ${w.unique()}`, projectIds: [w.A.projectId] },
    }),
  },
  'GET /api/events/{eventId}/stands': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `/api/events/${w.A.eventId}/stands` }),
  },
  'GET /api/stands/{id}': { cells: SIGNED_IN, request: (w) => ({ path: stand(w) }) },
  'PATCH /api/stands/{id}': {
    cells: MANAGE,
    request: (w) => ({ path: stand(w), body: { notes: 'Near the entrance' } }),
  },
  'DELETE /api/stands/{id}': {
    cells: MANAGE,
    request: async (w) => {
      const fresh = await w.asAdmin('post', `/api/events/${w.A.eventId}/stands`, {
        name: `Throwaway stand ${w.unique()}`,
        projectIds: [w.A.projectId],
      });
      return { path: `/api/stands/${fresh.id}` };
    },
  },
  'PUT /api/stands/{id}/opening-hours': {
    cells: MANAGE,
    request: (w) => ({
      path: `${stand(w)}/opening-hours`,
      body: { blocks: [{ start: '2027-05-07T06:00:00Z', end: '2027-05-07T16:00:00Z' }] },
    }),
  },
  'POST /api/stands/{id}/zones': {
    cells: MANAGE,
    request: (w) => ({
      path: `${stand(w)}/zones`,
      body: { kind: 'game-table', name: `Games ${w.unique()}` },
    }),
  },
  'PATCH /api/stands/{id}/zones/{zoneId}': {
    cells: MANAGE,
    request: (w) => ({ path: `${stand(w)}/zones/${w.A.zoneId}`, body: { name: 'Film corner' } }),
  },
  'DELETE /api/stands/{id}/zones/{zoneId}': {
    cells: MANAGE,
    request: async (w) => {
      const zone = await w.asAdmin('post', `${stand(w)}/zones`, {
        kind: 'postcard-wall',
        name: `Throwaway ${w.unique()}`,
      });
      return { path: `${stand(w)}/zones/${zone.id}` };
    },
  },
  'POST /api/stands/{id}/team': {
    cells: MANAGE,
    request: async (w) => ({
      path: `${stand(w)}/team`,
      body: { personId: (await buildPerson()).id, projectId: w.A.projectId, role: 'booth' },
    }),
  },
  'DELETE /api/stands/{id}/team/{personId}': {
    cells: MANAGE,
    request: async (w) => {
      const person = await buildPerson();
      await w.asAdmin('post', `${stand(w)}/team`, {
        personId: person.id,
        projectId: w.A.projectId,
        role: 'av',
      });
      return { path: `${stand(w)}/team/${person.id}` };
    },
  },
  'GET /api/events/{eventId}/schedule.xml': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `/api/events/${w.A.eventId}/schedule.xml` }),
  },
  'GET /api/events/{eventId}/schedule.json': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `/api/events/${w.A.eventId}/schedule.json` }),
  },
  // Schedule feeds for outside programmes: organisers, or the feed's own link key.
  'GET /exhibitions/schedule/{eventId}/schedule.xml': {
    cells: but(SIGNED_IN, {
      anonymous: { status: 401, code: 'capability_required' },
      ...KEYS_REFUSED,
    }),
    request: (w) => ({ path: `/exhibitions/schedule/${w.A.eventId}/schedule.xml` }),
  },
  'GET /exhibitions/schedule/{eventId}/schedule.json': {
    cells: but(SIGNED_IN, {
      anonymous: { status: 401, code: 'capability_required' },
      ...KEYS_REFUSED,
    }),
    request: (w) => ({ path: `/exhibitions/schedule/${w.A.eventId}/schedule.json` }),
  },
  'GET /api/stands/{id}/shifts': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `${stand(w)}/shifts` }),
  },
  'POST /api/stands/{id}/shifts': {
    cells: MANAGE,
    request: (w) => ({
      path: `${stand(w)}/shifts`,
      body: { start: '2027-05-07T13:00:00Z', end: '2027-05-07T14:00:00Z' },
    }),
  },
  'POST /api/stands/{id}/shifts/bulk': {
    cells: MANAGE,
    request: (w) => ({
      path: `${stand(w)}/shifts/bulk`,
      body: { blockMinutes: 120, days: ['2027-05-07'], needs: [{ role: 'booth', count: 1 }] },
    }),
  },
  'PATCH /api/stands/{id}/shifts/{shiftId}': {
    cells: MANAGE,
    request: async (w) => {
      const shift = await freshShift(w);
      return {
        path: `${stand(w)}/shifts/${shift.id}`,
        body: { version: shift.version, title: 'Morning' },
      };
    },
  },
  'DELETE /api/stands/{id}/shifts/{shiftId}': {
    cells: MANAGE,
    request: async (w) => ({ path: `${stand(w)}/shifts/${(await freshShift(w)).id}` }),
  },
  'POST /api/stands/{id}/shifts/{shiftId}/overrides': {
    cells: MANAGE,
    request: (w) => ({
      path: `${stand(w)}/shifts/${w.A.shiftId}/overrides`,
      body: { type: 'understaffed', reason: 'Two volunteers confirmed by phone' },
    }),
  },
  'GET /api/stands/{id}/checks': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `${stand(w)}/checks` }),
  },
  'POST /api/stands/{id}/shifts/{shiftId}/sign-ups': {
    // Managers sign anyone up; a table key is no team member's sign-up link.
    cells: but(MANAGE, KEYS_REFUSED),
    request: async (w) => {
      // A fresh team member each time: one person twice at once would be double-booked.
      const person = await buildPerson();
      await w.asAdmin('post', `${stand(w)}/team`, {
        personId: person.id,
        projectId: w.A.projectId,
        role: 'booth',
      });
      return {
        path: `${stand(w)}/shifts/${(await freshShift(w)).id}/sign-ups`,
        body: { personId: person.id },
      };
    },
  },
  'GET /api/stands/{id}/team/{personId}/open-shifts': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `${stand(w)}/team/${w.A.personId}/open-shifts` }),
  },
  ...subThings(
    'materials',
    'materialId',
    (w) => ({ name: `Roll-up ${w.unique()}`, ownerProjectId: w.A.projectId }),
    {
      quantityNeeded: 3,
    },
  ),
  ...subThings(
    'films',
    'filmId',
    (w) => ({ title: `Short film ${w.unique()}`, durationMinutes: 8 }),
    {
      durationMinutes: 12,
    },
  ),
  ...subThings(
    'screenings',
    'screeningId',
    (w) => ({ mode: 'fixed', filmIds: [w.A.filmId], start: '2027-05-07T10:30:00Z' }),
    { start: '2027-05-07T11:30:00Z' },
  ),
};
