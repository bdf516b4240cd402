import assert from 'node:assert/strict';
import request from 'supertest';
import { ensureFirstAdmin, listUsers } from '../../../src/components/auth';
import { UserModel } from '../../../src/components/auth/user.model';
import { createLogger } from '../../../src/lib/logger';
import { testConfig, useTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { clearDatabase } from '../../helpers/hooks';

const logger = createLogger('silent');
const adminCount = () => UserModel.countDocuments({ role: 'admin' });

/** Someone must always be able to manage accounts, even when admins act at the same moment. */
describe('auth: the last admin', function () {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  this.timeout(60_000);
  beforeEach(clearDatabase);

  for (let round = 1; round <= 3; round += 1) {
    it(`when two admins demote each other at the same moment (round ${round}), then exactly one succeeds and one admin is left`, async () => {
      const { app } = testApp.built;
      const a = await signInAs(app, 'admin');
      const b = await signInAs(app, 'admin');
      const [ab, ba] = await Promise.all([
        request(app).patch(`/api/users/${b.user.id}`).set(a.authHeader).send({ role: 'comms' }),
        request(app).patch(`/api/users/${a.user.id}`).set(b.authHeader).send({ role: 'comms' }),
      ]);
      const statuses = [ab.status, ba.status].sort();
      assert.deepEqual(statuses, [200, 409], `${ab.status} ${ba.status}`);
      const refused = ab.status === 409 ? ab : ba;
      assert.equal(refused.body.code, 'last_admin');
      assert.equal(await adminCount(), 1);
    });
  }

  it('when two admins delete each other at the same moment, then one account and one admin are left', async () => {
    const { app } = testApp.built;
    const a = await signInAs(app, 'admin');
    const b = await signInAs(app, 'admin');
    const answers = await Promise.all([
      request(app).delete(`/api/users/${b.user.id}`).set(a.authHeader),
      request(app).delete(`/api/users/${a.user.id}`).set(b.authHeader),
    ]);
    const statuses = answers.map((res) => res.status);
    // The loser either finds itself the last admin (409) or its own token already gone (401).
    assert.ok(statuses.includes(204), statuses.join(' '));
    assert.equal(await adminCount(), 1);
  });

  it('when three admins are demoted at once by a fourth, then all three go and the fourth stays', async () => {
    const { app } = testApp.built;
    const boss = await signInAs(app, 'admin');
    const others = await Promise.all([1, 2, 3].map(() => signInAs(app, 'admin')));
    const answers = await Promise.all(
      others.map((o) =>
        request(app).patch(`/api/users/${o.user.id}`).set(boss.authHeader).send({ role: 'comms' }),
      ),
    );
    assert.deepEqual(
      answers.map((res) => res.status),
      [200, 200, 200],
    );
    assert.equal(await adminCount(), 1);
  });

  it('when no admin is left and ADMIN_EMAIL names an existing account, then a restart makes it an admin with ADMIN_PASSWORD', async () => {
    const { app } = testApp.built;
    const former = await signInAs(app, 'comms', { email: 'chair@example.org' });
    assert.equal(await adminCount(), 0);
    const config = testConfig({
      admin: { email: 'Chair@Example.org', password: 'restored password 42' },
    });
    await ensureFirstAdmin(config, logger);
    const { items } = await listUsers({ page: 1, limit: 10, sort: 'name', role: 'admin' });
    assert.deepEqual(
      items.map((u) => u.id),
      [former.user.id],
    );
    const token = await request(app)
      .post('/api/auth/tokens')
      .send({ email: 'chair@example.org', password: 'restored password 42' })
      .expect(201);
    await request(app)
      .get('/api/users')
      .set('Authorization', `Bearer ${token.body.token}`)
      .expect(200);
  });

  it('when no admin is left and ADMIN_EMAIL is not registered, then a restart creates that admin', async () => {
    await ensureFirstAdmin(
      testConfig({ admin: { email: 'new-chair@example.org', password: 'restored password 42' } }),
      logger,
    );
    assert.equal(await adminCount(), 1);
  });

  it('when an admin exists, then ADMIN_EMAIL on an existing non-admin account changes nothing', async () => {
    const { app } = testApp.built;
    await signInAs(app, 'admin');
    const comms = await signInAs(app, 'comms', { email: 'chair@example.org' });
    await ensureFirstAdmin(
      testConfig({ admin: { email: 'chair@example.org', password: 'restored password 42' } }),
      logger,
    );
    const user = await UserModel.findById(comms.user.id).lean();
    assert.equal(user?.role, 'comms');
    assert.equal(user?.passwordHash, undefined);
  });
});
