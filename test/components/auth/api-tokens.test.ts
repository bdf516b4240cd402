import assert from 'node:assert/strict';
import request from 'supertest';
import { useTestApp } from '../../helpers/app';
import { createUser, signInAs, signInWithSession, TEST_PASSWORD } from '../../helpers/auth';
import { clearDatabase } from '../../helpers/hooks';

describe('auth: API tokens', () => {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  beforeEach(clearDatabase);

  it('when a token is created with e-mail and password, then it is shown once and works as a bearer token', async () => {
    const { app } = testApp.built;
    const user = await createUser({ role: 'facilitator' });
    const created = await request(app)
      .post('/api/auth/tokens')
      .send({ email: user.email, password: TEST_PASSWORD, name: 'sync script' })
      .expect(201);
    assert.match(created.body.token, /^fk_[\w-]{43}$/);
    assert.equal(created.body.name, 'sync script');
    assert.ok(Date.parse(created.body.expiresAt) > Date.now());
    const me = await request(app)
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${created.body.token}`)
      .expect(200);
    assert.deepEqual(
      { email: me.body.email, role: me.body.role, via: me.body.via },
      { email: user.email, role: 'facilitator', via: 'token' },
    );
    const list = await request(app)
      .get('/api/auth/tokens')
      .set('Authorization', `Bearer ${created.body.token}`)
      .expect(200);
    assert.equal(list.body.total, 1);
    assert.equal(list.body.items[0].id, created.body.id);
    assert.equal(list.body.items[0].token, undefined, 'the token value is never listed');
    assert.ok(!JSON.stringify(list.body).includes(created.body.token));
  });

  it('when the password is wrong or the e-mail unknown, then both get the same 401 invalid_credentials', async () => {
    const { app } = testApp.built;
    const user = await createUser();
    const wrong = await request(app)
      .post('/api/auth/tokens')
      .send({ email: user.email, password: 'wrong password' })
      .expect(401);
    const unknown = await request(app)
      .post('/api/auth/tokens')
      .send({ email: 'nobody@example.org', password: TEST_PASSWORD })
      .expect(401);
    assert.equal(wrong.body.code, 'invalid_credentials');
    assert.deepEqual(wrong.body, unknown.body);
  });

  it('when a token request has an unknown field, then it is 400 naming the field', async () => {
    const { app } = testApp.built;
    const res = await request(app)
      .post('/api/auth/tokens')
      .send({ email: 'a@example.org', password: 'x', admin: true })
      .expect(400);
    assert.equal(res.body.code, 'validation_failed');
    assert.ok(
      res.body.errors.some((e: { path: string }) => e.path === 'admin'),
      JSON.stringify(res.body),
    );
    assert.match(JSON.stringify(res.body.errors), /admin/);
  });

  it('when token creation fails too often, then the API answers 429 rate_limited problem+json', async function () {
    this.timeout(60_000);
    const { app } = testApp.built;
    const user = await createUser();
    for (let i = 0; i < 10; i += 1) {
      await request(app)
        .post('/api/auth/tokens')
        .send({ email: user.email, password: 'nope nope' })
        .expect(401);
    }
    const res = await request(app)
      .post('/api/auth/tokens')
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(429);
    assert.match(res.headers['content-type'] ?? '', /application\/problem\+json/);
    assert.equal(res.body.code, 'rate_limited');
  });

  it('when one address sprays a wrong password over many accounts, then after 50 failures it gets 429 for every account', async function () {
    this.timeout(60_000);
    const { app } = testApp.built;
    const user = await createUser();
    for (let i = 0; i < 50; i += 1) {
      await request(app)
        .post('/api/auth/tokens')
        .send({ email: `guess-${i}@example.org`, password: 'Summer2025!' })
        .expect(401);
    }
    const res = await request(app)
      .post('/api/auth/tokens')
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(429);
    assert.equal(res.body.code, 'rate_limited');
  });

  it('when a token is revoked by its owner, then it stops working', async () => {
    const { app } = testApp.built;
    const { authHeader, token } = await signInAs(app, 'comms');
    const list = await request(app).get('/api/auth/tokens').set(authHeader).expect(200);
    const id = list.body.items[0].id as string;
    await request(app).delete(`/api/auth/tokens/${id}`).set(authHeader).expect(204);
    const after = await request(app)
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${token}`)
      .expect(401);
    assert.equal(after.body.code, 'invalid_token');
  });

  it("when someone else's token is revoked, then a non-admin gets 404 and an admin succeeds", async () => {
    const { app } = testApp.built;
    const owner = await signInAs(app, 'comms');
    const stranger = await signInAs(app, 'comms');
    const admin = await signInAs(app, 'admin');
    const id = (await request(app).get('/api/auth/tokens').set(owner.authHeader)).body.items[0]
      .id as string;
    await request(app).delete(`/api/auth/tokens/${id}`).set(stranger.authHeader).expect(404);
    await request(app).get('/api/auth/me').set(owner.authHeader).expect(200);
    await request(app).delete(`/api/auth/tokens/${id}`).set(admin.authHeader).expect(204);
    await request(app).get('/api/auth/me').set(owner.authHeader).expect(401);
  });

  it('when a token id is malformed, then revoking it is 404', async () => {
    const { app } = testApp.built;
    const { authHeader } = await signInAs(app, 'admin');
    const res = await request(app).delete('/api/auth/tokens/not-an-id').set(authHeader).expect(404);
    assert.equal(res.body.code, 'not_found');
  });

  it('when a bearer token is made up, then the answer is 401 invalid_token', async () => {
    const { app } = testApp.built;
    const res = await request(app)
      .get('/api/auth/me')
      .set('Authorization', 'Bearer fk_made-up')
      .expect(401);
    assert.equal(res.body.code, 'invalid_token');
    await request(app).get('/api/auth/me').set('Authorization', 'Basic abc').expect(401);
  });

  it('when a cookie-authenticated API write is not JSON and has no CSRF header, then it is refused; JSON passes', async () => {
    const { app } = testApp.built;
    const { jar, csrfToken } = await signInWithSession(app, 'comms');
    const id = '0123456789abcdef01234567';
    const form = await request(app)
      .delete(`/api/auth/tokens/${id}`)
      .set('Cookie', jar.header())
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .expect(403);
    assert.equal(form.body.code, 'csrf_invalid');
    // Past the CSRF check, the (unknown) token is simply not found.
    await request(app)
      .delete(`/api/auth/tokens/${id}`)
      .set('Cookie', jar.header())
      .set('Content-Type', 'application/json')
      .expect(404);
    await request(app)
      .delete(`/api/auth/tokens/${id}`)
      .set('Cookie', jar.header())
      .set('X-CSRF-Token', csrfToken)
      .expect(404);
  });

  it('when a signed-in page script asks for a CSRF token, then it gets the one bound to its session', async () => {
    const { app } = testApp.built;
    const { jar, csrfToken } = await signInWithSession(app, 'facilitator');
    const res = await request(app).get('/api/auth/csrf').set('Cookie', jar.header()).expect(200);
    assert.equal(res.body.csrfToken, csrfToken);
  });
});
