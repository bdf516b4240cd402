import assert from 'node:assert/strict';
import request from 'supertest';
import { ensureFirstAdmin, listUsers } from '../../../src/components/auth';
import { createLogger } from '../../../src/lib/logger';
import { buildTestApp, testConfig } from '../../helpers/app';
import { createUser } from '../../helpers/auth';
import { clearDatabase } from '../../helpers/hooks';

const logger = createLogger('silent');

describe('auth: ensureFirstAdmin', () => {
  beforeEach(clearDatabase);

  it('when an admin is configured and missing, then it is created with that password; an existing one keeps its password', async () => {
    const config = testConfig({
      admin: { email: 'Chair@Example.org', password: 'configured password 1' },
    });
    const printed: string[] = [];
    await ensureFirstAdmin(config, logger, (line) => printed.push(line));
    assert.equal(printed.length, 0, 'nothing printed for a configured password');
    const { app } = await buildTestApp({ config });
    await request(app)
      .post('/api/auth/tokens')
      .send({ email: 'chair@example.org', password: 'configured password 1' })
      .expect(201);

    const changed = testConfig({
      admin: { email: 'chair@example.org', password: 'another password 22' },
    });
    await ensureFirstAdmin(changed, logger, (line) => printed.push(line));
    await request(app)
      .post('/api/auth/tokens')
      .send({ email: 'chair@example.org', password: 'another password 22' })
      .expect(401);
    const { items } = await listUsers({ page: 1, limit: 10, sort: 'name', role: 'admin' });
    assert.equal(items.length, 1);
  });

  it('when nothing is configured and no admin exists, then admin@example.org gets a random password printed once on one line', async () => {
    const printed: string[] = [];
    await ensureFirstAdmin(testConfig(), logger, (line) => printed.push(line));
    assert.equal(printed.length, 1);
    const line = printed[0] ?? '';
    assert.doesNotMatch(line, /\n/);
    const password = /password (\S+)/.exec(line)?.[1];
    assert.ok(password && password.length >= 20, line);
    const { app } = await buildTestApp();
    await request(app)
      .post('/api/auth/tokens')
      .send({ email: 'admin@example.org', password })
      .expect(201);

    await ensureFirstAdmin(testConfig(), logger, (l) => printed.push(l));
    assert.equal(printed.length, 1, 'not created or printed again');
  });

  it('when nothing is configured but an admin exists, then nobody is created', async () => {
    await createUser({ role: 'admin', password: undefined });
    const printed: string[] = [];
    await ensureFirstAdmin(testConfig(), logger, (line) => printed.push(line));
    assert.equal(printed.length, 0);
    assert.equal((await listUsers({ page: 1, limit: 10, sort: 'name' })).total, 1);
  });
});
