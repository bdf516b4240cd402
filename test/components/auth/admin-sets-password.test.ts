import assert from 'node:assert/strict';
import request from 'supertest';
import { useTestApp } from '../../helpers/app';
import { signInAs, signInWithSession } from '../../helpers/auth';
import { clearDatabase } from '../../helpers/hooks';

describe('auth: an admin sets a user’s password', function () {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  this.timeout(30_000);
  beforeEach(clearDatabase);

  it('when an admin sets a new password for someone, then their API tokens and browser sessions stop working and the new password signs in', async () => {
    const { app } = testApp.built;
    const admin = await signInAs(app, 'admin');
    const target = await signInWithSession(app, 'comms');
    const token = await request(app)
      .post('/api/auth/tokens')
      .send({ email: target.user.email, password: target.user.password })
      .expect(201);
    const bearer = { Authorization: `Bearer ${token.body.token}` };
    await request(app).get('/api/auth/me').set(bearer).expect(200);

    await request(app)
      .patch(`/api/users/${target.user.id}`)
      .set(admin.authHeader)
      .send({ password: 'set by the admin 123' })
      .expect(200);

    await request(app).get('/api/auth/me').set(bearer).expect(401);
    await request(app).get('/api/auth/me').set('Cookie', target.jar.header()).expect(401);
    await request(app)
      .post('/api/auth/tokens')
      .send({ email: target.user.email, password: 'set by the admin 123' })
      .expect(201);
    // The admin's own credential is untouched.
    await request(app).get('/api/auth/me').set(admin.authHeader).expect(200);
  });

  it('when an admin changes only someone’s name, then their API tokens keep working', async () => {
    const { app } = testApp.built;
    const admin = await signInAs(app, 'admin');
    const target = await signInAs(app, 'comms');
    await request(app)
      .patch(`/api/users/${target.user.id}`)
      .set(admin.authHeader)
      .send({ name: 'Renamed Person' })
      .expect(200);
    const me = await request(app).get('/api/auth/me').set(target.authHeader).expect(200);
    assert.equal(me.body.name, 'Renamed Person');
  });
});
