import assert from 'node:assert/strict';
import type { Express } from 'express';
import type { App } from '../../../src/app';
import request from 'supertest';
import { SetPasswordTokenModel } from '../../../src/components/auth/set-password-token.model';
import { findOutboxMessages } from '../../../src/components/mail';
import { buildTestApp, useTestApp } from '../../helpers/app';
import {
  CookieJar,
  createUser,
  csrfTokenFrom,
  signInAs,
  signInWithSession,
  TEST_PASSWORD,
} from '../../helpers/auth';
import { clearDatabase } from '../../helpers/hooks';

const NEW_PASSWORD = 'a brand new and long passphrase';

/** The token of the set-password link in a queued e-mail's text part. */
function linkToken(text: string): string {
  const link = /https:\/\/forumkit\.test\/set-password\?token=[\w%-]+/.exec(text)?.[0];
  assert.ok(link, text);
  const token = new URL(link).searchParams.get('token');
  assert.ok(token);
  return token;
}

/** Asks for a reset link through the form, as a browser does. */
async function askForReset(built: App, email: string) {
  const form = await request(built.app).get('/forgot-password').expect(200);
  const res = await request(built.app)
    .post('/forgot-password')
    .set('Cookie', new CookieJar().store(form).header())
    .type('form')
    .send({ email, _csrf: csrfTokenFrom(form.text) });
  // The page answers first; the lookup and the e-mail follow it.
  await built.components.auth.resetsSettled();
  return res;
}

/**
 * Opens a set-password link and posts a new password through its form. Answers the
 * page when it does not open, else the form post with the browser's cookies after it.
 */
async function usePasswordLink(app: Express, token: string, password = NEW_PASSWORD) {
  const page = await request(app).get(`/set-password?token=${encodeURIComponent(token)}`);
  const jar = new CookieJar().store(page);
  if (page.status !== 200) return { res: page, jar };
  const res = await request(app)
    .post('/set-password')
    .set('Cookie', jar.header())
    .type('form')
    .send({ token, password, passwordConfirm: password, _csrf: csrfTokenFrom(page.text) });
  return { res, jar: jar.store(res) };
}

const passwordWorks = async (app: Express, email: string, password: string) =>
  (await request(app).post('/api/auth/tokens').send({ email, password })).status === 201;

/** The page without what differs on every load (the CSRF token). */
const withoutCsrf = (html: string) => html.replace(/value='[\w-]+'(?= \/>)/g, "value=''");

