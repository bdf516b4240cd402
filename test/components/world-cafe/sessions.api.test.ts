import assert from 'node:assert/strict';
import request from 'supertest';
import { getEventBySlug, listProgrammeItems } from '../../../src/components/events';
import { DEMO_EVENT_SLUG } from '../../../seeds/data/demo-event';
import { createLogger } from '../../../src/lib/logger';
import { seedDatabase } from '../../../seeds';
import { RIGA_QUOTE, realTables } from '../../../seeds/data/world-cafe';
import { useTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildEvent, buildProject } from '../../helpers/factories/events';
import { buildWorldCafeSession } from '../../helpers/factories/world-cafe';
import { clearDatabase } from '../../helpers/hooks';

type SessionBody = {
  id: string;
  title: string;
  allDay: boolean;
  format: Record<string, number>;
  tables: {
    number: number;
    objectives: string[];
    leadProject?: { acronym: string };
    host?: unknown;
    rapporteur?: unknown;
    published?: { summary: string; keyOutcomes: { text: string; votes?: number }[] };
  }[];
  quotes: { text: string; attribution: string; consent: boolean }[];
};

describe('world café: sessions and tables API', () => {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  beforeEach(clearDatabase);

  it('when an admin creates a session with tables, then it is listed for its event, in the programme, and tables come back in order', async () => {
    const { app } = testApp.built;
    const { authHeader } = await signInAs(app, 'admin');
    const event = await buildEvent();
    const project = await buildProject({ acronym: 'UP-T' });
    const created = await request(app)
      .post('/api/world-cafe/sessions')
      .set(authHeader)
      .send({
        eventId: event.id,
        title: 'Cities and water',
        room: 'Room 3',
        start: '2025-05-07T14:00:00+03:00',
        end: '2025-05-07T15:30:00+03:00',
        format: { rounds: 3, roundMinutes: 20, breakMinutes: 5 },
        facilitators: [{ name: 'Ana Host', email: 'ana@example.org' }],
        languages: ['en', 'lt'],
      })
      .expect(201);
    const sessionId = (created.body as { id: string }).id;
    for (const number of [2, 1]) {
      await request(app)
        .post(`/api/world-cafe/sessions/${sessionId}/tables`)
        .set(authHeader)
        .send({
          number,
          leadProjectId: project.id,
          objectives: [`Objective A of ${number}`, `Objective B of ${number}`],
          guidingQuestions: ['Who is missing?'],
          capacity: 8,
          participantCounts: [{ round: 1, count: 6 }],
        })
        .expect(201);
    }
    const list = await request(app)
      .get(`/api/world-cafe/sessions?eventId=${event.id}`)
      .set(authHeader)
      .expect(200);
    assert.deepEqual(
      (list.body as { items: { id: string }[] }).items.map((s) => s.id),
      [sessionId],
    );
    const detail = (
      await request(app).get(`/api/world-cafe/sessions/${sessionId}`).set(authHeader).expect(200)
    ).body as SessionBody;
    assert.deepEqual(
      detail.tables.map((t) => t.number),
      [1, 2],
    );
    assert.deepEqual(detail.tables[0]?.objectives, ['Objective A of 1', 'Objective B of 1']);
    assert.equal(detail.tables[0]?.leadProject?.acronym, 'UP-T');
    assert.equal(detail.tables[0]?.published, undefined);
    const programme = await listProgrammeItems(event.id);
    assert.deepEqual(
      programme.map((i) => i.title),
      ['World Café: Cities and water'],
    );
    assert.equal(programme[0]?.location, 'Room 3');
  });

  it('when a table number is taken, then 409 duplicate and nothing is stored twice', async () => {
    const { app } = testApp.built;
    const { authHeader } = await signInAs(app, 'admin');
    const session = await buildWorldCafeSession();
    await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/tables`)
      .set(authHeader)
      .send({ number: 1 })
      .expect(201);
    const again = await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/tables`)
      .set(authHeader)
      .send({ number: 1 })
      .expect(409);
    assert.equal(again.body.code, 'duplicate');
  });

  it('when input is bad, then 400 with field paths: unknown fields, end before start, operators, unknown project', async () => {
    const { app } = testApp.built;
    const { authHeader } = await signInAs(app, 'admin');
    const event = await buildEvent();
    const bad = await request(app)
      .post('/api/world-cafe/sessions')
      .set(authHeader)
      .send({
        eventId: event.id,
        title: 'x',
        start: '2025-05-07T15:00:00Z',
        end: '2025-05-07T14:00:00Z',
        extra: 1,
      })
      .expect(400);
    const paths = (bad.body.errors as { path: string }[]).map((e) => e.path).sort();
    assert.deepEqual(paths, ['end', 'extra']);
    const operator = await request(app)
      .get('/api/world-cafe/sessions')
      .query({ 'eventId[$ne]': 'x' })
      .set(authHeader)
      .expect(400);
    assert.equal(operator.body.code, 'validation_failed');
    const session = await buildWorldCafeSession({ eventId: event.id });
    const project = await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/tables`)
      .set(authHeader)
      .send({ number: 1, leadProjectId: 'aaaaaaaaaaaaaaaaaaaaaaaa' })
      .expect(400);
    assert.equal(project.body.errors[0].path, 'leadProjectId');
    await request(app).get('/api/world-cafe/sessions/not-an-id').set(authHeader).expect(404);
  });

  it('when nobody or a comms user of another event asks, then 401 and 403', async () => {
    const { app } = testApp.built;
    const session = await buildWorldCafeSession();
    await request(app).get(`/api/world-cafe/sessions/${session.id}`).expect(401);
    const { authHeader } = await signInAs(app, 'comms');
    await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/tables`)
      .set(authHeader)
      .send({ number: 1 })
      .expect(403);
  });

  it('when seeded, then the real session has the three tables of the report, lead projects, verbatim objectives, published outcomes and the City of Riga quote — and nothing invented', async () => {
    // The app first: it registers the QR targets (kits, tables) seeded codes lead to.
    const { app } = testApp.built;
    await seedDatabase(createLogger('silent'));
    const { authHeader } = await signInAs(app, 'admin');
    const events = await request(app)
      .get('/api/events?q=2025 Cities Mission')
      .set(authHeader)
      .expect(200);
    const eventId = (events.body.items as { id: string }[])[0]!.id;
    const list = await request(app)
      .get(`/api/world-cafe/sessions?eventId=${eventId}`)
      .set(authHeader)
      .expect(200);
    const [summary] = list.body.items as { id: string; title: string }[];
    assert.equal(summary?.title, 'Urban Planning and Design for Climate Impact');
    const session = (
      await request(app).get(`/api/world-cafe/sessions/${summary.id}`).set(authHeader).expect(200)
    ).body as SessionBody;
    assert.equal(session.allDay, true);
    assert.deepEqual(session.format, {});
    assert.deepEqual(
      session.tables.map((t) => [t.number, t.leadProject?.acronym]),
      [
        [1, 'UP2030'],
        [2, 'CLIMABOROUGH'],
        [3, 'Re-Value'],
      ],
    );
    for (const [i, table] of session.tables.entries()) {
      const seed = realTables[i]!;
      assert.deepEqual(table.objectives, seed.objectives);
      assert.equal(table.host, undefined);
      assert.equal(table.rapporteur, undefined);
      assert.equal(table.published?.summary, seed.summary?.text);
      assert.deepEqual(
        table.published?.keyOutcomes.map((o) => o.text),
        seed.summary?.keyOutcomes,
      );
    }
    assert.match(
      session.tables[0]!.objectives[0]!,
      /^Collecting insights, lessons learned, and actions on Thessaloniki's challenges$/,
    );
    assert.match(session.tables[1]!.published!.summary, /prevent textile waste/);
    assert.deepEqual(
      session.quotes.map((q) => [q.text, q.attribution, q.consent]),
      [[RIGA_QUOTE.text, 'a representative from the City of Riga', true]],
    );
  });

  it("when seeded, then the demo event's café shows every capability: a draft table, a published one with photo, consented quote and votes, participants per round and by name", async () => {
    const { app } = testApp.built;
    await seedDatabase(createLogger('silent'));
    const { authHeader } = await signInAs(app, 'admin');
    const demo = await getEventBySlug(DEMO_EVENT_SLUG);
    const [listed] = (
      await request(app)
        .get(`/api/world-cafe/sessions?eventId=${demo.id}`)
        .set(authHeader)
        .expect(200)
    ).body.items as { id: string }[];
    const session = (
      await request(app).get(`/api/world-cafe/sessions/${listed!.id}`).set(authHeader).expect(200)
    ).body as SessionBody & {
      tables: {
        guidingQuestions: string[];
        capacity?: number;
        participants: { name: string }[];
        participantCounts: { round: number; count: number }[];
        summary: { status: string };
        published?: {
          keyOutcomes: { text: string; votes: number }[];
          quotes: { text: string; consent: boolean }[];
          photos: { thumbnailUrl: string; caption?: string }[];
        };
      }[];
    };
    const [one, two, three] = session.tables;
    assert.equal(one!.summary.status, 'draft');
    assert.equal(one!.published, undefined);
    assert.deepEqual(one!.participantCounts, [
      { round: 1, count: 6 },
      { round: 2, count: 7 },
    ]);
    assert.equal(one!.capacity, 8);
    assert.ok(one!.guidingQuestions.length > 0);
    assert.deepEqual(
      three!.participants.map((p) => p.name),
      ['Carla Comms (demo)', 'Vic Visitor (demo)'],
    );
    assert.equal(two!.summary.status, 'published');
    const published = two!.published!;
    assert.deepEqual(
      published.keyOutcomes.map((o) => o.votes),
      [2, 1],
    );
    assert.ok(published.quotes.length === 1 && published.quotes[0]!.consent);
    assert.equal(published.photos.length, 1);
    assert.match(published.photos[0]!.caption ?? '', /\(demo\)/);
    // The published photo is on the public report page and served to visitors.
    const page = await request(app).get(`/world-cafe/sessions/${session.id}/report`).expect(200);
    assert.ok(page.text.includes(published.photos[0]!.thumbnailUrl));
    assert.ok(!page.text.includes('no consent'), 'the unconsented demo quote is not shown');
    await request(app).get(published.photos[0]!.thumbnailUrl).expect(200);
  });
});
