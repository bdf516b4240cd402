import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { buildTestApp, closeTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import {
  buildApiToken,
  buildCapabilityLink,
  buildSession,
  buildUser,
} from '../../helpers/factories/auth';
import { clearDatabase } from '../../helpers/hooks';

const MISSING_ID = '0123456789abcdef01234567';
/** The distinct field paths a 400 names. */
const paths = (res: request.Response) => [
  ...new Set((res.body.errors as { path: string }[] | undefined)?.map((e) => e.path) ?? []),
];

/**
 * The auth resources (users, API tokens, capability links) against the "bad input and
 * safety" list: wrong types name the field, operators never reach MongoDB, and the
 * status codes say what went wrong.
 */
describe('auth: bad input and safety', () => {
  let app: Express;
  let admin: Record<string, string>;

  before(async () => {
    app = (await buildTestApp()).app;
  });
  after(async () => {
    await closeTestApp(app);
  });
  beforeEach(async () => {
    await clearDatabase();
    admin = (await signInAs(app, 'admin')).authHeader;
  });

  describe('users', () => {
    it('when fields have the wrong type, then 400 names each field path', async () => {
      const res = await request(app)
        .post('/api/users')
        .set(admin)
        .send({ email: 'x@example.org', name: 42, role: 'comms', password: ['a'] })
        .expect(400);
      assert.deepEqual(paths(res).sort(), ['name', 'password']);
    });

    it('when a list filter or a body carries MongoDB operators, then 400 and no user is touched', async () => {
      const user = await buildUser({ role: 'facilitator' });
      for (const query of ['role[$ne]=admin', 'role=%7B%22%24ne%22%3A1%7D', 'sort[$where]=1']) {
        const res = await request(app).get(`/api/users?${query}`).set(admin).expect(400);
        assert.equal(res.body.code, 'validation_failed', query);
      }
      const patch = await request(app)
        .patch(`/api/users/${user.id}`)
        .set(admin)
        .send({ role: { $ne: 'facilitator' }, email: { $gt: '' } })
        .expect(400);
      assert.deepEqual(paths(patch).sort(), ['email', 'role']);
      const after = await request(app).get(`/api/users/${user.id}`).set(admin).expect(200);
      assert.equal(after.body.role, 'facilitator');
      assert.equal(after.body.email, user.email);
    });
  });

  describe('API tokens', () => {
    it('when the token request has wrong types, then 400 names each field', async () => {
      const res = await request(app)
        .post('/api/auth/tokens')
        .send({ email: 'a@example.org', password: 'x', expiresInDays: 'ten', name: 7 })
        .expect(400);
      assert.deepEqual(paths(res).sort(), ['expiresInDays', 'name']);
    });

    it('when e-mail and password are operator objects (login injection), then 400, never a token', async () => {
      await buildUser({ role: 'admin', password: 'correct horse battery staple' });
      const res = await request(app)
        .post('/api/auth/tokens')
        .send({ email: { $ne: null }, password: { $ne: null } })
        .expect(400);
      assert.deepEqual(paths(res).sort(), ['email', 'password']);
      assert.equal(res.body.token, undefined);
      const form = await request(app)
        .post('/api/auth/tokens')
        .type('form')
        .send('email[$ne]=x&password[$ne]=x');
      assert.ok(form.status === 400 || form.status === 401, `${form.status}`);
      assert.equal(form.body.token, undefined);
    });

    it('when the list query has an unknown or operator parameter, then 400', async () => {
      const { authHeader } = await buildApiToken();
      for (const query of ['owner=x', 'page[$gt]=0', 'limit=many']) {
        const res = await request(app).get(`/api/auth/tokens?${query}`).set(authHeader);
        assert.equal(res.status, 400, query);
        assert.equal(res.body.code, 'validation_failed');
      }
    });

    it('when a bearer value is not a token (a session cookie value, an object literal, empty), then 401 invalid_token', async () => {
      const { token: sessionToken } = await buildSession();
      for (const value of [sessionToken, '{"$ne":null}', '', 'fk_' + 'x'.repeat(43)]) {
        const res = await request(app)
          .get('/api/auth/me')
          .set('Authorization', `Bearer ${value}`)
          .expect(401);
        assert.equal(res.body.code, 'invalid_token', value);
      }
    });

    it('when another user revokes a token, then 404 (its existence is not revealed) and it keeps working', async () => {
      const owner = await buildApiToken();
      const { authHeader: other } = await buildApiToken();
      await request(app).delete(`/api/auth/tokens/${owner.id}`).set(other).expect(404);
      await request(app).delete(`/api/auth/tokens/${MISSING_ID}`).set(other).expect(404);
      await request(app).get('/api/auth/me').set(owner.authHeader).expect(200);
    });

    it('when tokens are listed without credentials, then 401; every role lists only its own', async () => {
      await request(app).get('/api/auth/tokens').expect(401);
      const mine = await buildApiToken({ name: 'mine' });
      await buildApiToken({ name: 'theirs' });
      const list = await request(app).get('/api/auth/tokens').set(mine.authHeader).expect(200);
      assert.deepEqual(
        list.body.items.map((t: { name: string }) => t.name),
        ['mine'],
      );
    });
  });

  describe('capability links', () => {
    it('when list parameters have the wrong type or are unknown, then 400 names them', async () => {
      const limit = await request(app)
        .get('/api/capability-links?limit=abc')
        .set(admin)
        .expect(400);
      assert.deepEqual(paths(limit), ['limit']);
      const unknown = await request(app)
        .get('/api/capability-links?tokenHash=abc')
        .set(admin)
        .expect(400);
      assert.match(JSON.stringify(unknown.body.errors), /tokenHash/);
    });

    it('when a list filter carries MongoDB operators, then 400 and no links leak', async () => {
      await buildCapabilityLink({ scope: 'world-cafe:table' });
      for (const query of ['scope[$ne]=x', 'resourceId[$regex]=.*', 'status[$in]=all']) {
        const res = await request(app).get(`/api/capability-links?${query}`).set(admin);
        assert.equal(res.status, 400, query);
        assert.equal(res.body.items, undefined);
      }
      // An operator-looking value is a literal string: it matches nothing.
      const literal = await request(app)
        .get(`/api/capability-links?scope=${encodeURIComponent('{"$ne":null}')}`)
        .set(admin)
        .expect(200);
      assert.equal(literal.body.total, 0);
    });

    it('when a facilitator or comms user lists or revokes links, then 403; anonymous 401', async () => {
      const link = await buildCapabilityLink();
      await request(app).delete(`/api/capability-links/${link.id}`).expect(401);
      for (const role of ['comms', 'facilitator'] as const) {
        const { authHeader } = await signInAs(app, role);
        await request(app).get('/api/capability-links').set(authHeader).expect(403);
        await request(app).delete(`/api/capability-links/${link.id}`).set(authHeader).expect(403);
      }
      const still = await request(app).get('/api/capability-links').set(admin).expect(200);
      assert.equal(still.body.total, 1);
    });

    it('when a link is revoked twice, then both answer 204 (no duplicate error) and it stays revoked', async () => {
      const link = await buildCapabilityLink();
      await request(app).delete(`/api/capability-links/${link.id}`).set(admin).expect(204);
      await request(app).delete(`/api/capability-links/${link.id}`).set(admin).expect(204);
      const revoked = await request(app)
        .get('/api/capability-links?status=revoked')
        .set(admin)
        .expect(200);
      assert.deepEqual(
        revoked.body.items.map((l: { id: string }) => l.id),
        [link.id],
      );
    });
  });
});
