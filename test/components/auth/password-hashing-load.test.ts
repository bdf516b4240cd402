import assert from 'node:assert/strict';
import { writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { passwordHashingStats } from '../../../src/components/auth/password';
import { PRODUCTION_PASSWORD_HASH_COST } from '../../../src/config';
import { testConfig, useTestApp } from '../../helpers/app';
import { waitFor } from '../../helpers/wait';
import { createUser, TEST_PASSWORD } from '../../helpers/auth';

/** scrypt (64 MiB each) on libuv's pool: a burst of sign-ins must not take the whole pool. */
describe('auth: password hashing under load', function () {
  this.timeout(60_000);
  // The one place the app hashes at production cost: the queue must fill as it does in production.
  const fixture = useTestApp(() => ({
    config: testConfig({ passwordHash: { cost: PRODUCTION_PASSWORD_HASH_COST } }),
  }));

  it('when 20 failed sign-ins arrive at once, then at most 2 hash at a time, the excess gets 429 busy without hashing, and other thread-pool work goes on', async () => {
    const { app } = fixture;
    const before = passwordHashingStats();
    const order: string[] = [];
    const attempts = Array.from({ length: 20 }, (_, i) =>
      request(app)
        .post('/api/auth/tokens')
        .send({ email: `nobody-${i}@example.org`, password: 'wrong password' })
        .then((res) => {
          order.push(`sign-in ${res.status}`);
          return res;
        }),
    );
    // Unrelated work that needs a pool thread (a file write), started once the burst is in.
    await waitFor(() => passwordHashingStats().running === 2, 'the burst is hashing');
    const file = path.join(tmpdir(), `forumkit-pool-${process.pid}.txt`);
    await writeFile(file, 'x'.repeat(1024 * 1024));
    order.push('file written');
    await rm(file, { force: true });
    const answers = await Promise.all(attempts);

    const statuses = answers.map((res) => res.status);
    assert.ok(
      statuses.every((s) => s === 401 || s === 429),
      statuses.join(' '),
    );
    const refused = answers.filter((res) => res.status === 429);
    assert.ok(refused.length > 0, 'the excess is refused');
    for (const res of refused) {
      assert.equal(res.body.code, 'busy');
      assert.equal(res.headers['retry-after'], '1');
    }
    const after = passwordHashingStats();
    assert.ok(after.peak <= 2, `peak ${after.peak}`);
    // Every admitted attempt hashed once; refused ones never started a hash.
    assert.equal(after.started - before.started, statuses.filter((s) => s === 401).length);
    assert.equal(after.running, 0);
    assert.equal(after.waiting, 0);
    // The file write did not wait for the hashing to drain.
    assert.ok(
      order.indexOf('file written') < order.length - 1,
      `file write finished last: ${order.join(', ')}`,
    );
  });

  it('when the burst is over, then a sign-in with the right password works again', async () => {
    const { app } = fixture;
    const user = await createUser();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        request(app)
          .post('/api/auth/tokens')
          .send({ email: `nobody-${i}@example.org`, password: 'wrong' }),
      ),
    );
    await request(app)
      .post('/api/auth/tokens')
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(201);
  });
});
