import assert from 'node:assert/strict';
import request from 'supertest';
import { useTestApp } from '../helpers/app';
import { PROBLEM_TYPES } from '../../src/lib/http/problem-types';
import { problem } from '../../src/lib/http/error-handler';

describe('problem types', () => {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  it('when a request fails, then its type is a page under the app that explains the code', async () => {
    const { app } = testApp.built;
    const failed = await request(app).get('/api/nothing-here').expect(404);
    assert.equal(failed.body.code, 'route_not_found');
    assert.equal(failed.body.type, '/problems/route_not_found');
    assert.doesNotMatch(JSON.stringify(failed.body), /forumkit\.dev/);

    const page = await request(app).get(failed.body.type).set('Accept', 'text/html').expect(200);
    assert.match(page.headers['content-type'] ?? '', /text\/html/);
    assert.match(page.text, /<h1>No such address<\/h1>/);
    assert.match(page.text, /route_not_found/);
  });

  it('when a validation fails, then the type names the validation page and the title is its title', async () => {
    const { app } = testApp.built;
    const res = await request(app).post('/api/auth/tokens').send({ email: 7 }).expect(400);
    assert.equal(res.body.type, '/problems/validation_failed');
    assert.equal(res.body.title, 'Invalid data');
  });

  it('when every listed code is opened, then each has its own page, and /problems lists them all', async () => {
    const { app } = testApp.built;
    const index = await request(app).get('/problems').expect(200);
    for (const [code, { title }] of Object.entries(PROBLEM_TYPES)) {
      assert.ok(index.text.includes(`href='/problems/${code}'`), `index links ${code}`);
      const page = await request(app).get(`/problems/${code}`).expect(200);
      assert.ok(page.text.includes(`<code>${code}</code>`), code);
      assert.ok(page.text.includes(title.replace(/'/g, '&#x27;')), title);
    }
  });

  it('when a code has no page, then the type is about:blank with the status phrase, and /problems/<unknown> is a 404', async () => {
    const unlisted = problem(400, 'charset_unsupported', 'unsupported charset');
    assert.equal(unlisted.type, 'about:blank');
    assert.equal(unlisted.title, 'Bad Request');
    assert.equal(unlisted.code, 'charset_unsupported');
    const { app } = testApp.built;
    const res = await request(app).get('/problems/constructor').expect(404);
    assert.equal(res.body.code, 'not_found');
  });
});
