import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import { cancelMessage, enqueueMail, findOutboxMessages } from '../../../src/components/mail';
import { OutboxMessage } from '../../../src/components/mail/outbox.model';
import { csrfTokenFrom, signInAs, signInWithSession } from '../../helpers/auth';
import { buildTestApp, testConfig } from '../../helpers/app';
import { clearDatabase } from '../../helpers/hooks';

const invitation = (to: string, name = 'Demo Person') => ({
  to,
  template: 'account-invitation',
  data: {
    name,
    inviterName: 'Demo Admin',
    link: 'https://forumkit.test/i/1',
    expiresAt: new Date(),
  },
});

describe('mail outbox admin API and pages', () => {
  let app: Express;
  let mail: Awaited<ReturnType<typeof buildTestApp>>['mail'];
  let mailDir: string;
  let admin: Record<string, string>;

  beforeEach(async () => {
    await clearDatabase();
    const config = testConfig();
    mailDir = config.mail.dir;
    ({ app, mail } = await buildTestApp({ config }));
    admin = (await signInAs(app, 'admin')).authHeader;
  });

  describe('GET /api/outbox', () => {
    it('when nobody is signed in, then it answers 401 unauthenticated', async () => {
      const res = await request(app).get('/api/outbox').expect(401);
      assert.equal(res.body.code, 'unauthenticated');
    });

    it('when a comms user asks, then it answers 403 forbidden', async () => {
      const comms = await signInAs(app, 'comms');
      const res = await request(app).get('/api/outbox').set(comms.authHeader).expect(403);
      assert.equal(res.body.code, 'forbidden');
    });

    it('when an admin filters by status and pages, then only those messages come back, newest first', async () => {
      for (let n = 0; n < 3; n += 1) await enqueueMail(invitation(`person-${n}@example.org`));
      const { id: cancelled } = await enqueueMail(invitation('gone@example.org'));
      await cancelMessage(cancelled);

      const queued = await request(app)
        .get('/api/outbox?status=queued&limit=2&page=1')
        .set(admin)
        .expect(200);
      assert.equal(queued.body.total, 3);
      assert.equal(queued.body.items.length, 2);
      assert.deepEqual(
        queued.body.items.map((m: { to: string }) => m.to),
        ['person-2@example.org', 'person-1@example.org'],
      );
      const item = queued.body.items[0];
      assert.equal(item.status, 'queued');
      assert.equal(item.subject, 'Demo Admin invited you to forumkit');
      assert.ok(!('html' in item) && !('claimToken' in item) && !('_id' in item));

      const onlyCancelled = await request(app)
        .get('/api/outbox?status=cancelled')
        .set(admin)
        .expect(200);
      assert.deepEqual(
        onlyCancelled.body.items.map((m: { id: string }) => m.id),
        [cancelled],
      );
    });

    it('when the query has an unknown status or field, then it answers 400 validation_failed', async () => {
      const bad = await request(app).get('/api/outbox?status=lost').set(admin).expect(400);
      assert.equal(bad.body.code, 'validation_failed');
      const unknown = await request(app).get('/api/outbox?sort=to').set(admin).expect(400);
      assert.equal(unknown.body.code, 'validation_failed');
    });
  });

  describe('POST /api/outbox/:id/retry and /cancel', () => {
    it('when an admin retries a failed message, then it is queued again with fresh attempts', async () => {
      const { id } = await enqueueMail(invitation('failed@example.org'));
      await OutboxMessage.updateOne(
        { _id: id },
        { status: 'failed', attempts: 8, lastError: 'ECONNREFUSED' },
      );

      const res = await request(app).post(`/api/outbox/${id}/retry`).set(admin).expect(200);

      assert.equal(res.body.id, id);
      assert.equal(res.body.status, 'queued');
      assert.equal(res.body.attempts, 0);
      assert.equal(res.body.lastError, 'ECONNREFUSED');
    });

    it('when an admin cancels a queued message, then a worker never sends it', async () => {
      const { id } = await enqueueMail(invitation('cancel@example.org'));

      const res = await request(app).post(`/api/outbox/${id}/cancel`).set(admin).expect(200);

      assert.equal(res.body.status, 'cancelled');
      assert.equal(await mail.worker.drain(), 0);
    });

    it('when the message was already sent, then retry and cancel answer 409 outbox_message_sent', async () => {
      const { id } = await enqueueMail(invitation('sent@example.org'));
      await OutboxMessage.updateOne({ _id: id }, { status: 'sent', sentAt: new Date() });

      for (const action of ['retry', 'cancel']) {
        const res = await request(app).post(`/api/outbox/${id}/${action}`).set(admin).expect(409);
        assert.equal(res.body.code, 'outbox_message_sent');
      }
    });

    it('when the id is malformed or unknown, then it answers 404', async () => {
      await request(app).post('/api/outbox/not-an-id/retry').set(admin).expect(404);
      const res = await request(app)
        .post('/api/outbox/0123456789abcdef01234567/cancel')
        .set(admin)
        .expect(404);
      assert.equal(res.body.code, 'not_found');
    });

    it('when a comms user or nobody tries, then it answers 403 or 401 and nothing changes', async () => {
      const { id } = await enqueueMail(invitation('keep@example.org'));
      const comms = await signInAs(app, 'comms');

      await request(app).post(`/api/outbox/${id}/cancel`).set(comms.authHeader).expect(403);
      await request(app).post(`/api/outbox/${id}/cancel`).expect(401);

      const [stored] = await findOutboxMessages({ to: 'keep@example.org' });
      assert.equal(stored?.status, 'queued');
    });
  });

  it('when the OpenAPI document is read, then the outbox routes are in it', async () => {
    const res = await request(app).get('/api/openapi.json').expect(200);
    assert.ok(res.body.paths['/api/outbox']?.get);
    assert.ok(res.body.paths['/api/outbox/{id}/retry']?.post);
    assert.ok(res.body.paths['/api/outbox/{id}/cancel']?.post);
  });

  describe('admin pages', () => {
    it('when an admin opens /admin/outbox, then the table shows messages escaped, with CSRF-protected forms', async () => {
      await enqueueMail(invitation('page@example.org', 'x'));
      await OutboxMessage.updateOne({}, { status: 'failed', lastError: '<b>refused</b>' });

      const res = await request(app).get('/admin/outbox').set(admin).expect(200);

      assert.match(res.text, /page@example\.org/);
      assert.match(res.text, /&lt;b&gt;refused&lt;\/b&gt;/);
      assert.ok(!res.text.includes('<b>refused</b>'));
      assert.match(res.text, /action=['"]\/admin\/outbox\/[0-9a-f]{24}\/retry['"]/);
      assert.match(res.text, /name=['"]_csrf['"]/);
    });

    it('when an admin posts the retry form, then the message is queued and the page says so', async () => {
      const { id } = await enqueueMail(invitation('form@example.org'));
      await OutboxMessage.updateOne({ _id: id }, { status: 'failed' });

      const res = await request(app)
        .post(`/admin/outbox/${id}/retry`)
        .set(admin)
        .type('form')
        .send({})
        .expect(303);

      assert.equal(res.headers.location, '/admin/outbox?done=retried');
      const [stored] = await findOutboxMessages({ to: 'form@example.org' });
      assert.equal(stored?.status, 'queued');
    });

    it('when a signed-in browser posts the cancel form, then it needs the page CSRF token', async () => {
      const { id } = await enqueueMail(invitation('browser@example.org'));
      const { jar } = await signInWithSession(app, 'admin');
      const page = await request(app).get('/admin/outbox').set('Cookie', jar.header()).expect(200);
      jar.store(page);

      const forged = await request(app)
        .post(`/admin/outbox/${id}/cancel`)
        .set('Cookie', jar.header())
        .type('form')
        .send({})
        .expect(403);
      assert.equal(forged.body.code, 'csrf_invalid');

      await request(app)
        .post(`/admin/outbox/${id}/cancel`)
        .set('Cookie', jar.header())
        .type('form')
        .send({ _csrf: csrfTokenFrom(page.text) })
        .expect(303);
      const [stored] = await findOutboxMessages({ to: 'browser@example.org' });
      assert.equal(stored?.status, 'cancelled');
    });

    it('when a comms user opens /admin/outbox, then it is forbidden', async () => {
      const comms = await signInAs(app, 'comms');
      await request(app).get('/admin/outbox').set(comms.authHeader).expect(403);
    });

    it('when an admin opens /admin/mail, then the local .eml files are listed and viewable', async () => {
      await enqueueMail(invitation('local@example.org', '<i>Ūla</i>'));
      assert.equal(await mail.worker.drain(), 1);

      const list = await request(app).get('/admin/mail').set(admin).expect(200);
      const href = /href=['"](\/admin\/mail\/[^'"]+\.eml)['"]/.exec(list.text)?.[1];
      assert.ok(href, `a link to the file in ${list.text}`);
      assert.match(list.text, /local@example\.org/);

      const one = await request(app).get(href).set(admin).expect(200);
      assert.match(one.text, /Demo Admin invited you to forumkit/);
      assert.ok(!one.text.includes('<i>Ūla</i>'), 'message source is shown escaped');

      const raw = await request(app).get(`${href}?download`).set(admin).expect(200);
      assert.match(String(raw.headers['content-type']), /^message\/rfc822/);
    });

    it('when a file name tries to escape the mail directory, then it is 404', async () => {
      const outside = `forumkit-outside-${process.pid}.eml`;
      writeFileSync(path.join(path.dirname(mailDir), outside), 'Subject: secret\r\n\r\nsecret');
      for (const name of [`..%2F${outside}`, `%2E%2E%2F${outside}`, `..%5C${outside}`, '..']) {
        const res = await request(app).get(`/admin/mail/${name}`).set(admin);
        assert.equal(res.status, 404, name);
      }
    });
  });
});
