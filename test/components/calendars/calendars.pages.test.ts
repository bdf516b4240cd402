import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { buildTestApp } from '../../helpers/app';
import { csrfTokenFrom, signInWithSession } from '../../helpers/auth';
import { buildEvent } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';

describe('GET /calendars page', () => {
  let app: Express;

  beforeEach(async () => {
    await clearDatabase();
    ({ app } = await buildTestApp());
  });

  it('when not signed in, then the page sends people to sign in', async () => {
    const res = await request(app).get('/calendars').expect(303);
    assert.match(res.headers.location as string, /^\/sign-in\?next=%2Fcalendars/);
  });

  it('when a link is made through the form, then both addresses are shown once and it can be revoked', async () => {
    const event = await buildEvent({ name: 'Cities Mission <Conference>' });
    const { jar } = await signInWithSession(app, 'comms');

    const page = await request(app).get('/calendars').set('Cookie', jar.header()).expect(200);
    jar.store(page);
    assert.match(page.text, /Cities Mission &lt;Conference&gt;/, 'event names are escaped');

    const created = await request(app)
      .post('/calendars/subscriptions')
      .set('Cookie', jar.header())
      .type('form')
      .send({ _csrf: csrfTokenFrom(page.text), scope: 'event-programme', resourceId: event.id })
      .expect(201);
    const webcal = /value='(webcal:\/\/forumkit\.test\/cal\/[\w-]{43}\.ics)'/.exec(
      created.text,
    )?.[1];
    const https = /value='(https:\/\/forumkit\.test\/cal\/[\w-]{43}\.ics)'/.exec(created.text)?.[1];
    assert.ok(webcal && https, 'both forms of the link are on the page');
    await request(app).get(new URL(https).pathname).expect(200);

    const listed = await request(app).get('/calendars').set('Cookie', jar.header()).expect(200);
    assert.ok(!listed.text.includes(https), 'the token is not shown again');
    const revokeAction = /action='(\/calendars\/subscriptions\/[0-9a-f]{24}\/revoke)'/.exec(
      listed.text,
    )?.[1];
    assert.ok(revokeAction);

    await request(app)
      .post(revokeAction)
      .set('Cookie', jar.header())
      .type('form')
      .send({ _csrf: csrfTokenFrom(listed.text) })
      .expect(303);
    await request(app).get(new URL(https).pathname).expect(404);
  });

  it('when a form is posted without its CSRF token, then 403 csrf_invalid', async () => {
    const event = await buildEvent();
    const { jar } = await signInWithSession(app, 'comms');
    const res = await request(app)
      .post('/calendars/subscriptions')
      .set('Cookie', jar.header())
      .type('form')
      .send({ scope: 'event-programme', resourceId: event.id })
      .expect(403);
    assert.equal(res.body.code, 'csrf_invalid');
  });
});
