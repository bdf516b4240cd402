import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { useTestApp } from '../../helpers/app';
import {
  CookieJar,
  csrfTokenFrom,
  signInAs,
  signInWithSession,
  TEST_PASSWORD,
} from '../../helpers/auth';
import { clearDatabase } from '../../helpers/hooks';

const NEW_PASSWORD = 'a brand new and long passphrase';

/** One more browser session for an existing account, through the sign-in form. */
async function signInAgain(app: Express, email: string, password = TEST_PASSWORD) {
  const form = await request(app).get('/sign-in').expect(200);
  const jar = new CookieJar().store(form);
  const res = await request(app)
    .post('/sign-in')
    .set('Cookie', jar.header())
    .type('form')
    .send({ email, password, _csrf: csrfTokenFrom(form.text) })
    .expect(303);
  return jar.store(res);
}

/** An API token made with e-mail and password, as a script would. */
async function tokenFor(app: Express, email: string, password = TEST_PASSWORD) {
  const res = await request(app).post('/api/auth/tokens').send({ email, password }).expect(201);
  return { Authorization: `Bearer ${res.body.token as string}` };
}

const passwordWorks = async (app: Express, email: string, password: string) =>
  (await request(app).post('/api/auth/tokens').send({ email, password })).status === 201;

describe('auth: account page and password change', () => {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  beforeEach(clearDatabase);

  it('when nobody is signed in, then the account page sends to sign-in and both password doors answer 401', async () => {
    const { app } = testApp.built;
    const page = await request(app).get('/account').expect(303);
    assert.equal(page.headers.location, '/sign-in?next=%2Faccount');
    const form = await request(app)
      .post('/account/password')
      .type('form')
      .send({ currentPassword: 'x', newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD })
      .expect(401);
    assert.equal(form.body.code, 'unauthenticated');
    const api = await request(app)
      .post('/api/auth/password')
      .send({ currentPassword: 'x', newPassword: NEW_PASSWORD })
      .expect(401);
    assert.equal(api.body.code, 'unauthenticated');
  });

  it('when a signed-in organiser opens the account page, then it shows who they are and a labelled password form', async () => {
    const { app } = testApp.built;
    const { user, jar } = await signInWithSession(app, 'facilitator', { name: 'Fay Facilitator' });
    const res = await request(app).get('/account').set('Cookie', jar.header()).expect(200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.text, /<a href="\/account">Account<\/a>/);
    assert.match(res.text, /<dd>Fay Facilitator<\/dd>/);
    assert.ok(res.text.includes(`<dd>${user.email}</dd>`));
    assert.match(res.text, /<dd>facilitator<\/dd>/);
    for (const field of ['currentPassword', 'newPassword', 'newPasswordConfirm']) {
      // The forms kit names each field's element `field-<name>`; its label points at it.
      assert.match(res.text, new RegExp(`<label for='field-${field}'>`));
      assert.match(res.text, new RegExp(`id='field-${field}'`));
    }
    assert.match(res.text, /autocomplete='current-password'/);
    assert.equal(res.text.match(/autocomplete='new-password'/g)?.length, 2);
    assert.ok(csrfTokenFrom(res.text));
  });

  it('when the password is changed on the page, then the old one is refused, the new one works, other sessions and tokens end and this session stays', async () => {
    const { app } = testApp.built;
    const { user, jar, csrfToken } = await signInWithSession(app, 'comms');
    const otherBrowser = await signInAgain(app, user.email);
    const script = await tokenFor(app, user.email);
    await request(app).get('/api/auth/me').set('Cookie', otherBrowser.header()).expect(200);
    await request(app).get('/api/auth/me').set(script).expect(200);

    const res = await request(app)
      .post('/account/password')
      .set('Cookie', jar.header())
      .type('form')
      .send({
        currentPassword: TEST_PASSWORD,
        newPassword: NEW_PASSWORD,
        newPasswordConfirm: NEW_PASSWORD,
        _csrf: csrfToken,
      })
      .expect(303);
    assert.equal(res.headers.location, '/account?changed=1');
    const confirmation = await request(app)
      .get(res.headers.location)
      .set('Cookie', jar.header())
      .expect(200);
    assert.match(confirmation.text, /role='status'>Your password was changed/);
    assert.match(confirmation.text, /signed out/);

    await request(app).get('/api/auth/me').set('Cookie', jar.header()).expect(200);
    const ended = await request(app)
      .get('/api/auth/me')
      .set('Cookie', otherBrowser.header())
      .expect(401);
    assert.equal(ended.body.code, 'unauthenticated');
    assert.equal(
      (await request(app).get('/api/auth/me').set(script).expect(401)).body.code,
      'invalid_token',
    );
    assert.equal(await passwordWorks(app, user.email, TEST_PASSWORD), false);
    assert.equal(await passwordWorks(app, user.email, NEW_PASSWORD), true);
  });

  it('when the form comes without its CSRF token, then it is refused and the password stays', async () => {
    const { app } = testApp.built;
    const { user, jar } = await signInWithSession(app, 'comms');
    const res = await request(app)
      .post('/account/password')
      .set('Cookie', jar.header())
      .type('form')
      .send({
        currentPassword: TEST_PASSWORD,
        newPassword: NEW_PASSWORD,
        newPasswordConfirm: NEW_PASSWORD,
      })
      .expect(403);
    assert.equal(res.body.code, 'csrf_invalid');
    assert.equal(await passwordWorks(app, user.email, TEST_PASSWORD), true);
  });

  it('when the form has a wrong current password, a short new one or a mismatch, then the page explains in an alert and nothing changes', async () => {
    const { app } = testApp.built;
    const { user, jar, csrfToken } = await signInWithSession(app, 'comms');
    const post = (fields: Record<string, string>) =>
      request(app)
        .post('/account/password')
        .set('Cookie', jar.header())
        .type('form')
        .send({ ...fields, _csrf: csrfToken });

    const wrong = await post({
      currentPassword: 'not my password',
      newPassword: NEW_PASSWORD,
      newPasswordConfirm: NEW_PASSWORD,
    }).expect(401);
    assert.match(wrong.text, /role='alert'/);
    assert.match(wrong.text, /Current password:\s+is not right/);

    const short = await post({
      currentPassword: TEST_PASSWORD,
      newPassword: 'too short',
      newPasswordConfirm: 'too short',
    }).expect(400);
    assert.match(short.text, /role='alert'/);
    assert.match(short.text, /New password:\s+must be at least 12 characters/);

    const mismatch = await post({
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
      newPasswordConfirm: 'something else entirely',
    }).expect(400);
    assert.match(mismatch.text, /Repeat new password:\s+the two passwords differ/);

    assert.equal(await passwordWorks(app, user.email, TEST_PASSWORD), true);
    await request(app).get('/api/auth/me').set('Cookie', jar.header()).expect(200);
  });

  it('when a script changes the password with its token, then 204, that token keeps working and every session and other token ends', async () => {
    const { app } = testApp.built;
    const { user, jar } = await signInWithSession(app, 'admin');
    const script = await tokenFor(app, user.email);
    const otherScript = await tokenFor(app, user.email);
    await request(app)
      .post('/api/auth/password')
      .set(script)
      .send({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD })
      .expect(204);
    await request(app).get('/api/auth/me').set(script).expect(200);
    await request(app).get('/api/auth/me').set(otherScript).expect(401);
    await request(app).get('/api/auth/me').set('Cookie', jar.header()).expect(401);
    assert.equal(await passwordWorks(app, user.email, NEW_PASSWORD), true);
  });

  it('when a browser script changes the password with its session (JSON), then that session stays and the API tokens end', async () => {
    const { app } = testApp.built;
    const { user, jar } = await signInWithSession(app, 'comms');
    const script = await tokenFor(app, user.email);
    await request(app)
      .post('/api/auth/password')
      .set('Cookie', jar.header())
      .send({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD })
      .expect(204);
    await request(app).get('/api/auth/me').set('Cookie', jar.header()).expect(200);
    await request(app).get('/api/auth/me').set(script).expect(401);
  });

  it('when the API gets a wrong current password, a weak new one or an unknown field, then 401 invalid_credentials or 400 naming the field', async () => {
    const { app } = testApp.built;
    const { user } = await signInWithSession(app, 'comms');
    const script = await tokenFor(app, user.email);
    const wrong = await request(app)
      .post('/api/auth/password')
      .set(script)
      .send({ currentPassword: 'not my password', newPassword: NEW_PASSWORD })
      .expect(401);
    assert.equal(wrong.body.code, 'invalid_credentials');
    assert.match(wrong.headers['content-type'] ?? '', /application\/problem\+json/);

    const weak = await request(app)
      .post('/api/auth/password')
      .set(script)
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'short' })
      .expect(400);
    assert.equal(weak.body.code, 'validation_failed');
    assert.deepEqual(
      weak.body.errors.map((e: { path: string }) => e.path),
      ['newPassword'],
    );

    const extra = await request(app)
      .post('/api/auth/password')
      .set(script)
      .send({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, userId: user.id })
      .expect(400);
    assert.match(JSON.stringify(extra.body.errors), /userId/);
    const missing = await request(app).post('/api/auth/password').set(script).send({}).expect(400);
    assert.deepEqual(missing.body.errors.map((e: { path: string }) => e.path).sort(), [
      'currentPassword',
      'newPassword',
    ]);
    assert.equal(await passwordWorks(app, user.email, TEST_PASSWORD), true);
  });

  it('when the account has no password yet (invited), then a change is refused with 401', async () => {
    const { app } = testApp.built;
    const { authHeader } = await signInAs(app, 'comms');
    const res = await request(app)
      .post('/api/auth/password')
      .set(authHeader)
      .send({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD })
      .expect(401);
    assert.equal(res.body.code, 'invalid_credentials');
  });

  it('when current-password guesses pile up, then they count with sign-in: the sign-in form is rate-limited too', async function () {
    this.timeout(60_000);
    const { app } = testApp.built;
    const { user } = await signInWithSession(app, 'comms');
    const script = await tokenFor(app, user.email);
    for (let i = 0; i < 10; i += 1) {
      await request(app)
        .post('/api/auth/password')
        .set(script)
        .send({ currentPassword: `guess number ${i}`, newPassword: NEW_PASSWORD })
        .expect(401);
    }
    const limited = await request(app)
      .post('/api/auth/password')
      .set(script)
      .send({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD })
      .expect(429);
    assert.equal(limited.body.code, 'rate_limited');
    const form = await request(app).get('/sign-in').expect(200);
    const signIn = await request(app)
      .post('/sign-in')
      .set('Cookie', new CookieJar().store(form).header())
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD, _csrf: csrfTokenFrom(form.text) })
      .expect(429);
    assert.equal(signIn.body.code, 'rate_limited');
  });
});
