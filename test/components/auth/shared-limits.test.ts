import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { RateLimitModel } from '../../../src/components/auth/rate-limit.model';
import { buildTestApp } from '../../helpers/app';
import { CookieJar, createUser, csrfTokenFrom, TEST_PASSWORD } from '../../helpers/auth';
import { clearDatabase } from '../../helpers/hooks';

/** Posts the sign-in form of `app` as a browser does (its own form, cookies and CSRF token). */
async function signInThrough(app: Express, email: string, password: string) {
  const form = await request(app).get('/sign-in').expect(200);
  return request(app)
    .post('/sign-in')
    .set('Cookie', new CookieJar().store(form).header())
    .type('form')
    .send({ email, password, _csrf: csrfTokenFrom(form.text) });
}

async function askForResetThrough(app: Express, email: string) {
  const form = await request(app).get('/forgot-password').expect(200);
  return request(app)
    .post('/forgot-password')
    .set('Cookie', new CookieJar().store(form).header())
    .type('form')
    .send({ email, _csrf: csrfTokenFrom(form.text) });
}

/**
 * Two app instances on one database, as two processes behind a load balancer: the
 * limits are counted in MongoDB, so together they allow what one would.
 */
describe('auth: rate limits shared by app instances', function () {
  this.timeout(120_000);
  beforeEach(clearDatabase);

  it('when wrong passwords alternate between two app instances, then the 11th attempt is refused by either', async () => {
    const [one, two] = [(await buildTestApp()).app, (await buildTestApp()).app];
    const user = await createUser();
    for (let i = 0; i < 10; i += 1) {
      const res = await signInThrough(i % 2 === 0 ? one : two, user.email, 'wrong password');
      assert.equal(res.status, 401, `attempt ${i + 1}`);
    }
    for (const app of [one, two]) {
      const limited = await signInThrough(app, user.email, TEST_PASSWORD);
      assert.equal(limited.status, 429);
      assert.equal(limited.body.code, 'rate_limited');
      assert.ok(Number(limited.headers['retry-after']) > 0);
    }
    const counter = await RateLimitModel.findOne({ key: /^sign-in:/ }).lean();
    assert.ok(counter && counter.points >= 10 && counter.expire, JSON.stringify(counter));
  });

  it('when successful sign-ins happen on both instances, then they do not count against the limit', async () => {
    const [one, two] = [(await buildTestApp()).app, (await buildTestApp()).app];
    const user = await createUser();
    for (let i = 0; i < 12; i += 1) {
      const res = await signInThrough(i % 2 === 0 ? one : two, user.email, TEST_PASSWORD);
      assert.equal(res.status, 303, `sign-in ${i + 1}`);
    }
  });

  it('when token requests with a wrong password go to both instances at once, then at most 10 are checked over both', async () => {
    const [one, two] = [(await buildTestApp()).app, (await buildTestApp()).app];
    const user = await createUser();
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        request(i % 2 === 0 ? one : two)
          .post('/api/auth/tokens')
          .send({ email: user.email, password: 'wrong password' }),
      ),
    );
    const statuses = answers.map((res) => res.status);
    // 429 is either the limit or the hashing queue; never more than 10 wrong guesses are checked.
    assert.ok(statuses.filter((s) => s === 401).length <= 10, statuses.join(' '));
    assert.ok(
      statuses.every((s) => s === 401 || s === 429),
      statuses.join(' '),
    );
    // Then one at a time until refused: over burst and sequel, at most 10 wrong guesses
    // were checked (a burst may use up capacity with requests the hashing queue refused).
    let checked = statuses.filter((s) => s === 401).length;
    let refused = false;
    for (let i = 0; i < 20 && !refused; i += 1) {
      const res = await request(i % 2 === 0 ? one : two)
        .post('/api/auth/tokens')
        .send({ email: user.email, password: 'wrong password' });
      refused = res.status === 429 && res.body.code === 'rate_limited';
      if (!refused) {
        assert.equal(res.status, 401);
        checked += 1;
      }
    }
    assert.ok(refused, 'the limit is reached');
    assert.ok(checked <= 10, `${checked} wrong passwords checked`);
  });

  it('when reset links are asked for on two instances, then the 6th request is refused by either', async () => {
    const [one, two] = [(await buildTestApp()).app, (await buildTestApp()).app];
    for (let i = 0; i < 5; i += 1) {
      const res = await askForResetThrough(i % 2 === 0 ? one : two, 'someone@example.org');
      assert.equal(res.status, 200, `request ${i + 1}`);
    }
    for (const app of [one, two]) {
      const limited = await askForResetThrough(app, 'someone@example.org');
      assert.equal(limited.status, 429);
      assert.equal(limited.body.code, 'rate_limited');
    }
  });
});
