import assert from 'node:assert/strict';
import request from 'supertest';
import { createApiToken } from '../../../src/components/auth';
import { buildTestApp, useTestApp } from '../../helpers/app';
import { createUser, signInWithSession } from '../../helpers/auth';
import { clearDatabase } from '../../helpers/hooks';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** The same app code and database, with the clock moved by `offsetMs`. */
const appAt = async (offsetMs: number) =>
  (await buildTestApp({ clock: () => new Date(Date.now() + offsetMs) })).app;

describe('auth: session and token lifetime', () => {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  beforeEach(clearDatabase);

  it('when a session is used after an hour, then it slides forward and the cookie is renewed', async () => {
    const { app } = testApp.built;
    const { jar } = await signInWithSession(app, 'comms');
    const fresh = await request(app).get('/api/auth/me').set('Cookie', jar.header()).expect(200);
    assert.equal(fresh.headers['set-cookie'], undefined, 'no renewal right after sign-in');
    const later = await request(await appAt(2 * HOUR))
      .get('/api/auth/me')
      .set('Cookie', jar.header())
      .expect(200);
    const renewed = (later.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('fk_session='),
    );
    assert.ok(renewed);
    const expires = Date.parse(/Expires=([^;]+)/i.exec(renewed)?.[1] ?? '');
    assert.ok(expires > Date.now() + 7 * DAY, 'seven days from the moved clock');
    // Renewed: still valid past the first seven days (it would have ended at 7 days otherwise).
    await request(await appAt(7 * DAY + HOUR))
      .get('/api/auth/me')
      .set('Cookie', jar.header())
      .expect(200);
  });

  it('when a session is not used for more than seven days, then it no longer signs in and the cookie is cleared', async () => {
    const { app } = testApp.built;
    const { jar } = await signInWithSession(app, 'comms');
    const res = await request(await appAt(7 * DAY + HOUR))
      .get('/api/auth/me')
      .set('Cookie', jar.header())
      .expect(401);
    assert.ok(
      (res.headers['set-cookie'] as unknown as string[]).some((c) => /^fk_session=;/.test(c)),
    );
  });

  it('when an API token has expired, then it is refused with invalid_token', async () => {
    const user = await createUser({ password: undefined });
    const { token } = await createApiToken(user.id, { expiresInDays: 1 });
    await request(await appAt(0))
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const res = await request(await appAt(DAY + HOUR))
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${token}`)
      .expect(401);
    assert.equal(res.body.code, 'invalid_token');
  });
});
