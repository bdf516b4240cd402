import assert from 'node:assert/strict';
import request from 'supertest';
import { CookieJar, signInAs } from '../../helpers/auth';
import { useTestApp } from '../../helpers/app';
import { buildWorldCafeSession, buildWorldCafeTable } from '../../helpers/factories/world-cafe';
import { clearDatabase } from '../../helpers/hooks';
import { issueCapabilityLink } from '../../../src/components/auth';
import { TABLE_SCOPE } from '../../../src/components/world-cafe';

/** One app for the file (assigned in the describe block below). */
let testApp: ReturnType<typeof useTestApp>;

async function setUp() {
  const built = testApp.built;
  const { authHeader } = await signInAs(built.app, 'admin');
  const session = await buildWorldCafeSession();
  const table = await buildWorldCafeTable({ sessionId: session.id });
  const { token } = await issueCapabilityLink({ scope: TABLE_SCOPE, resourceId: table.id });
  const bearer = { Authorization: `Bearer ${token}` };
  return { ...built, authHeader, session, table, bearer };
}

describe('world café: rapporteur summaries and participants’ votes', () => {
  testApp = useTestApp(undefined, { clearBeforeEach: false });
  beforeEach(clearDatabase);

  it('when a rapporteur submits and the organiser sends back then publishes, then the summary moves draft → submitted → draft → submitted → published', async () => {
    const { app, authHeader, table, bearer, session } = await setUp();
    const consented = await request(app)
      .put(`/api/world-cafe/tables/${table.id}/quotes/quote-sum-0001`)
      .set(bearer)
      .send({ text: 'Yes', consent: true })
      .expect(201);
    const private_ = await request(app)
      .put(`/api/world-cafe/tables/${table.id}/quotes/quote-sum-0002`)
      .set(bearer)
      .send({ text: 'No', consent: false })
      .expect(201);
    const refused = await request(app)
      .put(`/api/world-cafe/tables/${table.id}/summary`)
      .set(bearer)
      .send({ text: 'Draft', quoteIds: [private_.body.id] })
      .expect(400);
    assert.equal(refused.body.code, 'quote_not_consented');
    await request(app)
      .put(`/api/world-cafe/tables/${table.id}/summary`)
      .set(bearer)
      .send({ text: 'Draft one', quoteIds: [consented.body.id] })
      .expect(200);
    const submitted = await request(app)
      .post(`/api/world-cafe/tables/${table.id}/summary/submit`)
      .set(bearer)
      .expect(200);
    assert.equal(submitted.body.summary.status, 'submitted');
    const locked = await request(app)
      .put(`/api/world-cafe/tables/${table.id}/summary`)
      .set(bearer)
      .send({ text: 'Change' })
      .expect(409);
    assert.equal(locked.body.code, 'summary_state');
    await request(app)
      .post(`/api/world-cafe/tables/${table.id}/summary/review`)
      .set(authHeader)
      .send({ decision: 'send-back' })
      .expect(400);
    const back = await request(app)
      .post(`/api/world-cafe/tables/${table.id}/summary/review`)
      .set(authHeader)
      .send({ decision: 'send-back', comment: 'Add the VR idea' })
      .expect(200);
    assert.equal(back.body.summary.status, 'draft');
    assert.equal(back.body.summary.comment, 'Add the VR idea');
    await request(app)
      .post(`/api/world-cafe/tables/${table.id}/summary/review`)
      .set(bearer)
      .send({ decision: 'publish' })
      .expect(401);
    await request(app)
      .put(`/api/world-cafe/tables/${table.id}/summary`)
      .set(bearer)
      .send({ text: 'Draft two, with VR', quoteIds: [consented.body.id] })
      .expect(200);
    await request(app)
      .post(`/api/world-cafe/tables/${table.id}/summary/submit`)
      .set(bearer)
      .expect(200);
    const published = await request(app)
      .post(`/api/world-cafe/tables/${table.id}/summary/review`)
      .set(authHeader)
      .send({ decision: 'publish' })
      .expect(200);
    assert.equal(published.body.summary.status, 'published');
    await request(app)
      .post(`/api/world-cafe/tables/${table.id}/summary/review`)
      .set(authHeader)
      .send({ decision: 'publish' })
      .expect(409);
    const detail = await request(app)
      .get(`/api/world-cafe/sessions/${session.id}`)
      .set(authHeader)
      .expect(200);
    assert.equal(detail.body.tables[0].published.summary, 'Draft two, with VR');
    assert.deepEqual(
      (detail.body.tables[0].published.quotes as { text: string }[]).map((q) => q.text),
      ['Yes'],
    );
    const synthesis = await request(app)
      .put(`/api/world-cafe/sessions/${session.id}/synthesis`)
      .set(authHeader)
      .send({ themes: ['Prototype small'], nextSteps: ['Share the report'], publish: true })
      .expect(200);
    assert.ok(synthesis.body.synthesis.publishedAt);
  });

  it('when a visitor votes twice on one outcome, then it counts once; another visitor counts; unknown outcomes are 404', async () => {
    const { app, table, bearer, session } = await setUp();
    const outcomes = await request(app)
      .put(`/api/world-cafe/tables/${table.id}/outcomes`)
      .set(bearer)
      .send({ baseVersion: 0, items: [{ text: 'A' }] })
      .expect(200);
    const outcomeId = outcomes.body.items[0].id as string;
    const jar = new CookieJar();
    const first = await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/votes`)
      .send({ outcomeId })
      .expect(201);
    jar.store(first);
    const again = await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/votes`)
      .set('Cookie', jar.header())
      .send({ outcomeId })
      .expect(200);
    assert.deepEqual(again.body, { counted: false, votes: 1 });
    const other = await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/votes`)
      .send({ outcomeId })
      .expect(201);
    assert.equal(other.body.votes, 2);
    const unknown = await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/votes`)
      .send({ outcomeId: 'no-such-outcome' })
      .expect(404);
    assert.equal(unknown.body.code, 'outcome_not_found');
  });

  it('when one client sends too many visitor requests, then 429 rate_limited, counted in the database across app instances', async () => {
    const { app, session } = await setUp();
    const { app: otherApp } = testApp.built;
    for (let i = 0; i < 60; i++) {
      await request(i % 2 ? app : otherApp)
        .post(`/api/world-cafe/sessions/${session.id}/subscribers`)
        .send({ email: `p${i}@example.org`, consent: true })
        .expect(204);
    }
    const limited = await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/subscribers`)
      .send({ email: 'late@example.org', consent: true })
      .expect(429);
    assert.equal(limited.body.code, 'rate_limited');
    const noConsent = await request(otherApp)
      .post(`/api/world-cafe/sessions/${session.id}/subscribers`)
      .send({ email: 'x@example.org', consent: false });
    assert.equal(noConsent.status, 429);
  });
});
