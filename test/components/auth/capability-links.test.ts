import assert from 'node:assert/strict';
import express from 'express';
import cookieParser from 'cookie-parser';
import request from 'supertest';
import {
  createAuthComponent,
  issueCapabilityLink,
  listCapabilityLinks,
  requireCapability,
} from '../../../src/components/auth';
import { errorHandler } from '../../../src/lib/http/error-handler';
import { useTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { clearDatabase } from '../../helpers/hooks';

const SCOPE = 'world-cafe:table';

/** The real app plus a route guarded the way the World Café facilitator page will be. */
/** One app for the file (assigned in the describe block below). */
let testApp: ReturnType<typeof useTestApp>;

async function appWithGuardedRoute() {
  const built = testApp.built;
  const guarded = express();
  guarded.use(express.json());
  guarded.use(cookieParser());
  guarded.use(createAuthComponent(built.context).routers.authenticate);
  guarded.get('/tables/:tableId', requireCapability(SCOPE, 'tableId'), (req, res) => {
    res.json({ capability: req.capability ?? null, user: req.user?.email ?? null });
  });
  guarded.use(errorHandler(built.context.logger));
  return { ...built, guarded };
}

describe('auth: capability links', () => {
  testApp = useTestApp(undefined, { clearBeforeEach: false });
  beforeEach(clearDatabase);

  it('when a link is issued, then its url carries a ≥128-bit base64url key and the key is not stored', async () => {
    const link = await issueCapabilityLink({
      scope: SCOPE,
      resourceId: 'table-1',
      baseUrl: 'https://forumkit.test',
    });
    assert.match(link.url, /^https:\/\/forumkit\.test\/world-cafe\/table\/table-1\?key=[\w-]+$/);
    assert.match(link.token, /^[A-Za-z0-9_-]{43}$/, '256 bits');
    assert.equal(new URL(link.url).searchParams.get('key'), link.token);
    const { items } = await listCapabilityLinks({ scope: SCOPE });
    assert.equal(items.length, 1);
    assert.ok(!JSON.stringify(items).includes(link.token));
    const withPath = await issueCapabilityLink({
      scope: SCOPE,
      resourceId: 't',
      path: '/facilitate/t',
    });
    assert.match(withPath.url, /^\/facilitate\/t\?key=/);
  });

  it('when a valid key comes as ?key= or X-Capability-Key, then the request passes with req.capability set', async () => {
    const { guarded } = await appWithGuardedRoute();
    const link = await issueCapabilityLink({
      scope: SCOPE,
      resourceId: 'table-1',
      label: 'Table 1 facilitator',
    });
    const byQuery = await request(guarded).get(`/tables/table-1?key=${link.token}`).expect(200);
    assert.deepEqual(
      {
        id: byQuery.body.capability.id,
        scope: byQuery.body.capability.scope,
        resourceId: byQuery.body.capability.resourceId,
      },
      { id: link.id, scope: SCOPE, resourceId: 'table-1' },
    );
    assert.equal(byQuery.body.user, null);
    await request(guarded).get('/tables/table-1').set('X-Capability-Key', link.token).expect(200);
  });

  it('when the key is for another table or another scope, then 403 capability_invalid', async () => {
    const { guarded } = await appWithGuardedRoute();
    const otherTable = await issueCapabilityLink({ scope: SCOPE, resourceId: 'table-2' });
    const otherScope = await issueCapabilityLink({ scope: 'kits:kit', resourceId: 'table-1' });
    for (const key of [otherTable.token, otherScope.token]) {
      const res = await request(guarded).get(`/tables/table-1?key=${key}`).expect(403);
      assert.equal(res.body.code, 'capability_invalid');
    }
  });

  it('when the key is unknown, then 403 capability_invalid; when missing, 401 capability_required', async () => {
    const { guarded } = await appWithGuardedRoute();
    const unknown = await request(guarded).get('/tables/table-1?key=made-up-key').expect(403);
    assert.equal(unknown.body.code, 'capability_invalid');
    const missing = await request(guarded).get('/tables/table-1').expect(401);
    assert.equal(missing.body.code, 'capability_required');
  });

  it('when the link has expired, then 403 capability_expired', async () => {
    const { guarded } = await appWithGuardedRoute();
    const link = await issueCapabilityLink({
      scope: SCOPE,
      resourceId: 'table-1',
      expiresAt: new Date(Date.now() - 1000),
    });
    const res = await request(guarded).get(`/tables/table-1?key=${link.token}`).expect(403);
    assert.equal(res.body.code, 'capability_expired');
  });

  it('when an admin revokes a link through the API, then it answers 403 capability_revoked and is listed as revoked', async () => {
    const { app, guarded } = await appWithGuardedRoute();
    const { authHeader } = await signInAs(app, 'admin');
    const link = await issueCapabilityLink({
      scope: SCOPE,
      resourceId: 'table-1',
      label: 'Table 1',
    });
    const active = await request(app).get('/api/capability-links').set(authHeader).expect(200);
    assert.deepEqual(
      active.body.items.map((l: { id: string; status: string; label: string }) => [
        l.id,
        l.status,
        l.label,
      ]),
      [[link.id, 'active', 'Table 1']],
    );
    await request(app).delete(`/api/capability-links/${link.id}`).set(authHeader).expect(204);
    const res = await request(guarded).get(`/tables/table-1?key=${link.token}`).expect(403);
    assert.equal(res.body.code, 'capability_revoked');
    const revoked = await request(app)
      .get('/api/capability-links?status=revoked')
      .set(authHeader)
      .expect(200);
    assert.equal(revoked.body.items[0].status, 'revoked');
    assert.equal((await request(app).get('/api/capability-links').set(authHeader)).body.total, 0);
  });

  it('when the capability API is used by non-admins or with bad ids or fields, then 401/403/404/400', async () => {
    const { app } = await appWithGuardedRoute();
    await request(app).get('/api/capability-links').expect(401);
    const { authHeader: comms } = await signInAs(app, 'comms');
    await request(app).get('/api/capability-links').set(comms).expect(403);
    const { authHeader } = await signInAs(app, 'admin');
    await request(app).delete('/api/capability-links/nope').set(authHeader).expect(404);
    await request(app)
      .delete('/api/capability-links/0123456789abcdef01234567')
      .set(authHeader)
      .expect(404);
    const bad = await request(app)
      .get('/api/capability-links?status=old')
      .set(authHeader)
      .expect(400);
    assert.equal(bad.body.errors[0].path, 'status');
  });

  it('when an admin opens a guarded route without a key, then it passes; other organisers only if allowed', async () => {
    const built = testApp.built;
    const guarded = express();
    guarded.use(createAuthComponent(built.context).routers.authenticate);
    guarded.get(
      '/strict/:id',
      requireCapability(SCOPE, 'id'),
      (_req, res) => void res.json({ ok: true }),
    );
    guarded.get(
      '/open/:id',
      requireCapability(SCOPE, 'id', { allowRoles: ['facilitator'] }),
      (_req, res) => void res.json({ ok: true }),
    );
    guarded.use(errorHandler(built.context.logger));
    const admin = await signInAs(built.app, 'admin');
    const facilitator = await signInAs(built.app, 'facilitator');
    await request(guarded).get('/strict/t1').set(admin.authHeader).expect(200);
    await request(guarded).get('/strict/t1').set(facilitator.authHeader).expect(401);
    await request(guarded).get('/open/t1').set(facilitator.authHeader).expect(200);
  });
});
