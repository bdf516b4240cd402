import assert from 'node:assert/strict';
import request from 'supertest';
import { buildTestApp, testConfig, useTestApp } from '../../helpers/app';
import {
  CookieJar,
  createUser,
  csrfTokenFrom,
  signInWithSession,
  TEST_PASSWORD,
} from '../../helpers/auth';
import { clearDatabase } from '../../helpers/hooks';

/** GET /sign-in and POST it with the CSRF token from the form. */
async function postSignIn(
  app: Parameters<typeof request>[0],
  fields: Record<string, string>,
  query = '',
) {
  const jar = new CookieJar();
  const form = await request(app).get(`/sign-in${query}`).expect(200);
  jar.store(form);
  const res = await request(app)
    .post('/sign-in')
    .set('Cookie', jar.header())
    .type('form')
    .send({ ...fields, _csrf: csrfTokenFrom(form.text) });
  return { res, jar: jar.store(res) };
}

describe('auth: sign-in pages', () => {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  beforeEach(clearDatabase);

  it('when the sign-in page is opened, then it has a labelled form with autocomplete hints and a CSRF field', async () => {
    const { app } = testApp.built;
    const res = await request(app).get('/sign-in').expect(200);
    assert.match(res.headers['content-type'] ?? '', /text\/html/);
    assert.match(res.text, /<label for='email'>/);
    assert.match(res.text, /autocomplete='username'/);
    assert.match(res.text, /autocomplete='current-password'/);
    assert.ok(csrfTokenFrom(res.text));
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  it('when the right e-mail (any case) and password are posted, then a Secure HttpOnly SameSite=Lax session cookie is set and the browser goes to /', async () => {
    const { app } = testApp.built;
    const user = await createUser({ role: 'comms' });
    const { res, jar } = await postSignIn(app, {
      email: user.email.toUpperCase(),
      password: TEST_PASSWORD,
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('fk_session='),
    );
    assert.ok(cookie, 'session cookie set');
    assert.match(cookie, /; HttpOnly/i);
    assert.match(cookie, /; Secure/i);
    assert.match(cookie, /; SameSite=Lax/i);
    assert.match(cookie, /; Path=\//);
    const me = await request(app).get('/api/auth/me').set('Cookie', jar.header()).expect(200);
    assert.equal(me.body.email, user.email);
    assert.equal(me.body.via, 'session');
  });

  it('when the public address is http and the request is plain http, then the cookie is not marked Secure', async () => {
    const { app } = await buildTestApp({
      config: testConfig({ publicBaseUrl: 'http://localhost:3000' }),
    });
    const user = await createUser();
    const { res } = await postSignIn(app, { email: user.email, password: TEST_PASSWORD });
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('fk_session='),
    );
    assert.ok(cookie);
    assert.doesNotMatch(cookie, /Secure/i);
  });

  it('when TLS ends at a trusted proxy (X-Forwarded-Proto: https), then session and CSRF cookies are Secure', async () => {
    const { app } = await buildTestApp({
      config: testConfig({ publicBaseUrl: 'http://localhost:3000', trustProxy: true }),
    });
    const user = await createUser();
    const jar = new CookieJar();
    const form = await request(app).get('/sign-in').set('X-Forwarded-Proto', 'https').expect(200);
    jar.store(form);
    const csrfCookie = (form.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('fk_csrf='),
    );
    assert.match(csrfCookie ?? '', /; Secure/i);
    const res = await request(app)
      .post('/sign-in')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', jar.header())
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD, _csrf: csrfTokenFrom(form.text) })
      .expect(303);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('fk_session='),
    );
    assert.match(cookie ?? '', /; Secure/i);
    assert.match(cookie ?? '', /; HttpOnly/i);
    assert.match(cookie ?? '', /; SameSite=Lax/i);
  });

  it('when the proxy is not trusted, then a forged X-Forwarded-Proto does not change the cookie', async () => {
    const { app } = await buildTestApp({
      config: testConfig({ publicBaseUrl: 'http://localhost:3000', trustProxy: false }),
    });
    const form = await request(app).get('/sign-in').set('X-Forwarded-Proto', 'https').expect(200);
    const csrfCookie = (form.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('fk_csrf='),
    );
    assert.ok(csrfCookie);
    assert.doesNotMatch(csrfCookie, /Secure/i);
  });

  it('when the password is wrong or the e-mail unknown, then both answers are the same 401 with an alert', async () => {
    const { app } = testApp.built;
    const user = await createUser();
    const wrong = (await postSignIn(app, { email: user.email, password: 'not the password' })).res;
    const unknown = (
      await postSignIn(app, { email: 'nobody@example.org', password: TEST_PASSWORD })
    ).res;
    for (const res of [wrong, unknown]) {
      assert.equal(res.status, 401);
      assert.match(res.text, /role='alert'/);
      assert.match(res.text, /E-mail address or password is not right/);
      assert.ok(
        !(res.headers['set-cookie'] as unknown as string[] | undefined)?.some((c) =>
          c.startsWith('fk_session='),
        ),
      );
    }
  });

  it('when an invited user without a password tries to sign in, then the answer is the same 401', async () => {
    const { app } = testApp.built;
    const user = await createUser({ password: undefined });
    const { res } = await postSignIn(app, { email: user.email, password: TEST_PASSWORD });
    assert.equal(res.status, 401);
  });

  it('when the form is posted without its CSRF token, then it is refused with 403 csrf_invalid', async () => {
    const { app } = testApp.built;
    const user = await createUser();
    const res = await request(app)
      .post('/sign-in')
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(403);
    assert.equal(res.body.code, 'csrf_invalid');
  });

  it('when signed-in forms are posted without or with a foreign CSRF token, then they are refused', async () => {
    const { app } = testApp.built;
    const admin = await signInWithSession(app, 'admin');
    const other = await signInWithSession(app, 'admin');
    const missing = await request(app)
      .post('/admin/users')
      .set('Cookie', admin.jar.header())
      .type('form')
      .send({ name: 'A', email: 'a@example.org', role: 'comms' })
      .expect(403);
    assert.equal(missing.body.code, 'csrf_invalid');
    // The token of another session does not fit this session.
    const foreign = await request(app)
      .post('/sign-out')
      .set('Cookie', `fk_session=${admin.jar.get('fk_session')}; fk_csrf=${other.csrfToken}`)
      .type('form')
      .send({ _csrf: other.csrfToken })
      .expect(403);
    assert.equal(foreign.body.code, 'csrf_invalid');
  });

  it('when a signed-in user signs out, then the session ends and the cookie is cleared', async () => {
    const { app } = testApp.built;
    const { jar, csrfToken } = await signInWithSession(app, 'comms');
    const sessionCookie = jar.header();
    await request(app).get('/api/auth/me').set('Cookie', sessionCookie).expect(200);
    const out = await request(app)
      .post('/sign-out')
      .set('Cookie', sessionCookie)
      .type('form')
      .send({ _csrf: csrfToken })
      .expect(303);
    assert.equal(out.headers.location, '/sign-in');
    assert.ok(
      (out.headers['set-cookie'] as unknown as string[]).some((c) => /^fk_session=;/.test(c)),
    );
    // The old cookie value no longer opens anything, even if a client keeps it.
    const after = await request(app).get('/api/auth/me').set('Cookie', sessionCookie).expect(401);
    assert.equal(after.body.code, 'unauthenticated');
  });

  it('when next is a local path, then sign-in returns there', async () => {
    const { app } = testApp.built;
    const user = await createUser();
    const { res } = await postSignIn(app, {
      email: user.email,
      password: TEST_PASSWORD,
      next: '/events/abc?tab=programme',
    });
    assert.equal(res.headers.location, '/events/abc?tab=programme');
  });

  for (const next of [
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    'javascript:alert(1)',
    'evil.example',
    '',
    // Dot segments that the URL parser folds into `//evil.example`.
    '/.//evil.example',
    '/..//evil.example',
    '/a/..//evil.example',
    '/%2e//evil.example',
    '/%2E%2E//evil.example',
    '/a/b/%2e%2e/..//evil.example',
    '/./\\evil.example',
  ]) {
    it(`when next is ${JSON.stringify(next)}, then sign-in lands on / (no open redirect)`, async () => {
      const { app } = testApp.built;
      const user = await createUser();
      const { res } = await postSignIn(app, { email: user.email, password: TEST_PASSWORD, next });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/');
    });
  }

  for (const next of [
    '/.//evil.example',
    '/..//evil.example',
    '/a/..//evil.example',
    '/%2e//evil.example',
  ]) {
    it(`when a signed-in browser opens /sign-in?next=${next}, then it is sent to / and not off the site`, async () => {
      const { app } = testApp.built;
      const { jar } = await signInWithSession(app, 'comms');
      const res = await request(app)
        .get(`/sign-in?next=${encodeURIComponent(next)}`)
        .set('Cookie', jar.header())
        .expect(303);
      assert.equal(res.headers.location, '/');
      const page = await request(app)
        .get(`/sign-in?next=${encodeURIComponent(next)}`)
        .expect(200);
      assert.match(page.text, /name='next' value='\/'/);
    });
  }

  it('when the sign-in page is opened with a hostile next, then the form carries / instead', async () => {
    const { app } = testApp.built;
    const res = await request(app).get('/sign-in?next=%2F%2Fevil.example').expect(200);
    assert.match(res.text, /name='next' value='\/'/);
  });

  it('when an anonymous browser opens / or an admin page, then it is sent to sign in and back', async () => {
    const { app } = testApp.built;
    const home = await request(app).get('/').expect(303);
    assert.equal(home.headers.location, '/sign-in?next=%2F');
    const admin = await request(app).get('/admin/users?x=1').expect(303);
    assert.equal(admin.headers.location, `/sign-in?next=${encodeURIComponent('/admin/users?x=1')}`);
  });

  it('when an anonymous client calls the API, then it gets 401 problem+json', async () => {
    const { app } = testApp.built;
    const res = await request(app).get('/api/users').expect(401);
    assert.match(res.headers['content-type'] ?? '', /application\/problem\+json/);
    assert.equal(res.body.code, 'unauthenticated');
  });

  it('when a comms user opens the admin users page, then it is a 403 page', async () => {
    const { app } = testApp.built;
    const { jar } = await signInWithSession(app, 'comms');
    const res = await request(app).get('/admin/users').set('Cookie', jar.header()).expect(403);
    assert.match(res.text, /Not allowed/);
  });

  it('when sign-in fails too often for one e-mail, then the 11th attempt gets 429 rate_limited while another e-mail still works', async function () {
    this.timeout(60_000);
    const { app } = testApp.built;
    const user = await createUser();
    const form = await request(app).get('/sign-in').expect(200);
    const jar = new CookieJar().store(form);
    const attempt = (email: string, password: string) =>
      request(app)
        .post('/sign-in')
        .set('Cookie', jar.header())
        .type('form')
        .send({ email, password, _csrf: csrfTokenFrom(form.text) });
    for (let i = 0; i < 10; i += 1)
      assert.equal((await attempt(user.email, 'wrong password')).status, 401);
    const limited = await attempt(user.email, TEST_PASSWORD);
    assert.equal(limited.status, 429);
    assert.match(limited.headers['content-type'] ?? '', /application\/problem\+json/);
    assert.equal(limited.body.code, 'rate_limited');
    assert.ok(limited.headers['retry-after']);
    const other = await createUser();
    assert.equal((await attempt(other.email, TEST_PASSWORD)).status, 303);
  });
});
