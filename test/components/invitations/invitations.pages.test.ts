import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { findOutboxMessages } from '../../../src/components/mail';
import { buildTestApp, closeTestApp } from '../../helpers/app';
import { csrfTokenFrom, signInAs, signInWithSession } from '../../helpers/auth';
import { buildEvent, buildProgrammeItem } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';
import { binaryBody } from '../../helpers/pdf';
import { eventsOf } from '../calendars/ics-read';

/** Either attribute quote: templates are free to use ' or ". */
const attr = (name: string, value: string) =>
  new RegExp(`${name}=['"]${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]`);

describe('event page outputs and the invitation form', () => {
  let app: Express;

  before(async () => {
    app = (await buildTestApp()).app;
  });
  after(async () => {
    await closeTestApp(app);
  });
  beforeEach(async () => {
    await clearDatabase();
  });

  it('when a facilitator opens an event, then the outputs are linked, each item has an anchor and an .ics link, and there is no invitation form', async () => {
    const { authHeader } = await signInAs(app, 'facilitator');
    const event = await buildEvent();
    const item = await buildProgrammeItem({ eventId: event.id, title: 'Opening plenary' });

    const page = await request(app).get(`/events/${event.id}`).set(authHeader).expect(200);

    const pdf = `/api/events/${event.id}/programme.pdf`;
    // The whole programme: an event's own .ics is not cut to a window.
    const ics = `/api/events/${event.id}/programme.ics`;
    const itemIcs = `/api/events/${event.id}/programme-items/${item.id}.ics`;
    assert.match(page.text, /<h2 id=['"]outputs-heading['"]>Outputs<\/h2>/);
    assert.match(page.text, attr('href', pdf));
    assert.match(page.text, attr('href', ics));
    assert.match(page.text, attr('href', `/calendars?event=${event.id}#subscribe`));
    assert.match(page.text, attr('id', `programme-item-${item.id}`));
    assert.match(page.text, attr('href', itemIcs));
    assert.ok(!page.text.includes('/invitations'), 'no invitation form for a facilitator');

    // The links lead to the outputs themselves.
    const printout = await request(app)
      .get(pdf)
      .set(authHeader)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    assert.equal(printout.headers['content-type'], 'application/pdf');
    const feed = await request(app).get(ics.replace('&amp;', '&')).set(authHeader).expect(200);
    assert.deepEqual(
      eventsOf(feed.text).map((e) => e.summary),
      ['Opening plenary'],
    );
    const single = await request(app).get(itemIcs).set(authHeader).expect(200);
    const url = eventsOf(single.text)[0]?.url as unknown as { val: string } | undefined;
    assert.equal(url?.val, `https://forumkit.test/events/${event.id}#programme-item-${item.id}`);
  });

  it('when a comms user who manages the event posts the form, then messages are queued and the page says how many', async () => {
    const event = await buildEvent();
    const item = await buildProgrammeItem({ eventId: event.id });
    const cancelled = await buildProgrammeItem({ eventId: event.id, status: 'cancelled' });
    const { jar } = await signInWithSession(app, 'comms', { eventIds: [event.id] });

    const page = await request(app)
      .get(`/events/${event.id}`)
      .set('Cookie', jar.header())
      .expect(200);
    const action = `/events/${event.id}/programme-items/${item.id}/invitations`;
    assert.match(page.text, attr('action', action));
    assert.match(page.text, /<label for=['"]invite-emails-[0-9a-f]+['"]>E-mail addresses<\/label>/);
    assert.ok(
      !page.text.includes(`/programme-items/${cancelled.id}/invitations`),
      'no form for a cancelled item',
    );

    const posted = await request(app)
      .post(action)
      .set('Cookie', jar.header())
      .type('form')
      .send({
        _csrf: csrfTokenFrom(page.text),
        emails: 'ana@example.org,\r\nJonas@Example.org  ana@example.org',
        message: 'Welcome!',
        attachProgramme: 'on',
      })
      .expect(303);
    assert.equal(
      posted.headers.location,
      `/events/${event.id}?invited=2&item=${item.id}#programme-item-${item.id}`,
    );
    const queued = await findOutboxMessages({ template: 'programme-invitation' });
    assert.deepEqual(queued.map((m) => m.to).sort(), ['ana@example.org', 'jonas@example.org']);
    assert.ok(queued.every((m) => m.attachments.some((a) => a.contentType === 'application/pdf')));
    assert.match(queued[0]?.text ?? '', /Welcome!/);

    const after = await request(app)
      .get(posted.headers.location!.replace(/#.*$/, ''))
      .set('Cookie', jar.header())
      .expect(200);
    assert.match(after.text, /role=['"]status['"]>Invitations queued for 2 people\.</);
  });

  it('when the form holds something that is not an address, then nothing is queued and the page shows an alert', async () => {
    const event = await buildEvent();
    const item = await buildProgrammeItem({ eventId: event.id });
    const { jar, csrfToken } = await signInWithSession(app, 'admin');

    const posted = await request(app)
      .post(`/events/${event.id}/programme-items/${item.id}/invitations`)
      .set('Cookie', jar.header())
      .type('form')
      .send({ _csrf: csrfToken, emails: 'ana@example.org, <script>' })
      .expect(303);
    assert.match(posted.headers.location ?? '', /invitationError=invalid_address/);
    assert.equal((await findOutboxMessages({})).length, 0);

    const after = await request(app)
      .get(posted.headers.location!.replace(/#.*$/, ''))
      .set('Cookie', jar.header())
      .expect(200);
    assert.match(after.text, /role=['"]alert['"]>Some entries are not e-mail addresses/);
    assert.ok(!after.text.includes('<script>'));
  });

  it('when the form comes without a CSRF token, then it answers 403 and queues nothing', async () => {
    const event = await buildEvent();
    const item = await buildProgrammeItem({ eventId: event.id });
    const { jar } = await signInWithSession(app, 'admin');

    const res = await request(app)
      .post(`/events/${event.id}/programme-items/${item.id}/invitations`)
      .set('Cookie', jar.header())
      .type('form')
      .send({ emails: 'ana@example.org' })
      .expect(403);
    assert.equal(res.body.code, 'csrf_invalid');
    assert.equal((await findOutboxMessages({})).length, 0);
  });

  it('when a facilitator or a comms user of another event posts the form, then it answers 403 and queues nothing', async () => {
    const event = await buildEvent();
    const item = await buildProgrammeItem({ eventId: event.id });
    for (const role of ['facilitator', 'comms'] as const) {
      const { jar, csrfToken } = await signInWithSession(app, role);
      const page = await request(app).get(`/events/${event.id}`).set('Cookie', jar.header());
      assert.ok(!page.text.includes('/invitations'), `no form for ${role}`);
      await request(app)
        .post(`/events/${event.id}/programme-items/${item.id}/invitations`)
        .set('Cookie', jar.header())
        .type('form')
        .send({ _csrf: csrfToken, emails: 'ana@example.org' })
        .expect(403);
    }
    assert.equal((await findOutboxMessages({})).length, 0);
  });

  it('when the item is cancelled or unknown, then the form answers with an alert or 404', async () => {
    const event = await buildEvent();
    const cancelled = await buildProgrammeItem({ eventId: event.id, status: 'cancelled' });
    const { jar, csrfToken } = await signInWithSession(app, 'admin');
    const post = (itemId: string) =>
      request(app)
        .post(`/events/${event.id}/programme-items/${itemId}/invitations`)
        .set('Cookie', jar.header())
        .type('form')
        .send({ _csrf: csrfToken, emails: 'ana@example.org' });

    const refused = await post(cancelled.id).expect(303);
    assert.match(refused.headers.location ?? '', /invitationError=item_cancelled/);
    await post('0123456789abcdef01234567').expect(404);
    assert.equal((await findOutboxMessages({})).length, 0);
  });
});
