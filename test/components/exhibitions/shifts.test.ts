import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { signInAs } from '../../helpers/auth';
import { buildTestApp, closeTestApp } from '../../helpers/app';
import { buildPerson } from '../../helpers/factories/events';
import { buildStand } from '../../helpers/factories/exhibitions';
import { clearDatabase } from '../../helpers/hooks';

type Check = {
  type: string;
  start: string;
  end: string;
  personId?: string;
  shiftIds: string[];
  missing?: number;
  overridden?: { reason: string };
};

describe('exhibitions API: shifts and checks', () => {
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
  const checks = async (standId: string): Promise<Check[]> =>
    (await request(app).get(`/api/stands/${standId}/checks`).set(auth).expect(200)).body.items;

  it('when one person is on two overlapping shifts, then double_booked names the overlap; back-to-back is fine', async () => {
    const { stand, people } = await buildStand({
      hours: [{ start: '2025-05-06T07:00:00Z', end: '2025-05-06T15:00:00Z' }],
    });
    const lead = people[0]!.id;
    const a = await post(stand.id, {
      start: '2025-05-06T07:00:00Z',
      end: '2025-05-06T10:00:00Z',
      assignees: [lead],
    }).expect(201);
    const b = await post(stand.id, {
      start: '2025-05-06T10:00:00Z',
      end: '2025-05-06T12:00:00Z',
      assignees: [lead],
    }).expect(201);
    assert.equal((await checks(stand.id)).filter((c) => c.type === 'double_booked').length, 0);
    const c = await post(stand.id, {
      start: '2025-05-06T09:00:00Z',
      end: '2025-05-06T11:00:00Z',
      assignees: [lead],
    }).expect(201);
    assert.ok(c.body.checks.some((x: Check) => x.type === 'double_booked'));
    const doubles = (await checks(stand.id)).filter((x) => x.type === 'double_booked');
    assert.deepEqual(
      doubles.map((d) => [d.start, d.end, d.personId, [...d.shiftIds].sort()]),
      [
        [
          '2025-05-06T09:00:00.000Z',
          '2025-05-06T10:00:00.000Z',
          lead,
          [a.body.shift.id, c.body.shift.id].sort(),
        ],
        [
          '2025-05-06T10:00:00.000Z',
          '2025-05-06T11:00:00.000Z',
          lead,
          [b.body.shift.id, c.body.shift.id].sort(),
        ],
      ],
    );
  });

  it('when a shift starts before opening, then outside_opening_hours covers only the part outside', async () => {
    const { stand } = await buildStand({
      hours: [{ start: '2025-05-06T07:00:00Z', end: '2025-05-06T15:00:00Z' }],
    });
    const s = await post(stand.id, {
      start: '2025-05-06T06:00:00Z',
      end: '2025-05-06T08:00:00Z',
    }).expect(201);
    const outside = (await checks(stand.id)).filter((c) => c.type === 'outside_opening_hours');
    assert.deepEqual(
      outside.map((c) => [c.start, c.end, c.shiftIds]),
      [['2025-05-06T06:00:00.000Z', '2025-05-06T07:00:00.000Z', [s.body.shift.id]]],
    );
  });

  it('when one slot is over-full and an overlapping slot is empty, then the empty slot’s gap still shows (clamped), and filling it clears it', async () => {
    const { stand, people } = await buildStand({
      minStaff: 1,
      team: ['booth', 'booth', 'booth', 'lead'],
      hours: [{ start: '2025-05-06T07:00:00Z', end: '2025-05-06T09:00:00Z' }],
    });
    const [p1, p2, p3, lead] = people.map((p) => p.id);
    await post(stand.id, {
      start: '2025-05-06T07:00:00Z',
      end: '2025-05-06T09:00:00Z',
      needs: [{ role: 'booth', count: 1 }],
      assignees: [p1, p2, p3],
    }).expect(201);
    const empty = await post(stand.id, {
      start: '2025-05-06T07:00:00Z',
      end: '2025-05-06T09:00:00Z',
      needs: [{ role: 'lead', count: 1 }],
    }).expect(201);
    const gaps = (await checks(stand.id)).filter((c) => c.type === 'understaffed');
    assert.deepEqual(
      gaps.map((g) => [g.start, g.end, g.missing, g.shiftIds]),
      [['2025-05-06T07:00:00.000Z', '2025-05-06T09:00:00.000Z', 1, [empty.body.shift.id]]],
    );
    await request(app)
      .patch(`/api/stands/${stand.id}/shifts/${empty.body.shift.id}`)
      .set(auth)
      .send({ version: empty.body.shift.version, assignees: [lead] })
      .expect(200);
    assert.equal((await checks(stand.id)).filter((c) => c.type === 'understaffed').length, 0);
  });

  it('when opening hours run past midnight with nobody on duty, then the gap is reported per day, split at local midnight', async () => {
    const { stand } = await buildStand({
      minStaff: 2,
      // 6 May 20:00 – 7 May 02:00 Vilnius (UTC+3).
      hours: [{ start: '2025-05-06T17:00:00Z', end: '2025-05-06T23:00:00Z' }],
    });
    const gaps = (await checks(stand.id)).filter((c) => c.type === 'understaffed');
    assert.deepEqual(
      gaps.map((g) => [g.start, g.end, g.missing]),
      [
        ['2025-05-06T17:00:00.000Z', '2025-05-06T21:00:00.000Z', 2],
        ['2025-05-06T21:00:00.000Z', '2025-05-06T23:00:00.000Z', 2],
      ],
    );
  });

  it('when the clocks go forward during an overnight opening, then the gaps follow the real instants (one hour shorter night)', async () => {
    // Vilnius: 30 March 2025 at 03:00 local the clocks jump to 04:00 (UTC+2 → UTC+3).
    const { stand, people } = await buildStand({
      event: { startDate: '2025-03-29', endDate: '2025-03-30' },
      minStaff: 1,
      hours: [{ start: '2025-03-29T20:00:00+02:00', end: '2025-03-30T08:00:00+03:00' }],
    });
    await post(stand.id, {
      start: '2025-03-30T00:00:00+02:00',
      end: '2025-03-30T05:00:00+03:00',
      assignees: [people[0]!.id],
    }).expect(201);
    const gaps = (await checks(stand.id)).filter((c) => c.type === 'understaffed');
    assert.deepEqual(
      gaps.map((g) => [g.start, g.end]),
      [
        ['2025-03-29T18:00:00.000Z', '2025-03-29T22:00:00.000Z'],
        ['2025-03-30T02:00:00.000Z', '2025-03-30T05:00:00.000Z'],
      ],
    );
    // Four real hours on duty (00:00 → 05:00 local across the skipped hour).
    const shifts = (
      await request(app).get(`/api/stands/${stand.id}/shifts?day=2025-03-30`).set(auth).expect(200)
    ).body.items;
    assert.equal(
      (new Date(shifts[0].end).getTime() - new Date(shifts[0].start).getTime()) / 3_600_000,
      4,
    );
  });

  it('when someone is on duty more than 10 h in 24 h or rests less than 11 h between days, then too_long; an override keeps its reason', async () => {
    const { stand, people } = await buildStand({
      hours: [
        { start: '2025-05-06T05:00:00Z', end: '2025-05-06T19:00:00Z' },
        { start: '2025-05-07T03:00:00Z', end: '2025-05-07T19:00:00Z' },
      ],
    });
    const lead = people[0]!.id;
    const long1 = await post(stand.id, {
      start: '2025-05-06T05:00:00Z',
      end: '2025-05-06T11:00:00Z',
      assignees: [lead],
    }).expect(201);
    await post(stand.id, {
      start: '2025-05-06T11:00:00Z',
      end: '2025-05-06T16:00:00Z',
      assignees: [lead],
    }).expect(201);
    let tooLong = (await checks(stand.id)).filter((c) => c.type === 'too_long');
    assert.equal(tooLong.length, 1);
    assert.match(JSON.stringify(tooLong[0]), /11 h on duty within 24 h/);
    // 16:00Z → next day 03:00Z is 11 h: enough rest. 02:00Z would be 10 h.
    await post(stand.id, {
      start: '2025-05-07T03:00:00Z',
      end: '2025-05-07T05:00:00Z',
      assignees: [lead],
    }).expect(201);
    tooLong = (await checks(stand.id)).filter(
      (c) => c.type === 'too_long' && /rest/.test(JSON.stringify(c)),
    );
    assert.equal(tooLong.length, 0);

    const override = await request(app)
      .post(`/api/stands/${stand.id}/shifts/${long1.body.shift.id}/overrides`)
      .set(auth)
      .send({
        type: 'too_long',
        personId: lead,
        reason: 'Short-staffed on day one, agreed with Lina',
      })
      .expect(201);
    assert.equal(
      override.body.shift.overrides[0].reason,
      'Short-staffed on day one, agreed with Lina',
    );
    const after = (await checks(stand.id)).filter((c) => c.type === 'too_long');
    assert.equal(after[0]?.overridden?.reason, 'Short-staffed on day one, agreed with Lina');
    const empty = await request(app)
      .post(`/api/stands/${stand.id}/shifts/${long1.body.shift.id}/overrides`)
      .set(auth)
      .send({ type: 'too_long', reason: '' })
      .expect(400);
    assert.equal(empty.body.errors[0].path, 'reason');
  });

  it('when a rest between days is too short, then too_long names the rest stretch', async () => {
    const { stand, people } = await buildStand({});
    const lead = people[0]!.id;
    await post(stand.id, {
      start: '2025-05-06T12:00:00Z',
      end: '2025-05-06T19:00:00Z',
      assignees: [lead],
    }).expect(201);
    await post(stand.id, {
      start: '2025-05-07T04:00:00Z',
      end: '2025-05-07T06:00:00Z',
      assignees: [lead],
    }).expect(201);
    const rest = (await checks(stand.id)).filter((c) => c.type === 'too_long');
    assert.deepEqual(
      rest.map((c) => [c.start, c.end]),
      [['2025-05-06T19:00:00.000Z', '2025-05-07T04:00:00.000Z']],
    );
  });

  it('when shifts come from a pattern, then two-hour blocks cover each day’s opening hours and a rerun adds nothing', async () => {
    const { stand } = await buildStand({
      hours: [
        { start: '2025-05-06T07:00:00Z', end: '2025-05-06T12:00:00Z' },
        { start: '2025-05-07T07:00:00Z', end: '2025-05-07T11:00:00Z' },
      ],
    });
    const first = await request(app)
      .post(`/api/stands/${stand.id}/shifts/bulk`)
      .set(auth)
      .send({ blockMinutes: 120, needs: [{ role: 'booth', count: 2 }] })
      .expect(201);
    assert.deepEqual(
      first.body.created.map((s: { start: string; end: string }) => [
        s.start.slice(5, 16),
        s.end.slice(11, 16),
      ]),
      [
        ['05-06T07:00', '09:00'],
        ['05-06T09:00', '11:00'],
        ['05-06T11:00', '12:00'],
        ['05-07T07:00', '09:00'],
        ['05-07T09:00', '11:00'],
      ],
    );
    const again = await request(app)
      .post(`/api/stands/${stand.id}/shifts/bulk`)
      .set(auth)
      .send({ blockMinutes: 120, needs: [{ role: 'booth', count: 2 }] })
      .expect(201);
    assert.equal(again.body.created.length, 0);
    assert.equal(again.body.skipped, 5);
    const wrongDay = await request(app)
      .post(`/api/stands/${stand.id}/shifts/bulk`)
      .set(auth)
      .send({ blockMinutes: 120, days: ['2025-05-10'], needs: [{ role: 'booth', count: 1 }] })
      .expect(400);
    assert.equal(wrongDay.body.errors[0].path, 'days.0');
  });

  it('when a shift is bad, then 400 with code and path and nothing is stored; unknown ids are 404', async () => {
    const { stand } = await buildStand({});
    const outsider = await buildPerson();
    const cases: [object, string, string][] = [
      [{ start: '2025-05-06T10:00:00Z', end: '2025-05-06T09:00:00Z' }, 'invalid_time_range', 'end'],
      [
        { start: '2025-05-12T10:00:00Z', end: '2025-05-12T11:00:00Z' },
        'outside_event_dates',
        'start',
      ],
      [
        { start: '2025-05-06T10:00:00Z', end: '2025-05-06T11:00:00Z', assignees: [outsider.id] },
        'not_on_team',
        'assignees.0',
      ],
      [
        {
          start: '2025-05-06T10:00:00Z',
          end: '2025-05-06T11:00:00Z',
          zoneId: '0123456789abcdef01234567',
        },
        'unknown_zone',
        'zoneId',
      ],
      [{ start: 'tomorrow', end: '2025-05-06T11:00:00Z' }, 'validation_failed', 'start'],
      [
        {
          start: '2025-05-06T10:00:00Z',
          end: '2025-05-06T11:00:00Z',
          needs: [{ role: 'juggler', count: 1 }],
        },
        'validation_failed',
        'needs.0.role',
      ],
    ];
    for (const [body, code, path] of cases) {
      const res = await post(stand.id, body).expect(400);
      assert.equal(res.body.code, code, JSON.stringify(body));
      assert.equal(res.body.errors[0].path, path, JSON.stringify(body));
    }
    const list = await request(app).get(`/api/stands/${stand.id}/shifts`).set(auth).expect(200);
    assert.equal(list.body.items.length, 0);
    await request(app)
      .patch(`/api/stands/${stand.id}/shifts/0123456789abcdef01234567`)
      .set(auth)
      .send({ version: 1 })
      .expect(404);
    await post('0123456789abcdef01234567', {
      start: '2025-05-06T10:00:00Z',
      end: '2025-05-06T11:00:00Z',
    }).expect(404);
  });

  it('when two users edit the same shift, then the second gets 409 with the current version and nothing is overwritten', async () => {
    const { stand } = await buildStand({});
    const created = await post(stand.id, {
      start: '2025-05-06T07:00:00Z',
      end: '2025-05-06T09:00:00Z',
      title: 'Morning',
    }).expect(201);
    const { id, version } = created.body.shift;
    await request(app)
      .patch(`/api/stands/${stand.id}/shifts/${id}`)
      .set(auth)
      .send({ version, title: 'First edit' })
      .expect(200);
    const second = await request(app)
      .patch(`/api/stands/${stand.id}/shifts/${id}`)
      .set(auth)
      .send({ version, title: 'Second edit' })
      .expect(409);
    assert.equal(second.body.code, 'version_conflict');
    assert.equal(second.body.currentVersion, version + 1);
    assert.equal(second.body.current.title, 'First edit');
    const shifts = (await request(app).get(`/api/stands/${stand.id}/shifts`).set(auth).expect(200))
      .body.items;
    assert.equal(shifts[0].title, 'First edit');
  });

  it('when team members sign up, then only free, non-colliding slots are offered and each refusal has its code', async () => {
    const { stand, people } = await buildStand({
      team: ['booth', 'booth', 'lead'],
      hours: [{ start: '2025-05-06T07:00:00Z', end: '2025-05-06T15:00:00Z' }],
    });
    const [booth1, booth2, lead] = people.map((p) => p.id);
    const morning = await post(stand.id, {
      start: '2025-05-06T07:00:00Z',
      end: '2025-05-06T09:00:00Z',
      needs: [{ role: 'booth', count: 1 }],
    }).expect(201);
    const overlapping = await post(stand.id, {
      start: '2025-05-06T08:00:00Z',
      end: '2025-05-06T10:00:00Z',
      needs: [{ role: 'booth', count: 2 }],
    }).expect(201);
    const leadOnly = await post(stand.id, {
      start: '2025-05-06T11:00:00Z',
      end: '2025-05-06T12:00:00Z',
      needs: [{ role: 'lead', count: 1 }],
    }).expect(201);
    const signUp = (shiftId: string, personId: string) =>
      request(app)
        .post(`/api/stands/${stand.id}/shifts/${shiftId}/sign-ups`)
        .set(auth)
        .send({ personId });

    const offered = await request(app)
      .get(`/api/stands/${stand.id}/team/${booth1}/open-shifts`)
      .set(auth)
      .expect(200);
    assert.deepEqual(
      offered.body.items.map((o: { shift: { id: string } }) => o.shift.id),
      [morning.body.shift.id, overlapping.body.shift.id],
    );
    await signUp(morning.body.shift.id, booth1!).expect(201);
    const after = await request(app)
      .get(`/api/stands/${stand.id}/team/${booth1}/open-shifts`)
      .set(auth)
      .expect(200);
    assert.deepEqual(after.body.items, []);

    assert.equal(
      (await signUp(morning.body.shift.id, booth1!).expect(409)).body.code,
      'already_signed_up',
    );
    assert.equal(
      (await signUp(morning.body.shift.id, booth2!).expect(409)).body.code,
      'shift_full',
    );
    assert.equal(
      (await signUp(overlapping.body.shift.id, booth1!).expect(409)).body.code,
      'double_booked',
    );
    assert.equal(
      (await signUp(leadOnly.body.shift.id, booth2!).expect(409)).body.code,
      'role_not_needed',
    );
    const outsider = await buildPerson();
    assert.equal(
      (await signUp(leadOnly.body.shift.id, outsider.id).expect(403)).body.code,
      'not_on_team',
    );
    await signUp(leadOnly.body.shift.id, lead!).expect(201);
  });

  it('when a shift is already over, then signing up is refused with shift_over', async () => {
    const { stand, people } = await buildStand({
      event: { startDate: '2025-04-28', endDate: '2025-04-30' },
    });
    const past = await post(stand.id, {
      start: '2025-04-28T07:00:00Z',
      end: '2025-04-28T09:00:00Z',
      needs: [{ role: 'booth', count: 1 }],
    }).expect(201);
    const res = await request(app)
      .post(`/api/stands/${stand.id}/shifts/${past.body.shift.id}/sign-ups`)
      .set(auth)
      .send({ personId: people[1]!.id })
      .expect(409);
    assert.equal(res.body.code, 'shift_over');
  });
});
