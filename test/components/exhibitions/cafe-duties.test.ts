import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { listCafeDutiesOf } from '../../../src/components/world-cafe';
import { signInAs } from '../../helpers/auth';
import { buildTestApp, closeTestApp } from '../../helpers/app';
import { buildStand } from '../../helpers/factories/exhibitions';
import { buildWorldCafeSession, buildWorldCafeTable } from '../../helpers/factories/world-cafe';
import { clearDatabase } from '../../helpers/hooks';

type Check = { type: string; start: string; end: string; personId?: string; shiftIds: string[] };

/**
 * World Café duties are time elsewhere: a stand shift during one's own table is
 * double-booked, and "shifts I can take" leaves it out. The café session runs
 * 7 May 2025 11:00–12:30 UTC (14:00–15:30 Vilnius).
 */
describe('exhibitions: World Café duties count as elsewhere', () => {
  let app: Express;
  let auth: Record<string, string>;
  const now = new Date('2025-05-01T09:00:00Z');

  before(async () => {
    app = (await buildTestApp({ clock: () => now })).app;
  });
  after(async () => {
    await closeTestApp(app);
  });
  beforeEach(async () => {
    await clearDatabase();
    auth = (await signInAs(app, 'admin')).authHeader;
  });

  const post = (standId: string, body: object) =>
    request(app).post(`/api/stands/${standId}/shifts`).set(auth).send(body);

  async function standWithCafe() {
    const built = await buildStand({
      team: ['booth', 'booth', 'lead'],
      hours: [{ start: '2025-05-07T07:00:00Z', end: '2025-05-07T15:00:00Z' }],
    });
    const [host, rapporteur, facilitator] = built.people;
    const session = await buildWorldCafeSession({
      eventId: built.event.id,
      title: 'Mobility café',
      facilitators: [{ name: facilitator!.name, email: facilitator!.email }],
    });
    // The rapporteur is named without an e-mail address: the name identifies them.
    await buildWorldCafeTable({
      sessionId: session.id,
      number: 2,
      host: { name: 'Someone Else', email: host!.email },
      rapporteur: { name: ` ${rapporteur!.name.toUpperCase()} ` },
    });
    return { ...built, host: host!, rapporteur: rapporteur!, facilitator: facilitator! };
  }

  it('when a person hosts, reports or facilitates, then listCafeDutiesOf gives each duty with the session’s times', async () => {
    const { host, rapporteur, facilitator, people } = await standWithCafe();
    const duties = await listCafeDutiesOf(
      people.map((p) => p.id),
      new Date('2025-05-06T00:00:00Z'),
      new Date('2025-05-09T00:00:00Z'),
    );
    assert.deepEqual(
      duties.map((d) => [d.personId, d.start.toISOString(), d.end.toISOString(), d.label]).sort(),
      [
        [
          facilitator.id,
          '2025-05-07T11:00:00.000Z',
          '2025-05-07T12:30:00.000Z',
          'World Café: Mobility café — facilitator',
        ],
        [
          host.id,
          '2025-05-07T11:00:00.000Z',
          '2025-05-07T12:30:00.000Z',
          'World Café: Mobility café, table 2 — host',
        ],
        [
          rapporteur.id,
          '2025-05-07T11:00:00.000Z',
          '2025-05-07T12:30:00.000Z',
          'World Café: Mobility café, table 2 — rapporteur',
        ],
      ].sort(),
    );
    const outside = await listCafeDutiesOf(
      [host.id],
      new Date('2025-05-07T12:30:00Z'),
      new Date('2025-05-08T00:00:00Z'),
    );
    assert.deepEqual(outside, []);
  });

  it('when a shift overlaps a person’s table, then double_booked names the overlap; back-to-back with it is fine', async () => {
    const { stand, host, facilitator } = await standWithCafe();
    const during = await post(stand.id, {
      start: '2025-05-07T10:00:00Z',
      end: '2025-05-07T11:30:00Z',
      assignees: [host.id],
    }).expect(201);
    assert.ok(during.body.checks.some((c: Check) => c.type === 'double_booked'));
    await post(stand.id, {
      start: '2025-05-07T12:30:00Z',
      end: '2025-05-07T14:00:00Z',
      assignees: [host.id, facilitator.id],
    }).expect(201);
    const items: Check[] = (
      await request(app).get(`/api/stands/${stand.id}/checks`).set(auth).expect(200)
    ).body.items;
    const doubles = items.filter((c) => c.type === 'double_booked');
    assert.deepEqual(
      doubles.map((d) => [d.personId, d.start, d.end, d.shiftIds]),
      [[host.id, '2025-05-07T11:00:00.000Z', '2025-05-07T11:30:00.000Z', [during.body.shift.id]]],
    );
    assert.match(
      (doubles[0] as Check & { message: string }).message,
      /Mobility café, table 2 — host/,
    );
  });

  it('when a team member has a table at that time, then the slot is not offered and signing up is refused with double_booked', async () => {
    const { stand, rapporteur } = await standWithCafe();
    const clash = await post(stand.id, {
      start: '2025-05-07T12:00:00Z',
      end: '2025-05-07T13:00:00Z',
      needs: [{ role: 'booth', count: 2 }],
    }).expect(201);
    const later = await post(stand.id, {
      start: '2025-05-07T13:00:00Z',
      end: '2025-05-07T14:00:00Z',
      needs: [{ role: 'booth', count: 1 }],
    }).expect(201);
    const offered = await request(app)
      .get(`/api/stands/${stand.id}/team/${rapporteur.id}/open-shifts`)
      .set(auth)
      .expect(200);
    assert.deepEqual(
      offered.body.items.map((o: { shift: { id: string } }) => o.shift.id),
      [later.body.shift.id],
    );
    const refused = await request(app)
      .post(`/api/stands/${stand.id}/shifts/${clash.body.shift.id}/sign-ups`)
      .set(auth)
      .send({ personId: rapporteur.id })
      .expect(409);
    assert.equal(refused.body.code, 'double_booked');
    assert.match(refused.body.detail ?? refused.body.title ?? '', /World Café/);
    const stored = await request(app).get(`/api/stands/${stand.id}/shifts`).set(auth).expect(200);
    const clashNow = stored.body.items.find((s: { id: string }) => s.id === clash.body.shift.id);
    assert.deepEqual(clashNow.assignees, []);
  });
});
