import assert from 'node:assert/strict';
import request from 'supertest';
import { findOutboxMessages } from '../../../src/components/mail';
import { useTestApp } from '../../helpers/app';
import {
  CookieJar,
  createUser,
  csrfTokenFrom,
  signInAs,
  signInWithSession,
} from '../../helpers/auth';
import { clearDatabase } from '../../helpers/hooks';

const newUser = (overrides: Record<string, unknown> = {}) => ({
  email: 'Maria.Fictional@Example.org',
  name: 'Maria Fictional',
  role: 'comms',
  password: 'a long enough password',
  ...overrides,
});

describe('auth: user administration API', () => {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  beforeEach(clearDatabase);

  describe('who may call it', () => {
    const calls = [
      ['get', '/api/users'],
      ['post', '/api/users'],
      ['get', '/api/users/0123456789abcdef01234567'],
      ['patch', '/api/users/0123456789abcdef01234567'],
      ['delete', '/api/users/0123456789abcdef01234567'],
    ] as const;

    for (const [method, path] of calls) {
      it(`when ${method.toUpperCase()} ${path} comes without credentials, then 401; from comms or facilitator, then 403`, async () => {
        const { app } = testApp.built;
        const anonymous = await request(app)[method](path).send(newUser()).expect(401);
        assert.equal(anonymous.body.code, 'unauthenticated');
        for (const role of ['comms', 'facilitator'] as const) {
          const { authHeader } = await signInAs(app, role);
          const res = await request(app)[method](path).set(authHeader).send(newUser()).expect(403);
          assert.equal(res.body.code, 'forbidden');
        }
      });
    }
  });

  it('when an admin creates a user, then the e-mail is stored lower-case and a second one with other casing is 409', async () => {
    const { app } = testApp.built;
    const { authHeader } = await signInAs(app, 'admin');
    const eventId = '0123456789abcdef01234567';
    const created = await request(app)
      .post('/api/users')
      .set(authHeader)
      .send(newUser({ eventIds: [eventId] }))
      .expect(201);
    assert.equal(created.body.email, 'maria.fictional@example.org');
    assert.equal(created.body.status, 'active');
    assert.deepEqual(created.body.eventIds, [eventId]);
    assert.equal(created.body.passwordHash, undefined);
    assert.equal(created.body._id, undefined);
    assert.equal(created.headers.location, `/api/users/${created.body.id}`);
    const again = await request(app)
      .post('/api/users')
      .set(authHeader)
      .send(newUser({ email: 'MARIA.FICTIONAL@example.org' }))
      .expect(409);
    assert.equal(again.body.code, 'email_taken');
  });

  it('when the body has an unknown field, then 400 names its path', async () => {
    const { app } = testApp.built;
    const { authHeader } = await signInAs(app, 'admin');
    const res = await request(app)
      .post('/api/users')
      .set(authHeader)
      .send(newUser({ superuser: true }))
      .expect(400);
    assert.equal(res.body.code, 'validation_failed');
    assert.match(JSON.stringify(res.body.errors), /superuser/);
    const bad = await request(app)
      .patch(`/api/users/${(await createUser()).id}`)
      .set(authHeader)
      .send({ eventIds: ['nope'] })
      .expect(400);
    assert.deepEqual(
      bad.body.errors.map((e: { path: string }) => e.path),
      ['eventIds.0'],
    );
  });

  it('when neither password nor invite is given, or the role is unknown, then 400', async () => {
    const { app } = testApp.built;
    const { authHeader } = await signInAs(app, 'admin');
    const noPassword = await request(app)
      .post('/api/users')
      .set(authHeader)
      .send(newUser({ password: undefined }))
      .expect(400);
    assert.equal(noPassword.body.errors[0].path, 'password');
    await request(app)
      .post('/api/users')
      .set(authHeader)
      .send(newUser({ role: 'root' }))
      .expect(400);
  });

  it('when a user id is malformed or unknown, then GET, PATCH and DELETE are 404', async () => {
    const { app } = testApp.built;
    const { authHeader } = await signInAs(app, 'admin');
    for (const id of ['nope', '0123456789abcdef0123456z', '0123456789abcdef01234567']) {
      assert.equal(
        (await request(app).get(`/api/users/${id}`).set(authHeader).expect(404)).body.code,
        'not_found',
      );
      await request(app).patch(`/api/users/${id}`).set(authHeader).send({ name: 'X' }).expect(404);
      await request(app).delete(`/api/users/${id}`).set(authHeader).expect(404);
    }
  });

  it('when users are listed, then they page, filter by role and sort', async () => {
    const { app } = testApp.built;
    const { authHeader } = await signInAs(app, 'admin', { name: 'Zed Admin' });
    await createUser({ role: 'comms', name: 'Bea Comms', password: undefined });
    await createUser({ role: 'comms', name: 'Ann Comms', password: undefined });
    await createUser({ role: 'facilitator', name: 'Cy Facilitator', password: undefined });
    const comms = await request(app)
      .get('/api/users?role=comms&sort=name')
      .set(authHeader)
      .expect(200);
    assert.deepEqual(
      comms.body.items.map((u: { name: string }) => u.name),
      ['Ann Comms', 'Bea Comms'],
    );
    assert.equal(comms.body.total, 2);
    const page2 = await request(app)
      .get('/api/users?sort=-name&limit=2&page=2')
      .set(authHeader)
      .expect(200);
    assert.deepEqual(
      page2.body.items.map((u: { name: string }) => u.name),
      ['Bea Comms', 'Ann Comms'],
    );
    assert.deepEqual([page2.body.page, page2.body.limit, page2.body.total], [2, 2, 4]);
    const bad = await request(app).get('/api/users?sort=password').set(authHeader).expect(400);
    assert.equal(bad.body.errors[0].path, 'sort');
    await request(app).get('/api/users?colour=red').set(authHeader).expect(400);
  });

  it('when a user is changed, then the change shows at once in what they may do', async () => {
    const { app } = testApp.built;
    const admin = await signInAs(app, 'admin');
    const comms = await signInAs(app, 'comms');
    await request(app).get('/api/users').set(comms.authHeader).expect(403);
    const patched = await request(app)
      .patch(`/api/users/${comms.user.id}`)
      .set(admin.authHeader)
      .send({ role: 'admin', name: 'Promoted' })
      .expect(200);
    assert.equal(patched.body.role, 'admin');
    await request(app).get('/api/users').set(comms.authHeader).expect(200);
  });

  it('when the e-mail is changed to a taken one, then 409', async () => {
    const { app } = testApp.built;
    const { authHeader } = await signInAs(app, 'admin');
    const a = await createUser({ password: undefined });
    const b = await createUser({ password: undefined });
    const res = await request(app)
      .patch(`/api/users/${b.id}`)
      .set(authHeader)
      .send({ email: a.email.toUpperCase() })
      .expect(409);
    assert.equal(res.body.code, 'email_taken');
  });

  it('when a user is deleted, then their tokens stop working; the last admin cannot be deleted or demoted', async () => {
    const { app } = testApp.built;
    const admin = await signInAs(app, 'admin');
    const comms = await signInAs(app, 'comms');
    await request(app).delete(`/api/users/${comms.user.id}`).set(admin.authHeader).expect(204);
    await request(app).get('/api/auth/me').set(comms.authHeader).expect(401);
    const demote = await request(app)
      .patch(`/api/users/${admin.user.id}`)
      .set(admin.authHeader)
      .send({ role: 'comms' })
      .expect(409);
    assert.equal(demote.body.code, 'last_admin');
    await request(app).delete(`/api/users/${admin.user.id}`).set(admin.authHeader).expect(409);
  });

  describe('invitations', () => {
    it('when a user is invited, then an account-invitation e-mail with a one-time link is in the outbox', async () => {
      const { app } = testApp.built;
      const { authHeader } = await signInAs(app, 'admin', { name: 'Ada Admin' });
      const created = await request(app)
        .post('/api/users')
        .set(authHeader)
        .send(newUser({ password: undefined, invite: true }))
        .expect(201);
      assert.equal(created.body.status, 'invited');
      const [mail, ...more] = await findOutboxMessages({
        to: 'maria.fictional@example.org',
        template: 'account-invitation',
      });
      assert.ok(mail, 'invitation queued');
      assert.equal(more.length, 0);
      const link = /https:\/\/forumkit\.test\/set-password\?token=[\w%-]+/.exec(mail.text)?.[0];
      assert.ok(link, mail.text);
      // Handlebars escapes '=' in the HTML part; a browser reads it back as the same link.
      assert.ok(mail.html.replace(/&#x3D;/g, '=').includes(link));
      assert.match(mail.text, /Maria Fictional/);
      assert.match(mail.text, /Ada Admin/);
    });

    it('when the set-password link is used, then the password is set, the user is signed in, and the link works only once', async () => {
      const { app } = testApp.built;
      const { authHeader } = await signInAs(app, 'admin');
      await request(app)
        .post('/api/users')
        .set(authHeader)
        .send(newUser({ password: undefined, invite: true }))
        .expect(201);
      const [mail] = await findOutboxMessages({ template: 'account-invitation' });
      const path = new URL(
        /https:\/\/\S+set-password\?token=[\w%-]+/.exec(mail?.text ?? '')?.[0] ?? '',
      );
      const token = path.searchParams.get('token') ?? '';

      const page = await request(app)
        .get(`/set-password?token=${encodeURIComponent(token)}`)
        .expect(200);
      assert.match(page.text, /maria\.fictional@example\.org/);
      const jar = new CookieJar().store(page);
      const mismatch = await request(app)
        .post('/set-password')
        .set('Cookie', jar.header())
        .type('form')
        .send({
          token,
          password: 'my new long password',
          passwordConfirm: 'something else',
          _csrf: csrfTokenFrom(page.text),
        })
        .expect(400);
      assert.match(mismatch.text, /role='alert'/);

      const done = await request(app)
        .post('/set-password')
        .set('Cookie', jar.header())
        .type('form')
        .send({
          token,
          password: 'my new long password',
          passwordConfirm: 'my new long password',
          _csrf: csrfTokenFrom(page.text),
        })
        .expect(303);
      assert.equal(done.headers.location, '/');
      jar.store(done);
      const me = await request(app).get('/api/auth/me').set('Cookie', jar.header()).expect(200);
      assert.equal(me.body.email, 'maria.fictional@example.org');

      await request(app)
        .post('/api/auth/tokens')
        .send({ email: 'maria.fictional@example.org', password: 'my new long password' })
        .expect(201);

      const again = await request(app)
        .get(`/set-password?token=${encodeURIComponent(token)}`)
        .expect(410);
      assert.match(again.text, /no longer valid/);
      const fresh = new CookieJar().store(await request(app).get('/sign-in'));
      const reuse = await request(app)
        .post('/set-password')
        .set('Cookie', fresh.header())
        .type('form')
        .send({
          token,
          password: 'attacker password 1',
          passwordConfirm: 'attacker password 1',
          _csrf: fresh.get('fk_csrf'),
        })
        .expect(410);
      assert.match(reuse.text, /no longer valid/);
    });

    it('when an admin invites someone through the users page, then the invitation is queued and the page confirms it', async () => {
      const { app } = testApp.built;
      const { jar, csrfToken } = await signInWithSession(app, 'admin');
      const page = await request(app).get('/admin/users').set('Cookie', jar.header()).expect(200);
      assert.match(page.text, /Invite someone/);
      const res = await request(app)
        .post('/admin/users')
        .set('Cookie', jar.header())
        .type('form')
        .send({
          name: 'Facilitator Demo',
          email: 'Facilitator@Example.org',
          role: 'facilitator',
          _csrf: csrfToken,
        })
        .expect(303);
      assert.equal(res.headers.location, '/admin/users?invited=facilitator%40example.org');
      const confirmation = await request(app)
        .get(res.headers.location)
        .set('Cookie', jar.header())
        .expect(200);
      assert.match(
        confirmation.text,
        /Invitation sent to\s+<strong>facilitator@example.org<\/strong>/,
      );
      assert.match(confirmation.text, /invited, no password yet/);
      assert.equal((await findOutboxMessages({ to: 'facilitator@example.org' })).length, 1);
      const duplicate = await request(app)
        .post('/admin/users')
        .set('Cookie', jar.header())
        .type('form')
        .send({ name: 'Again', email: 'facilitator@example.org', role: 'comms', _csrf: csrfToken })
        .expect(409);
      assert.match(duplicate.text, /role='alert'/);
    });
  });
});
