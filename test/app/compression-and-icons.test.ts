import assert from 'node:assert/strict';
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import { useTestApp } from '../helpers/app';
import { serveTestApp, type ServedApp } from '../helpers/browser';

/** The bytes that travel over the wire for a GET, with the headers, undecoded. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    }).on('error', reject);
  });
}

describe('compressed text answers, the favicon and the API docs page', () => {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  let served: ServedApp;
  before(async () => {
    served = await serveTestApp();
  });
  after(async () => {
    await served?.close();
  });

  it('when the API docs page loads its script and document, then they travel gzip-compressed at a fraction of their size', async () => {
    for (const path of [
      '/static/vendor/swagger-ui/swagger-ui-bundle.js',
      '/api/openapi.json',
      '/static/css/app.css',
    ]) {
      const plain = await rawGet(`${served.baseUrl}${path}`, {});
      const zipped = await rawGet(`${served.baseUrl}${path}`, { 'accept-encoding': 'gzip' });
      assert.equal(zipped.status, 200, path);
      assert.equal(zipped.headers['content-encoding'], 'gzip', path);
      assert.equal(plain.headers['content-encoding'], undefined, `${path} plain when not asked`);
      assert.ok(gunzipSync(zipped.body).equals(plain.body), `${path} decompresses to the original`);
      assert.ok(
        zipped.body.length < plain.body.length / 2,
        `${path}: ${zipped.body.length} of ${plain.body.length} bytes`,
      );
    }
  });

  it('when the API docs page is opened, then it links back to the app and has the favicon', async () => {
    const { app } = testApp.built;
    const docs = await request(app).get('/api/docs').expect(200);
    assert.match(docs.text, /<a href="\/">← Back to forumkit<\/a>/);
    assert.match(docs.text, /rel="icon" href="\/static\/favicon.svg"/);
  });

  it('when a browser asks for /favicon.ico or a page, then the icon answers and the layout links it', async () => {
    const { app } = testApp.built;
    const icon = await request(app).get('/favicon.ico').expect(200);
    assert.match(icon.headers['content-type'] ?? '', /^image\/svg\+xml/);
    assert.match(String(icon.body), /<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    await request(app).get('/static/favicon.svg').expect(200);
    const page = await request(app).get('/sign-in').expect(200);
    assert.match(
      page.text,
      /<link rel="icon" href="\/static\/favicon.svg" type="image\/svg\+xml">/,
    );
  });
});
