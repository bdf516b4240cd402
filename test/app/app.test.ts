import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import request from 'supertest';
import { buildTestApp, useTestApp } from '../helpers/app';
import { signInAs } from '../helpers/auth';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('app shell', () => {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  it('when the database is up, then /health answers 200 with its status', async () => {
    const { app } = testApp.built;
    const res = await request(app).get('/health').expect(200);
    assert.deepEqual(res.body, { status: 'ok', database: 'up' });
  });

  it('when the database is unreachable, then /health answers 503 naming it', async () => {
    // A connection that never reached a server: nothing listens on port 1.
    const unreachable = mongoose.createConnection('mongodb://127.0.0.1:1/forumkit', {
      serverSelectionTimeoutMS: 200,
    });
    unreachable.on('error', () => undefined);
    await unreachable.asPromise().catch(() => undefined);
    try {
      const { app } = await buildTestApp({ connection: unreachable });
      const res = await request(app).get('/health').expect(503);
      assert.deepEqual(res.body, { status: 'degraded', database: 'down' });
    } finally {
      await unreachable.close();
    }
  });

  it('when a route does not exist, then the answer is a problem+json 404 with a code', async () => {
    const { app } = testApp.built;
    const res = await request(app).get('/api/nothing-here').expect(404);
    assert.match(res.headers['content-type'] ?? '', /application\/problem\+json/);
    assert.equal(res.body.code, 'route_not_found');
    assert.equal(res.body.status, 404);
  });

  it('when an API path exists but not for the method, then 405 method_not_allowed with Allow', async () => {
    const { app } = testApp.built;
    const { authHeader } = await signInAs(app, 'admin');
    const collection = await request(app).put('/api/events').set(authHeader).send({}).expect(405);
    assert.match(collection.headers['content-type'] ?? '', /application\/problem\+json/);
    assert.equal(collection.body.code, 'method_not_allowed');
    assert.equal(collection.headers.allow, 'GET, HEAD, POST');
    const item = await request(app)
      .post('/api/events/0123456789abcdef01234567')
      .set(authHeader)
      .send({})
      .expect(405);
    assert.equal(item.headers.allow, 'DELETE, GET, HEAD, PATCH');
    // Without credentials too: the method is wrong whoever asks.
    await request(app).put('/api/auth/tokens').send({}).expect(405);
  });

  it('when a browser asks for a page that fails, then it gets an HTML error page with the status; API clients get problem+json', async () => {
    const { app } = testApp.built;
    const page = await request(app).get('/no-such-page').set('Accept', BROWSER_ACCEPT).expect(404);
    assert.match(page.headers['content-type'] ?? '', /text\/html/);
    assert.match(page.text, /<h1>Page not found<\/h1>/);
    assert.match(page.text, /route_not_found/);
    assert.match(page.text, /href='\/'/);
    const forged = await request(app)
      .post('/sign-in')
      .set('Accept', BROWSER_ACCEPT)
      .type('form')
      .send({ email: 'a@example.org', password: 'x' })
      .expect(403);
    assert.match(forged.headers['content-type'] ?? '', /text\/html/);
    assert.match(forged.text, /csrf_invalid/);
    const api = await request(app).get('/api/nothing-here').set('Accept', BROWSER_ACCEPT);
    assert.equal(api.status, 404);
    assert.match(api.headers['content-type'] ?? '', /application\/problem\+json/);
    const script = await request(app).get('/no-such-page').set('Accept', '*/*').expect(404);
    assert.match(script.headers['content-type'] ?? '', /application\/problem\+json/);
  });

  it('when a JSON body is malformed, then the answer is 400 invalid_json, not 500', async () => {
    const { app } = testApp.built;
    const res = await request(app)
      .post('/api/auth/tokens')
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    assert.equal(res.body.code, 'invalid_json');
  });

  it('when any page is served, then security headers are set', async () => {
    const { app } = testApp.built;
    const res = await request(app).get('/health');
    assert.ok(res.headers['content-security-policy']);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-powered-by'], undefined);
  });

  it('when the API document is requested, then it is OpenAPI 3.1 built from the route schemas', async () => {
    const { app } = testApp.built;
    const res = await request(app).get('/api/openapi.json').expect(200);
    assert.equal(res.body.openapi, '3.1.0');
    const paths = Object.keys(res.body.paths);
    assert.ok(paths.includes('/api/auth/tokens'), `paths: ${paths.join(', ')}`);
    const tokenBody =
      res.body.paths['/api/auth/tokens'].post.requestBody.content['application/json'].schema;
    assert.ok(tokenBody.properties?.email || tokenBody.$ref, 'request schema documented');
  });

  it('when the API reference page is opened, then it loads the document viewer', async () => {
    const { app } = testApp.built;
    const res = await request(app).get('/api/docs').expect(200);
    assert.match(res.text, /swagger-ui-bundle\.js/);
    await request(app).get('/static/vendor/swagger-ui/swagger-ui-bundle.js').expect(200);
  });
});
