import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import request from 'supertest';
import { issueCapabilityLink } from '../../../src/components/auth';
import { TABLE_SCOPE } from '../../../src/components/world-cafe';
import { useTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildWorldCafeSession, buildWorldCafeTable } from '../../helpers/factories/world-cafe';
import { clearDatabase } from '../../helpers/hooks';
import { binaryBody, decodeQrPng } from '../../helpers/pdf';
import { revokeCapabilityLink, listCapabilityLinks } from '../../../src/components/auth';
import { WALL_SCOPE } from '../../../src/components/world-cafe';

describe('world café: links to a link-protected wall', function () {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  this.timeout(30_000);
  beforeEach(clearDatabase);

  it('when an organiser issues a wall link, then it opens that wall and its stream only, and nobody gets in without it', async () => {
    const { app } = testApp.built;
    const admin = await signInAs(app, 'admin');
    const session = await buildWorldCafeSession({ wallAccess: 'link' });
    const other = await buildWorldCafeSession({ wallAccess: 'link' });
    const table = await buildWorldCafeTable({ sessionId: session.id });

    const closed = await request(app).get(`/world-cafe/sessions/${session.id}/wall`);
    assert.equal(closed.status, 401);
    await request(app).get(`/api/world-cafe/sessions/${session.id}/stream`).expect(401);

    const issued = await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/wall-links`)
      .set(admin.authHeader)
      .send({ expiresInDays: 2 })
      .expect(201);
    const url = new URL(issued.body.url as string);
    assert.equal(url.origin, 'https://forumkit.test');
    assert.equal(url.pathname, `/world-cafe/sessions/${session.id}/wall`);
    assert.equal(url.searchParams.get('key'), issued.body.key);
    assert.ok(new Date(issued.body.expiresAt as string).getTime() > Date.now());

    const wall = await request(app).get(`${url.pathname}${url.search}`).expect(200);
    assert.ok(
      // Handlebars writes '=' in attributes as &#x3D;.
      wall.text
        .replace(/&#x3D;/g, '=')
        .includes(`/api/world-cafe/sessions/${session.id}/stream?key=${issued.body.key}`),
      'the wall passes its key to its stream',
    );

    // The stream answers with the key (read as a real HTTP client, then dropped).
    const server: Server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const controller = new AbortController();
      const stream = await fetch(
        `http://127.0.0.1:${port}/api/world-cafe/sessions/${session.id}/stream?key=${issued.body.key}`,
        { signal: controller.signal },
      );
      assert.equal(stream.status, 200);
      assert.match(stream.headers.get('content-type') ?? '', /^text\/event-stream/);
      controller.abort();
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }

    const wrongWall = await request(app)
      .get(`/world-cafe/sessions/${other.id}/wall?key=${issued.body.key}`)
      .expect(403);
    assert.match(wrongWall.text, /capability_invalid|not valid/);
    const { token: tableKey } = await issueCapabilityLink({
      scope: TABLE_SCOPE,
      resourceId: table.id,
    });
    await request(app)
      .get(`/api/world-cafe/sessions/${session.id}/stream`)
      .set('Authorization', `Bearer ${tableKey}`)
      .expect(403);
  });

  it('when someone without rights asks for a wall link, then 401 anonymous, 403 for a facilitator, 400 for bad input', async () => {
    const { app } = testApp.built;
    const session = await buildWorldCafeSession({ wallAccess: 'link' });
    await request(app).post(`/api/world-cafe/sessions/${session.id}/wall-links`).expect(401);
    const facilitator = await signInAs(app, 'facilitator');
    await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/wall-links`)
      .set(facilitator.authHeader)
      .expect(403);
    const admin = await signInAs(app, 'admin');
    const bad = await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/wall-links`)
      .set(admin.authHeader)
      .send({ expiresInDays: 1000 })
      .expect(400);
    assert.equal(bad.body.code, 'validation_failed');
  });

  it('when the wall is shown, then it carries a QR code that decodes to the voting page', async () => {
    const { app } = testApp.built;
    const session = await buildWorldCafeSession({ wallAccess: 'public' });
    const wall = await request(app).get(`/world-cafe/sessions/${session.id}/wall`).expect(200);
    const voteUrl = `https://forumkit.test/world-cafe/sessions/${session.id}/vote`;
    assert.ok(wall.text.includes(`src="/world-cafe/sessions/${session.id}/vote-qr.svg"`));
    assert.ok(wall.text.includes(voteUrl));
    const svg = await request(app)
      .get(`/world-cafe/sessions/${session.id}/vote-qr.svg`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    assert.match(String(svg.headers['content-type']), /^image\/svg\+xml/);
    const png = await sharp(svg.body as Buffer)
      .png()
      .toBuffer();
    assert.equal(decodeQrPng(png), voteUrl);
    await request(app).get('/world-cafe/sessions/000000000000000000000000/vote-qr.svg').expect(404);
  });

  it('when a wall link or a table link is revoked, then the wall and the rapporteur page say so clearly (403 page, no stack trace)', async () => {
    const { app } = testApp.built;
    const admin = await signInAs(app, 'admin');
    const session = await buildWorldCafeSession({ wallAccess: 'link' });
    const table = await buildWorldCafeTable({ sessionId: session.id });
    const issued = await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/wall-links`)
      .set(admin.authHeader)
      .send({})
      .expect(201);
    const tableLink = await issueCapabilityLink({ scope: TABLE_SCOPE, resourceId: table.id });
    for (const scope of [WALL_SCOPE, TABLE_SCOPE]) {
      for (const link of (await listCapabilityLinks({ scope })).items)
        await revokeCapabilityLink(link.id);
    }
    for (const path of [
      `/world-cafe/sessions/${session.id}/wall?key=${issued.body.key}`,
      `/world-cafe/tables/${table.id}/summary?key=${tableLink.token}`,
    ]) {
      const page = await request(app).get(path).set('Accept', 'text/html').expect(403);
      assert.match(String(page.headers['content-type']), /text\/html/, path);
      assert.ok(page.text.includes('This link has been revoked'), path);
      assert.ok(!/at \S+ \(.*:\d+:\d+\)/.test(page.text), `${path}: no stack trace`);
    }
  });
});
