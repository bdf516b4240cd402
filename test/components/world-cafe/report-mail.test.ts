import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { issueCapabilityLink } from '../../../src/components/auth';
import { TABLE_SCOPE } from '../../../src/components/world-cafe';
import { createLogger } from '../../../src/lib/logger';
import { createSmtpTransport, type MailTransport } from '../../../src/lib/mailer';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildWorldCafeSession, buildWorldCafeTable } from '../../helpers/factories/world-cafe';
import { clearDatabase } from '../../helpers/hooks';
import { startSmtpPeer, type SmtpPeer } from '../../helpers/mail';
import { pdfText } from '../../helpers/pdf';

const FROM = 'forumkit <no-reply@forumkit.test>';

describe('world café: the published report by e-mail', function () {
  this.timeout(60_000);
  let peer: SmtpPeer;
  let transport: MailTransport;
  let app: Express;
  let mail: Awaited<ReturnType<typeof buildTestApp>>['mail'];

  beforeEach(async () => {
    await clearDatabase();
    peer = await startSmtpPeer();
    transport = createSmtpTransport(peer.url, FROM, createLogger('silent'));
    ({ app, mail } = await buildTestApp({ mailTransport: transport }));
  });

  afterEach(async () => {
    await mail.worker.stop();
    transport.close();
    await peer.stop();
  });

  /** A session whose one table has a published summary with a key outcome. */
  async function publishedTable(authHeader: Record<string, string>) {
    const session = await buildWorldCafeSession({ title: 'Harvest café' });
    const table = await buildWorldCafeTable({ sessionId: session.id });
    const { token } = await issueCapabilityLink({ scope: TABLE_SCOPE, resourceId: table.id });
    const bearer = { Authorization: `Bearer ${token}` };
    await request(app)
      .put(`/api/world-cafe/tables/${table.id}/outcomes`)
      .set(bearer)
      .send({ baseVersion: 0, items: [{ text: 'Shade streets <script>alert(1)</script>' }] })
      .expect(200);
    await request(app)
      .put(`/api/world-cafe/tables/${table.id}/summary`)
      .set(bearer)
      .send({ text: 'Trees first.' })
      .expect(200);
    await request(app)
      .post(`/api/world-cafe/tables/${table.id}/summary/submit`)
      .set(bearer)
      .expect(200);
    await request(app)
      .post(`/api/world-cafe/tables/${table.id}/summary/review`)
      .set(authHeader)
      .send({ decision: 'publish' })
      .expect(200);
    return session;
  }

  const subscribe = (sessionId: string, body: object) =>
    request(app).post(`/api/world-cafe/sessions/${sessionId}/subscribers`).send(body);

  it('when the organiser sends the published report, then each consenting participant receives it once with the PDF, and a sign-up without consent receives nothing', async () => {
    const { authHeader } = await signInAs(app, 'admin');
    const session = await publishedTable(authHeader);
    await subscribe(session.id, { email: 'ana@example.org', consent: true }).expect(204);
    await subscribe(session.id, { email: 'Ana@Example.org', consent: true }).expect(204);
    await subscribe(session.id, { email: 'jonas@example.org', consent: true }).expect(204);
    const refused = await subscribe(session.id, {
      email: 'no-consent@example.org',
      consent: false,
    }).expect(400);
    assert.equal(refused.body.code, 'validation_failed');
    const unticked = await request(app)
      .post(`/world-cafe/sessions/${session.id}/subscribe`)
      .type('form')
      .send({ email: 'unticked@example.org' });
    assert.equal(unticked.status, 400, 'the form without its consent box is refused');

    const early = await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/report/mail`)
      .set(authHeader)
      .expect(409);
    assert.equal(early.body.code, 'report_not_published');

    await request(app)
      .put(`/api/world-cafe/sessions/${session.id}/synthesis`)
      .set(authHeader)
      .send({ themes: ['Green streets'], nextSteps: ['Share the report'], publish: true })
      .expect(200);
    const sent = await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/report/mail`)
      .set(authHeader)
      .expect(202);
    assert.equal(sent.body.recipients, 2);
    // Pressing the button again (or a second organiser) queues nothing new.
    await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/report/mail`)
      .set(authHeader)
      .expect(202);

    assert.equal(await mail.worker.drain(), 2);
    const received = await peer.waitForMessages(2);
    assert.equal(await mail.worker.drain(), 0);
    assert.equal(peer.received.length, 2);
    const recipients = received.flatMap((m) => m.envelope.to).sort();
    assert.deepEqual(recipients, ['ana@example.org', 'jonas@example.org']);
    for (const message of received) {
      assert.match(
        message.parsed.subject ?? '',
        /^Outcome report: Harvest café \(Test Conference \w+\)$/,
      );
      const pdf = message.parsed.attachments.find((a) => a.contentType === 'application/pdf');
      assert.ok(pdf, 'the PDF is attached');
      assert.match(pdf.filename ?? '', /^world-cafe-harvest-caf.*\.pdf$/);
      const text = (await pdfText(pdf.content)).replace(/\s+/g, ' ');
      assert.ok(text.includes('Harvest café'));
      assert.ok(text.includes('Shade streets <script>alert(1)</script>'), 'shown as text');
      assert.match(message.parsed.text ?? '', /Shade streets <script>alert\(1\)<\/script>/);
      const html = String(message.parsed.html);
      assert.ok(html.includes('Shade streets &lt;script&gt;'), 'escaped in the HTML body');
      assert.ok(!html.includes('<script>'));
      assert.ok(html.includes(`https://forumkit.test/world-cafe/sessions/${session.id}/report`));
    }
  });

  it('when someone signs up after the report went out, then sending again reaches only them', async () => {
    const { authHeader } = await signInAs(app, 'admin');
    const session = await publishedTable(authHeader);
    await request(app)
      .put(`/api/world-cafe/sessions/${session.id}/synthesis`)
      .set(authHeader)
      .send({ themes: [], nextSteps: [], publish: true })
      .expect(200);
    await subscribe(session.id, { email: 'first@example.org', consent: true }).expect(204);
    await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/report/mail`)
      .set(authHeader)
      .expect(202);
    await subscribe(session.id, { email: 'later@example.org', consent: true }).expect(204);
    await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/report/mail`)
      .set(authHeader)
      .expect(202);
    assert.equal(await mail.worker.drain(), 2);
    const received = await peer.waitForMessages(2);
    assert.deepEqual(received.flatMap((m) => m.envelope.to).sort(), [
      'first@example.org',
      'later@example.org',
    ]);
  });

  it('when someone without rights asks to send the report, then 401 for anonymous and 404 for an unknown session', async () => {
    const session = await buildWorldCafeSession();
    await request(app).post(`/api/world-cafe/sessions/${session.id}/report/mail`).expect(401);
    const { authHeader } = await signInAs(app, 'admin');
    const res = await request(app)
      .post('/api/world-cafe/sessions/0123456789abcdef01234567/report/mail')
      .set(authHeader)
      .expect(404);
    assert.ok(res.body.code);
  });
});
