import assert from 'node:assert/strict';
import type { Express } from 'express';
import mongoose from 'mongoose';
import request from 'supertest';
import type { TableView } from '../../../src/components/world-cafe';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildWorldCafeSession, buildWorldCafeTable } from '../../helpers/factories/world-cafe';
import { clearDatabase } from '../../helpers/hooks';

type Header = Record<string, string>;
type JsonReport = {
  tables: { number: number; published?: { summary: string; keyOutcomes: { text: string }[] } }[];
};

describe('world café: a published table changes only through the review', function () {
  this.timeout(60_000);
  let app: Express;
  before(async () => {
    ({ app } = await buildTestApp());
  });
  beforeEach(clearDatabase);

  /** A table with two outcomes and a summary, published by the organiser; and its key. */
  async function publishedTable() {
    const { authHeader: admin } = await signInAs(app, 'admin');
    const session = await buildWorldCafeSession();
    const table = await buildWorldCafeTable({ sessionId: session.id });
    const link = await request(app)
      .post(`/api/world-cafe/tables/${table.id}/capture-links`)
      .set(admin)
      .send({})
      .expect(201);
    const key = { Authorization: `Bearer ${(link.body as { key: string }).key}` };
    const base = `/api/world-cafe/tables/${table.id}`;
    await request(app)
      .put(`${base}/outcomes`)
      .set(key)
      .send({ baseVersion: 0, items: [{ text: 'Published A' }, { text: 'Published B' }] })
      .expect(200);
    await request(app).put(`${base}/summary`).set(key).send({ text: 'Published text' }).expect(200);
    await request(app).post(`${base}/summary/submit`).set(key).expect(200);
    await request(app)
      .post(`${base}/summary/review`)
      .set(admin)
      .send({ decision: 'publish' })
      .expect(200);
    return { admin, key, session, table, base };
  }

  const publicReport = async (sessionId: string) =>
    (await request(app).get(`/api/world-cafe/sessions/${sessionId}/report.json`).expect(200))
      .body as JsonReport;
  const stateOf = async (base: string, key: Header) =>
    (await request(app).get(base).set(key).expect(200)).body as TableView;

  it("when the table's key changes published outcomes, then the table goes back to review, marked so, and the public report keeps the published list until the organiser publishes again", async () => {
    const { admin, key, session, table, base } = await publishedTable();
    const before = await publicReport(session.id);
    assert.deepEqual(
      before.tables[0]!.published!.keyOutcomes.map((o) => o.text),
      ['Published A', 'Published B'],
    );

    await request(app)
      .put(`${base}/outcomes`)
      .set(key)
      .send({ baseVersion: 1, items: [{ text: 'Changed by the phone' }] })
      .expect(200);

    const state = await stateOf(base, key);
    assert.equal(state.summary.status, 'submitted');
    assert.equal(state.summary.changedAfterPublishing, true);
    assert.deepEqual(
      state.summary.published!.outcomes.map((o) => o.text),
      ['Published A', 'Published B'],
    );
    assert.deepEqual(
      state.outcomes.items.map((o) => o.text),
      ['Changed by the phone'],
    );
    assert.deepEqual(await publicReport(session.id), before);
    const page = await request(app).get(`/world-cafe/sessions/${session.id}/report`).expect(200);
    assert.match(page.text, /Published A/);
    assert.doesNotMatch(page.text, /Changed by the phone/);

    // The organiser's review page says what happened.
    const review = await request(app)
      .get(`/world-cafe/tables/${table.id}/summary`)
      .set(admin)
      .expect(200);
    assert.match(review.text, /id="changed-after-publishing"/);
    assert.match(review.text, /name="decision" value="publish"/);

    await request(app)
      .post(`${base}/summary/review`)
      .set(admin)
      .send({ decision: 'publish' })
      .expect(200);
    const after = await publicReport(session.id);
    assert.deepEqual(
      after.tables[0]!.published!.keyOutcomes.map((o) => o.text),
      ['Changed by the phone'],
    );
    const republished = await stateOf(base, key);
    assert.equal(republished.summary.status, 'published');
    assert.equal(republished.summary.changedAfterPublishing, undefined);
  });

  it('when a published summary is edited, then it goes back to review and the public keeps the published text; sending it back keeps the published version public', async () => {
    const { admin, key, session, base } = await publishedTable();
    const edited = await request(app)
      .put(`${base}/summary`)
      .set(key)
      .send({ text: 'An edit after publishing' })
      .expect(200);
    assert.equal((edited.body as TableView).summary.status, 'submitted');
    assert.equal((edited.body as TableView).summary.changedAfterPublishing, true);
    assert.equal((await publicReport(session.id)).tables[0]!.published!.summary, 'Published text');

    await request(app)
      .post(`${base}/summary/review`)
      .set(admin)
      .send({ decision: 'send-back', comment: 'Keep the first wording' })
      .expect(200);
    assert.equal((await stateOf(base, key)).summary.status, 'draft');
    assert.equal((await publicReport(session.id)).tables[0]!.published!.summary, 'Published text');
  });

  it('when a table published before versions were frozen (the seeded 2025 tables) gets new outcomes from its key, then it goes back to review and the public still sees the published list, still votable', async () => {
    const { key, session, table, base } = await publishedTable();
    // The shape of a table published by the seeds or before this release: no frozen version.
    await mongoose.connection
      .db!.collection('worldcafetables')
      .updateOne(
        { _id: new mongoose.Types.ObjectId(table.id) },
        { $unset: { 'summary.published': 1 } },
      );
    const before = await publicReport(session.id);
    assert.deepEqual(
      before.tables[0]!.published!.keyOutcomes.map((o) => o.text),
      ['Published A', 'Published B'],
    );
    await request(app)
      .put(`${base}/outcomes`)
      .set(key)
      .send({ baseVersion: 1, items: [{ text: 'Replaced' }] })
      .expect(200);
    assert.equal((await stateOf(base, key)).summary.status, 'submitted');
    const after = await publicReport(session.id);
    assert.deepEqual(after, before);
    const outcomeId = (after.tables[0]!.published!.keyOutcomes[0] as { id?: string }).id!;
    const vote = await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/votes`)
      .send({ outcomeId });
    assert.equal(vote.status, 201, vote.text);
    const votePage = await request(app).get(`/world-cafe/sessions/${session.id}/vote`).expect(200);
    assert.match(votePage.text, /Published A/);
    assert.doesNotMatch(votePage.text, /Replaced/);
  });

  it('when outcomes change before anything is published, then no review is asked for and nothing is public', async () => {
    const { authHeader: admin } = await signInAs(app, 'admin');
    const table = await buildWorldCafeTable();
    const base = `/api/world-cafe/tables/${table.id}`;
    await request(app)
      .put(`${base}/outcomes`)
      .set(admin)
      .send({ baseVersion: 0, items: [{ text: 'Work in progress' }] })
      .expect(200);
    const state = await stateOf(base, admin);
    assert.equal(state.summary.status, 'draft');
    assert.equal(state.summary.published, undefined);
    await request(app).get(`/api/world-cafe/sessions/${table.sessionId}/report.json`).expect(404);
  });
});