describe('auth: forgotten password', () => {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  beforeEach(clearDatabase);

  it("when a known and an unknown address are asked for, then both get the same page at once and the known one's e-mail follows the answer", async () => {
    const built = testApp.built;
    const { app } = built;
    const user = await createUser({ name: 'Kim Known' });
    const form = await request(app).get('/forgot-password').expect(200);
    const post = (email: string) =>
      request(app)
        .post('/forgot-password')
        .set('Cookie', new CookieJar().store(form).header())
        .type('form')
        .send({ email, _csrf: csrfTokenFrom(form.text) });
    const [known, unknown] = [await post(user.email), await post('nobody@example.org')];
    assert.equal(known.status, 200);
    assert.equal(withoutCsrf(known.text), withoutCsrf(unknown.text));
    await built.components.auth.resetsSettled();
    assert.equal((await findOutboxMessages({ template: 'password-reset' })).length, 1);
  });

  it('when the sign-in page is opened, then it links to a labelled forgotten-password form', async () => {
    const built = testApp.built;
    const { app } = built;
    const signIn = await request(app).get('/sign-in').expect(200);
    assert.match(signIn.text, /<a href='\/forgot-password'>Forgot your password\?<\/a>/);
    const form = await request(app).get('/forgot-password').expect(200);
    assert.match(form.text, /<label for='email'>E-mail address<\/label>/);
    assert.match(form.text, /autocomplete='username'/);
    assert.ok(csrfTokenFrom(form.text));
  });

  it('when a known and an unknown e-mail are posted, then both get the same answer and only the known one queues a message', async () => {
    const built = testApp.built;
    const user = await createUser({ name: 'Kim Known' });
    const known = await askForReset(built, user.email.toUpperCase());
    const unknown = await askForReset(built, 'nobody@example.org');
    assert.equal(known.status, 200);
    assert.equal(unknown.status, 200);
    assert.match(known.text, /role='status'>If an account exists for that address, we sent/);
    assert.equal(withoutCsrf(known.text), withoutCsrf(unknown.text));

    assert.equal((await findOutboxMessages({ to: 'nobody@example.org' })).length, 0);
    const messages = await findOutboxMessages({ template: 'password-reset' });
    assert.equal(messages.length, 1);
    const [mail] = messages;
    assert.equal(mail?.to, user.email);
    assert.match(mail?.subject ?? '', /new forumkit password/);
    assert.match(mail?.text ?? '', /Kim Known/);
    const token = linkToken(mail?.text ?? '');
    assert.ok(mail?.html.replace(/&#x3D;/g, '=').includes(encodeURIComponent(token)));
    const stored = await SetPasswordTokenModel.find().lean();
    assert.deepEqual(
      stored.map((link) => link.purpose),
      ['password-reset'],
    );
  });

  it('when the form comes without its CSRF token or with a malformed address, then it is refused and nothing is queued', async () => {
    const built = testApp.built;
    const { app } = built;
    const user = await createUser({ password: undefined });
    const forged = await request(app)
      .post('/forgot-password')
      .type('form')
      .send({ email: user.email })
      .expect(403);
    assert.equal(forged.body.code, 'csrf_invalid');
    const malformed = await askForReset(built, 'not an address');
    assert.equal(malformed.status, 400);
    assert.match(malformed.text, /role='alert'/);
    assert.equal((await findOutboxMessages({ template: 'password-reset' })).length, 0);
  });

  it('when the reset link is used, then the password changes, every earlier session and token ends, and the link works only once', async () => {
    const built = testApp.built;
    const { app } = built;
    const { user, jar } = await signInWithSession(app, 'comms');
    const tokenRes = await request(app)
      .post('/api/auth/tokens')
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(201);
    const script = { Authorization: `Bearer ${tokenRes.body.token as string}` };
    await askForReset(built, user.email);
    const [mail] = await findOutboxMessages({ template: 'password-reset' });
    const token = linkToken(mail?.text ?? '');

    const done = await usePasswordLink(app, token);
    assert.equal(done.res.status, 303);
    assert.equal(done.res.headers.location, '/');
    await request(app).get('/api/auth/me').set('Cookie', done.jar.header()).expect(200);
    await request(app).get('/api/auth/me').set('Cookie', jar.header()).expect(401);
    await request(app).get('/api/auth/me').set(script).expect(401);
    assert.equal(await passwordWorks(app, user.email, TEST_PASSWORD), false);
    assert.equal(await passwordWorks(app, user.email, NEW_PASSWORD), true);

    const again = await usePasswordLink(app, token, 'an attacker password');
    assert.equal(again.res.status, 410);
    assert.match(again.res.text, /no longer valid/);
    assert.equal(await passwordWorks(app, user.email, NEW_PASSWORD), true);
  });

  it('when the reset link is older than an hour, then it no longer opens the form nor sets a password', async () => {
    let now = new Date('2031-03-01T10:00:00Z');
    const built = await buildTestApp({ clock: () => now });
    const { app } = built;
    const user = await createUser();
    await askForReset(built, user.email);
    const [mail] = await findOutboxMessages({ template: 'password-reset' });
    const token = linkToken(mail?.text ?? '');
    now = new Date('2031-03-01T10:59:00Z');
    await request(app)
      .get(`/set-password?token=${encodeURIComponent(token)}`)
      .expect(200);
    now = new Date('2031-03-01T11:00:01Z');
    const expired = await usePasswordLink(app, token);
    assert.equal(expired.res.status, 410);
    const fresh = new CookieJar().store(await request(app).get('/sign-in'));
    await request(app)
      .post('/set-password')
      .set('Cookie', fresh.header())
      .type('form')
      .send({
        token,
        password: NEW_PASSWORD,
        passwordConfirm: NEW_PASSWORD,
        _csrf: fresh.get('fk_csrf'),
      })
      .expect(410);
    assert.equal(await passwordWorks(app, user.email, TEST_PASSWORD), true);
  });

  it('when a second reset is asked for, then only the newest link works', async () => {
    const built = testApp.built;
    const { app } = built;
    const user = await createUser();
    await askForReset(built, user.email);
    await askForReset(built, user.email);
    const [first, second] = await findOutboxMessages({ template: 'password-reset' });
    const firstToken = linkToken(first?.text ?? '');
    const secondToken = linkToken(second?.text ?? '');
    assert.equal((await usePasswordLink(app, firstToken)).res.status, 410);
    assert.equal((await usePasswordLink(app, secondToken)).res.status, 303);
  });

  it('when one address is asked for too often, then the 6th request gets 429 while another address still works', async () => {
    const built = testApp.built;
    const user = await createUser({ password: undefined });
    for (let i = 0; i < 5; i += 1) assert.equal((await askForReset(built, user.email)).status, 200);
    const limited = await askForReset(built, user.email);
    assert.equal(limited.status, 429);
    assert.equal(limited.body.code, 'rate_limited');
    assert.equal((await askForReset(built, 'someone.else@example.org')).status, 200);
    assert.equal((await findOutboxMessages({ template: 'password-reset' })).length, 5);
  });
});

describe('auth: resending an invitation', () => {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  beforeEach(clearDatabase);

  async function invite(app: Express, authHeader: Record<string, string>) {
    const res = await request(app)
      .post('/api/users')
      .set(authHeader)
      .send({ email: 'ivy.invited@example.org', name: 'Ivy Invited', role: 'comms', invite: true })
      .expect(201);
    return res.body as { id: string };
  }

  it('when an admin resends an invitation, then a new e-mail is queued, its link works and the old one is refused', async () => {
    const built = testApp.built;
    const { app } = built;
    const { authHeader } = await signInAs(app, 'admin', { name: 'Ada Admin' });
    const invited = await invite(app, authHeader);
    const res = await request(app)
      .post(`/api/users/${invited.id}/invitation`)
      .set(authHeader)
      .expect(202);
    assert.equal(res.body.userId, invited.id);
    assert.equal(res.body.email, 'ivy.invited@example.org');
    assert.ok(Date.parse(res.body.expiresAt) > Date.now());

    const [first, second, ...more] = await findOutboxMessages({
      to: 'ivy.invited@example.org',
      template: 'account-invitation',
    });
    assert.equal(more.length, 0);
    assert.match(second?.text ?? '', /Ada Admin/);
    const oldToken = linkToken(first?.text ?? '');
    const newToken = linkToken(second?.text ?? '');
    assert.notEqual(oldToken, newToken);
    assert.equal((await usePasswordLink(app, oldToken)).res.status, 410);
    assert.equal((await usePasswordLink(app, newToken)).res.status, 303);
    const stored = await SetPasswordTokenModel.find({ usedAt: { $ne: null } }).lean();
    assert.deepEqual(
      stored.map((link) => link.purpose),
      ['invitation'],
    );
    assert.equal(await passwordWorks(app, 'ivy.invited@example.org', NEW_PASSWORD), true);
  });

  it('when the user already has a password, then 409 already_active; an unknown or malformed id is 404', async () => {
    const built = testApp.built;
    const { app } = built;
    const { authHeader } = await signInAs(app, 'admin');
    const active = await createUser();
    const res = await request(app)
      .post(`/api/users/${active.id}/invitation`)
      .set(authHeader)
      .expect(409);
    assert.equal(res.body.code, 'already_active');
    for (const id of ['0123456789abcdef01234567', 'nope']) {
      assert.equal(
        (await request(app).post(`/api/users/${id}/invitation`).set(authHeader).expect(404)).body
          .code,
        'not_found',
      );
    }
    assert.equal((await findOutboxMessages({ template: 'account-invitation' })).length, 0);
  });

  it('when someone other than an admin resends, then 401 without credentials and 403 for comms and facilitators', async () => {
    const built = testApp.built;
    const { app } = built;
    const admin = await signInAs(app, 'admin');
    const invited = await invite(app, admin.authHeader);
    const path = `/api/users/${invited.id}/invitation`;
    assert.equal((await request(app).post(path).expect(401)).body.code, 'unauthenticated');
    for (const role of ['comms', 'facilitator'] as const) {
      const { authHeader } = await signInAs(app, role);
      assert.equal(
        (await request(app).post(path).set(authHeader).expect(403)).body.code,
        'forbidden',
      );
    }
    assert.equal((await findOutboxMessages({ template: 'account-invitation' })).length, 1);
  });

  it('when an admin presses "Resend invitation" on the users page, then a new invitation is queued and the page confirms it', async () => {
    const built = testApp.built;
    const { app } = built;
    const { jar, csrfToken, user: admin } = await signInWithSession(app, 'admin');
    const invited = await invite(app, (await signInAs(app, 'admin')).authHeader);
    const page = await request(app).get('/admin/users').set('Cookie', jar.header()).expect(200);
    const action = `/admin/users/${invited.id}/invitation`;
    assert.ok(page.text.includes(`action='${action}'`));
    assert.match(page.text, /aria-label='Resend invitation to Ivy Invited'/);
    // Active accounts have nothing to resend.
    assert.ok(!page.text.includes(`/admin/users/${admin.id}/invitation`));

    const forged = await request(app)
      .post(action)
      .set('Cookie', jar.header())
      .type('form')
      .send({})
      .expect(403);
    assert.equal(forged.body.code, 'csrf_invalid');

    const res = await request(app)
      .post(action)
      .set('Cookie', jar.header())
      .type('form')
      .send({ _csrf: csrfToken })
      .expect(303);
    assert.equal(res.headers.location, '/admin/users?invited=ivy.invited%40example.org');
    const confirmation = await request(app)
      .get(res.headers.location)
      .set('Cookie', jar.header())
      .expect(200);
    assert.match(confirmation.text, /Invitation sent to\s+<strong>ivy.invited@example.org/);
    assert.equal((await findOutboxMessages({ template: 'account-invitation' })).length, 2);

    const activeAgain = await request(app)
      .post(`/admin/users/${admin.id}/invitation`)
      .set('Cookie', jar.header())
      .type('form')
      .send({ _csrf: csrfToken })
      .expect(409);
    assert.match(activeAgain.text, /role='alert'/);
    assert.match(activeAgain.text, /already set a password/);
  });

  it('when someone asks for a password reset for an invited address, then the invitation link still works; once a password is set, the other link is dead', async () => {
    const built = testApp.built;
    const { app } = built;
    const { authHeader } = await signInAs(app, 'admin');
    await invite(app, authHeader);
    const [invitation] = await findOutboxMessages({ template: 'account-invitation' });
    const invitationToken = linkToken(invitation!.text ?? '');

    assert.equal((await askForReset(built, 'ivy.invited@example.org')).status, 200);
    const [reset] = await findOutboxMessages({ template: 'password-reset' });
    const resetToken = linkToken(reset!.text ?? '');

    const { res } = await usePasswordLink(app, invitationToken);
    assert.equal(res.status, 303, 'the invitation survives a reset request');
    assert.ok(await passwordWorks(app, 'ivy.invited@example.org', NEW_PASSWORD));
    const stale = await usePasswordLink(app, resetToken, 'an attacker password 9');
    assert.equal(
      stale.res.status,
      410,
      'the reset link ends when the invitation sets the password',
    );
    assert.ok(!(await passwordWorks(app, 'ivy.invited@example.org', 'an attacker password 9')));
  });

  it('when an invited person asks for a reset and uses that link, then the invitation link is dead afterwards', async () => {
    const built = testApp.built;
    const { app } = built;
    const { authHeader } = await signInAs(app, 'admin');
    await invite(app, authHeader);
    const [invitation] = await findOutboxMessages({ template: 'account-invitation' });
    await askForReset(built, 'ivy.invited@example.org');
    const [reset] = await findOutboxMessages({ template: 'password-reset' });
    assert.equal((await usePasswordLink(app, linkToken(reset!.text ?? ''))).res.status, 303);
    const stale = await usePasswordLink(
      app,
      linkToken(invitation!.text ?? ''),
      'other password 77',
    );
    assert.equal(stale.res.status, 410);
  });

  it('when a comms user posts the resend form, then it is a 403 page and nothing is sent', async () => {
    const built = testApp.built;
    const { app } = built;
    const invited = await invite(app, (await signInAs(app, 'admin')).authHeader);
    const { jar, csrfToken } = await signInWithSession(app, 'comms');
    const res = await request(app)
      .post(`/admin/users/${invited.id}/invitation`)
      .set('Cookie', jar.header())
      .type('form')
      .send({ _csrf: csrfToken })
      .expect(403);
    assert.match(res.text, /Not allowed/);
    assert.equal((await findOutboxMessages({ template: 'account-invitation' })).length, 1);
  });
});
