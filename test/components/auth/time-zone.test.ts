import assert from 'node:assert/strict';
import request from 'supertest';
import { enqueueMail, findOutboxMessages } from '../../../src/components/mail';
import { buildTestApp } from '../../helpers/app';
import { csrfTokenFrom, signInAs, signInWithSession } from '../../helpers/auth';
import { clearDatabase } from '../../helpers/hooks';

const NOW = new Date('2026-12-01T07:06:00Z');

describe('times in the reader’s zone', () => {
  beforeEach(async () => {
    await clearDatabase();
  });

  it('when an admin opens the outbox, then times are in the default zone, and after choosing another zone on the account page, in that one', async () => {
    const { app } = await buildTestApp({ clock: () => NOW });
    await enqueueMail({
      to: 'someone@example.org',
      template: 'password-reset',
      data: { name: 'Someone', link: 'https://forumkit.test/x', expiresAt: NOW },
    });
    const { jar } = await signInWithSession(app, 'admin');

    const before = await request(app).get('/admin/outbox').set('Cookie', jar.header()).expect(200);
    const created = /<time datetime='([^']+)'>([^<]+)<\/time>/.exec(before.text);
    assert.ok(created, 'the queued time is on the page');
    assert.match(
      created[1] ?? '',
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
      'machine value',
    );
    assert.match(created[2] ?? '', /^\w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(Vilnius\)$/);
    assert.doesNotMatch(before.text, />\d{4}-\d{2}-\d{2}T[^<]*Z</, 'no raw ISO instant as text');

    const account = await request(app).get('/account').set('Cookie', jar.header()).expect(200);
    jar.store(account);
    await request(app)
      .post('/account/time-zone')
      .set('Cookie', jar.header())
      .type('form')
      .send({ _csrf: csrfTokenFrom(account.text), timeZone: 'Europe/Lisbon' })
      .expect(303);
    const after = await request(app).get('/admin/outbox').set('Cookie', jar.header()).expect(200);
    assert.match(
      after.text,
      /<time datetime='[^']+'>\w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(Lisbon\)<\/time>/,
    );

    const refused = await request(app)
      .post('/account/time-zone')
      .set('Cookie', jar.header())
      .type('form')
      .send({ _csrf: csrfTokenFrom(account.text), timeZone: 'Mars/Olympus_Mons' })
      .expect(400);
    assert.match(refused.text, /Time zone: choose a time zone from the list/);
  });

  it('when an invitation is sent, then its expiry reads in the configured zone, European style', async () => {
    const { app } = await buildTestApp({ clock: () => NOW });
    const { authHeader } = await signInAs(app, 'admin');
    await request(app)
      .post('/api/users')
      .set(authHeader)
      .send({ name: 'Rūta Fictional', email: 'ruta@example.org', role: 'comms', invite: true })
      .expect(201);
    const [mail] = await findOutboxMessages({ template: 'account-invitation' });
    assert.ok(mail);
    // Seven days after 1 Dec 2026 07:06 UTC is 8 Dec, 09:06 in Vilnius (winter time, UTC+2).
    assert.match(mail.text, /expires on Tue 8 Dec 2026, 09:06 \(Vilnius\)\./);
    assert.doesNotMatch(mail.text, /AM|PM|UTC/);
  });
});
