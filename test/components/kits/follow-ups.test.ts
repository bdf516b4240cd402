import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { createSmtpTransport, type MailTransport } from '../../../src/lib/mailer';
import { createLogger } from '../../../src/lib/logger';
import { signInAs } from '../../helpers/auth';
import { buildTestApp } from '../../helpers/app';
import { clearDatabase } from '../../helpers/hooks';
import { buildResource } from '../../helpers/factories/qr';
import { startSmtpPeer, type SmtpPeer } from '../../helpers/mail';

const WEEK = 7 * 86_400_000;

describe('kits: receipts and follow-up e-mails', function () {
  this.timeout(60_000);
  let app: Express;
  let second: Express;
  let mail: Awaited<ReturnType<typeof buildTestApp>>['mail'];
  let peer: SmtpPeer;
  let transport: MailTransport;
  let auth: Record<string, string>;
  let now: Date;
  let kits: { id: string; serial: string }[];

  beforeEach(async () => {
    await clearDatabase();
    peer = await startSmtpPeer();
    transport = createSmtpTransport(
      peer.url,
      'forumkit <no-reply@forumkit.test>',
      createLogger('silent'),
    );
    now = new Date();
    ({ app, mail } = await buildTestApp({ mailTransport: transport, clock: () => now }));
    second = (await buildTestApp({ mailTransport: transport, clock: () => now })).app;
    ({ authHeader: auth } = await signInAs(app, 'admin'));
    const type = await request(app)
      .post('/api/kit-types')
      .set(auth)
      .send({
        name: 'Dominoes',
        serialPrefix: 'DOM',
        followUpWeeks: [4, 12],
        instructionsUrl: 'https://example.org/rules',
      })
      .expect(201);
    kits = (
      await request(app)
        .post(`/api/kit-types/${type.body.id}/kits`)
        .set(auth)
        .send({ count: 4 })
        .expect(201)
    ).body.items;
  });
  afterEach(async () => {
    await mail.worker.stop();
    transport.close();
    await peer.stop();
  });

  const handOut = (i: number, email: string, followUp: boolean) =>
    request(app)
      .post(`/api/kits/${kits[i]!.id}/hand-out`)
      .set(auth)
      .send({
        recipient: { name: `Person ${i}`, email },
        consents: { followUp, newsletter: false },
        handedOutAt: new Date(now.getTime() - 5 * WEEK).toISOString(),
      })
      .expect(201);

  it('sends a receipt with instructions, then follow-ups only to consenting recipients, once each, until they unsubscribe', async () => {
    const consenting = (await handOut(0, 'yes@example.org', true)).body;
    await handOut(1, 'no@example.org', false);
    await handOut(2, '', true);
    await mail.worker.drain();
    const receipts = await peer.waitForMessages(2);
    assert.deepEqual(receipts.map((m) => m.envelope.to[0]).sort(), [
      'no@example.org',
      'yes@example.org',
    ]);
    assert.match(receipts[0]!.parsed.text ?? '', /https:\/\/example\.org\/rules/);
    assert.match(receipts[0]!.parsed.text ?? '', /\/k\/claim\//);

    // Two app processes run the due follow-ups at once: one e-mail.
    const runs = await Promise.all(
      [app, second, app].map((a) =>
        request(a).post('/api/kit-follow-ups/run').set(auth).expect(200),
      ),
    );
    assert.equal(
      runs.reduce((sum, r) => sum + r.body.sent, 0),
      1,
    );
    assert.equal(
      (await request(app).post('/api/kit-follow-ups/run').set(auth).expect(200)).body.sent,
      0,
    );
    await mail.worker.drain();
    const [followUp] = (await peer.waitForMessages(3)).slice(2);
    assert.deepEqual(followUp!.envelope.to, ['yes@example.org']);
    assert.equal(followUp!.parsed.subject, 'Have you played the Dominoes?');
    // Header lines as a reader sees them (long ones are folded on the wire).
    const raw = followUp!.raw.toString('utf8').replace(/\r?\n[ \t]+/g, ' ');
    const unsubscribe =
      /List-Unsubscribe: <(https:\/\/forumkit\.test\/k\/unsubscribe\/[A-Za-z0-9_-]+)>/.exec(
        raw,
      )?.[1];
    assert.ok(unsubscribe, 'List-Unsubscribe header');
    assert.match(raw, /List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
    assert.ok(
      (followUp!.parsed.text ?? '').includes(unsubscribe),
      'the unsubscribe link is in the body too',
    );
    const path = new URL(unsubscribe).pathname;

    const page = await request(app).get(path).expect(200);
    assert.match(page.text, /Stop follow-up e-mails\?/);
    await request(app).post(path).type('form').send('List-Unsubscribe=One-Click').expect(200);
    await request(app).post(path).type('form').send('List-Unsubscribe=One-Click').expect(200);
    const list = await request(app).get('/api/hand-outs').set(auth).expect(200);
    const stored = list.body.items.find((h: { id: string }) => h.id === consenting.id);
    assert.equal(stored.consents.followUp.given, false);
    assert.ok(stored.consents.followUp.withdrawnAt);

    // Thirteen weeks after the hand-out: the 12-week follow-up would be due.
    now = new Date(now.getTime() + 8 * WEEK);
    assert.equal(
      (await request(app).post('/api/kit-follow-ups/run').set(auth).expect(200)).body.sent,
      0,
    );
    await request(app).get('/k/unsubscribe/not-a-real-token-0000000000').expect(404);
  });

  it('"send now" sends each consenting hand-out its next follow-up, each at most once', async () => {
    const yes = (await handOut(0, 'yes@example.org', true)).body;
    const no = (await handOut(1, 'no@example.org', false)).body;
    const send = () =>
      request(app)
        .post('/api/kit-follow-ups/send-now')
        .set(auth)
        .send({ handOutIds: [yes.id, no.id] })
        .expect(200);
    assert.deepEqual((await send()).body, { sent: 1, skipped: 1 });
    assert.deepEqual((await send()).body, { sent: 1, skipped: 1 });
    assert.deepEqual((await send()).body, { sent: 0, skipped: 2 });
    await request(app)
      .post('/api/kit-follow-ups/send-now')
      .set(auth)
      .send({ handOutIds: [] })
      .expect(400);
    await mail.worker.drain();
    const messages = await peer.waitForMessages(4);
    const followUps = messages.filter((m) => m.parsed.subject?.startsWith('Have you played'));
    assert.deepEqual(
      followUps.map((m) => m.envelope.to[0]),
      ['yes@example.org', 'yes@example.org'],
    );
    assert.match(followUps[0]!.parsed.text ?? '', /^Hello Person 0,/);
  });

  it('the receipt, read back with mailparser, links the instructions resource when there is no link, and keeps the name as text in its HTML', async () => {
    const resource = await buildResource({ title: 'NEB Impact Model Dominoes rules' });
    const type = await request(app)
      .post('/api/kit-types')
      .set(auth)
      .send({ name: 'Dominoes B', serialPrefix: 'DOMB', resourceId: resource.id })
      .expect(201);
    const [kit] = (
      await request(app)
        .post(`/api/kit-types/${type.body.id}/kits`)
        .set(auth)
        .send({ count: 1 })
        .expect(201)
    ).body.items;
    await request(app)
      .post(`/api/kits/${kit.id}/hand-out`)
      .set(auth)
      .send({ recipient: { name: '<b>Ona</b> & "Co"', email: 'ona@example.org' } })
      .expect(201);
    await mail.worker.drain();
    const [receipt] = await peer.waitForMessages(1);
    assert.deepEqual(receipt!.envelope.to, ['ona@example.org']);
    assert.ok(
      (receipt!.parsed.text ?? '').includes(`https://forumkit.test/r/${resource.id}`),
      'the resource page is the instructions link',
    );
    assert.ok((receipt!.parsed.text ?? '').includes(kit.serial));
    const html = String(receipt!.parsed.html);
    assert.ok(!html.includes('<b>Ona</b>'), 'no element is made from the name');
    assert.ok(html.includes('&lt;b&gt;Ona&lt;/b&gt;'));
  });
});
