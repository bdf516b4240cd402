import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { buildTestApp } from '../../helpers/app';
import { csrfTokenFrom, signInAs, signInWithSession } from '../../helpers/auth';
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

  it('when an admin opens the page, then everyone else’s links are listed with their owners and can be revoked there', async () => {
    const event = await buildEvent({ name: 'Cities Mission Conference' });
    const comms = await signInAs(app, 'comms', {
      name: 'Ana <Petrescu>',
      email: 'ana@example.org',
    });
    const made = await request(app)
      .post('/api/calendar-subscriptions')
      .set(comms.authHeader)
      .send({ scope: 'event-programme', resourceId: event.id, label: 'Ana’s programme' })
      .expect(201);
    const feed = new URL(made.body.https as string).pathname;
    await request(app).get(feed).expect(200);

    const { jar } = await signInWithSession(app, 'admin');
    const page = await request(app).get('/calendars').set('Cookie', jar.header()).expect(200);
    jar.store(page);
    const [mine, everyone] = page.text.split("id='everyone-heading'");
    assert.ok(everyone, 'admins get the section with everyone else’s links');
    assert.ok(!mine!.includes('Ana’s programme'), 'someone else’s link is not under “My links”');
    assert.match(everyone, /Ana’s programme/);
    assert.match(everyone, /Ana &lt;Petrescu&gt; &lt;ana@example.org&gt;/, 'owner shown, escaped');
    const revokeAction = new RegExp(
      `action='(/calendars/subscriptions/${made.body.id as string}/revoke)'`,
    ).exec(everyone)?.[1];
    assert.ok(revokeAction, 'the admin can revoke it from the page');

    await request(app)
      .post(revokeAction)
      .set('Cookie', jar.header())
      .type('form')
      .send({ _csrf: csrfTokenFrom(page.text) })
      .expect(303);
    await request(app).get(feed).expect(404);
    const after = await request(app).get('/calendars').set('Cookie', jar.header()).expect(200);
    assert.match(after.text, /Nobody else has a subscription link\./);
  });

  it('when a comms user opens the page, then there is no section with other people’s links', async () => {
    const { jar } = await signInWithSession(app, 'comms');
    const page = await request(app).get('/calendars').set('Cookie', jar.header()).expect(200);
    assert.ok(!page.text.includes('everyone-heading'));
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
