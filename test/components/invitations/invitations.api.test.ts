import assert from 'node:assert/strict';
import type { Express } from 'express';
import type { Attachment } from 'mailparser';
import type { VEvent } from 'node-ical';
import request from 'supertest';
import { updateProgrammeItem } from '../../../src/components/events';
import { formatItemTime } from '../../../src/components/invitations';
import { findOutboxMessages } from '../../../src/components/mail';
import { createLogger } from '../../../src/lib/logger';
import { createSmtpTransport, type MailTransport } from '../../../src/lib/mailer';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildEvent, buildProgrammeItem } from '../../helpers/factories/events';
import { clearDatabase } from '../../helpers/hooks';
import { startSmtpPeer, type SmtpPeer } from '../../helpers/mail';
import { pdfText } from '../../helpers/pdf';
import { contentLines, eventsOf, parseIcs } from '../calendars/ics-read';

const FROM = 'forumkit <no-reply@forumkit.test>';
const NOT_AN_ID = '0123456789abcdef01234567';

type Person = { params: Record<string, string>; val: string };

describe('POST /api/events/:eventId/programme-items/:itemId/invitations', () => {
  let peer: SmtpPeer;
  let transport: MailTransport;
  let app: Express;
  let mail: Awaited<ReturnType<typeof buildTestApp>>['mail'];

  beforeEach(async () => {
    await clearDatabase();
    peer = await startSmtpPeer();
    transport = createSmtpTransport(peer.url, FROM, createLogger('silent'));
    ({ app, mail } = await buildTestApp({ mailTransport: transport }));
  });

  afterEach(async () => {
    await mail.worker.stop();
    transport.close();
    await peer.stop();
  });

  const invite = (eventId: string, itemId: string, body: unknown) =>
    request(app)
      .post(`/api/events/${eventId}/programme-items/${itemId}/invitations`)
      .send(body as object);

  const icsOf = (attachments: Attachment[]) => {
    const ics = attachments.find((a) => a.filename === 'invitation.ics');
    assert.ok(ics, 'an invitation.ics attachment');
    assert.match(ics.contentType, /^text\/calendar/);
    return ics.content.toString('utf8');
  };

  it('when an admin invites someone, then they receive a message with an .ics REQUEST for the item in the event zone', async () => {
    const admin = await signInAs(app, 'admin', { name: 'Rūta Admin' });
    const event = await buildEvent({ name: 'Cities Mission Conference' });
    const item = await buildProgrammeItem({
      eventId: event.id,
      title: 'World Café: nature-based solutions',
      location: 'Room 2',
    });

    const res = await invite(item.eventId, item.id, {
      attendees: [{ email: '  Ana.Petrescu@Example.org ', name: 'Ana Petrescu' }],
      message: 'See you there.',
    })
      .set(admin.authHeader)
      .expect(202);
    assert.equal(res.body.queued, 1);
    assert.equal(res.body.messageIds.length, 1);

    assert.equal(await mail.worker.drain(), 1);
    const [received] = await peer.waitForMessages(1);
    assert.ok(received);
    assert.deepEqual(received.envelope.to, ['ana.petrescu@example.org']);
    assert.equal(
      received.parsed.subject,
      'Invitation: World Café: nature-based solutions (Cities Mission Conference)',
    );
    const text = received.parsed.text ?? '';
    assert.match(text, /Hello Ana Petrescu,/);
    assert.match(text, /Rūta Admin invites you/);
    assert.match(text, /Wednesday 7 May 2025, 10:00–11:30 Europe\/Vilnius time \(UTC\+3\)/);
    assert.match(text, /Where: Room 2, Test Hall, Vilnius, Lithuania/);
    assert.match(text, /See you there\./);

    const body = icsOf(received.parsed.attachments);
    assert.equal(parseIcs(body).vcalendar?.method, 'REQUEST');
    const [vevent] = eventsOf(body) as (VEvent & { organizer: Person; attendee: Person })[];
    assert.ok(vevent);
    assert.equal(vevent.uid, `${item.id}@forumkit.test`, 'the same UID as in the feeds');
    assert.equal(vevent.summary, 'World Café: nature-based solutions');
    assert.equal(vevent.organizer.val, `mailto:${admin.user.email}`);
    assert.equal(vevent.organizer.params.CN, 'Rūta Admin');
    const attendees = ([] as Person[]).concat(vevent.attendee);
    assert.deepEqual(
      attendees.map((a) => a.val.toLowerCase()),
      ['mailto:ana.petrescu@example.org'],
    );
    assert.equal(attendees[0]?.params.CN, 'Ana Petrescu');
    assert.equal(vevent.start.tz, 'Europe/Vilnius');
    assert.equal(vevent.start.toISOString(), item.start.toISOString());
    assert.ok(contentLines(body).includes('DTSTART;TZID=Europe/Vilnius:20250507T100000'));
    assert.ok(!received.parsed.attachments.some((a) => a.contentType === 'application/pdf'));
  });

  it('when the item is in winter, then the message and the .ics give Vilnius winter time (UTC+2)', async () => {
    const admin = await signInAs(app, 'admin');
    const event = await buildEvent({ timeZone: 'Europe/Vilnius' });
    const item = await buildProgrammeItem({
      eventId: event.id,
      title: 'Winter school',
      // 08:00 UTC is 10:00 in Vilnius in January.
      start: new Date('2026-01-15T08:00:00Z'),
      end: new Date('2026-01-15T09:30:00Z'),
    });
    await invite(event.id, item.id, { attendees: [{ email: 'ana@example.org' }] })
      .set(admin.authHeader)
      .expect(202);
    await mail.worker.drain();
    const [received] = await peer.waitForMessages(1);
    assert.match(
      received?.parsed.text ?? '',
      /When: Thursday 15 January 2026, 10:00–11:30 Europe\/Vilnius time \(UTC\+2\)/,
    );
    const body = icsOf(received!.parsed.attachments);
    assert.ok(contentLines(body).includes('DTSTART;TZID=Europe/Vilnius:20260115T100000'));
    const [vevent] = eventsOf(body);
    assert.equal(vevent?.start.toISOString(), '2026-01-15T08:00:00.000Z');
  });

  it('when an item spans the night the clocks go back, then the text names both offsets so either end converts correctly', () => {
    // Vilnius leaves summer time at 01:00 UTC on 26 October 2025 (04:00 EEST → 03:00 EET).
    const night = {
      start: new Date('2025-10-25T22:00:00Z'), // 01:00 EEST
      end: new Date('2025-10-26T03:00:00Z'), // 05:00 EET
      allDay: false,
    };
    assert.equal(
      formatItemTime(night, 'Europe/Vilnius'),
      'Sunday 26 October 2025, 01:00–05:00 Europe/Vilnius time (UTC+3, then UTC+2)',
    );
    const spring = {
      start: new Date('2025-03-30T07:00:00Z'),
      end: new Date('2025-03-30T08:00:00Z'),
      allDay: false,
    };
    assert.equal(
      formatItemTime(spring, 'Europe/Vilnius'),
      'Sunday 30 March 2025, 10:00–11:00 Europe/Vilnius time (UTC+3)',
    );
  });

  it('when attachProgramme is set, then a PDF of the programme arrives whose text names the event and its city', async () => {
    const admin = await signInAs(app, 'admin');
    const event = await buildEvent({
      name: 'Re-Value Days in Constanța',
      city: 'Constanța',
      country: 'RO',
      timeZone: 'Europe/Bucharest',
    });
    const item = await buildProgrammeItem({ eventId: event.id, title: 'Harbour walk' });

    await invite(event.id, item.id, {
      attendees: [{ email: 'ion@example.org' }],
      attachProgramme: true,
    })
      .set(admin.authHeader)
      .expect(202);

    await mail.worker.drain();
    const [received] = await peer.waitForMessages(1);
    const pdf = received?.parsed.attachments.find((a) => a.contentType === 'application/pdf');
    assert.ok(pdf, 'a PDF attachment');
    assert.equal(pdf.filename, `${event.slug}-programme.pdf`);
    const text = await pdfText(pdf.content);
    assert.ok(text.includes('Re-Value Days in Constanța'));
    assert.ok(text.includes('Constanța, Romania'));
    assert.ok(text.includes('Harbour walk'));
    assert.match(
      received?.parsed.text ?? '',
      /programme of Re-Value Days in Constanța is attached/,
    );
    assert.match(received?.parsed.text ?? '', /Europe\/Bucharest time/);
  });

  it('when the same invitation is sent twice, then the second queues nothing new; after the item moves it invites again', async () => {
    const admin = await signInAs(app, 'admin');
    const item = await buildProgrammeItem();
    const body = {
      attendees: [
        { email: 'ana@example.org' },
        { email: 'ANA@example.org' },
        { email: 'jonas@example.org' },
      ],
    };

    const first = await invite(item.eventId, item.id, body).set(admin.authHeader).expect(202);
    assert.equal(first.body.queued, 2, 'repeated addresses are one attendee');
    const again = await invite(item.eventId, item.id, body).set(admin.authHeader).expect(202);
    assert.deepEqual(again.body.messageIds, first.body.messageIds);
    assert.equal((await findOutboxMessages({ template: 'programme-invitation' })).length, 2);

    await updateProgrammeItem(item.eventId, item.id, {
      start: new Date('2025-05-07T09:00:00Z'),
      end: new Date('2025-05-07T10:00:00Z'),
    });
    const moved = await invite(item.eventId, item.id, body).set(admin.authHeader).expect(202);
    assert.equal(moved.body.queued, 2);
    assert.notDeepEqual(moved.body.messageIds, first.body.messageIds);
    const messages = await findOutboxMessages({ to: 'ana@example.org' });
    assert.equal(messages.length, 2);
    assert.match(messages[1]?.text ?? '', /12:00–13:00 Europe\/Vilnius time/);
  });

  it('when the message or a name holds markup, then the HTML part carries it escaped', async () => {
    const admin = await signInAs(app, 'admin');
    const item = await buildProgrammeItem();

    await invite(item.eventId, item.id, {
      attendees: [{ email: 'ana@example.org', name: '<b>Ana</b>' }],
      message: '<script>alert("x")</script>\nBring a badge & a smile',
    })
      .set(admin.authHeader)
      .expect(202);

    await mail.worker.drain();
    const [received] = await peer.waitForMessages(1);
    const html = String(received?.parsed.html);
    assert.ok(!html.includes('<script>'), 'no live script element');
    assert.ok(!html.includes('<b>Ana</b>'));
    assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
    assert.match(html, /Bring a badge &amp; a smile/);
    assert.match(html, /Hello &lt;b&gt;Ana&lt;\/b&gt;,/);
    assert.match(received?.parsed.text ?? '', /<script>alert\("x"\)<\/script>/);
  });

  it('when a comms user manages the event, then they may invite; otherwise 403, and facilitators 403', async () => {
    const item = await buildProgrammeItem();
    const body = { attendees: [{ email: 'ana@example.org' }] };
    const manager = await signInAs(app, 'comms', { eventIds: [item.eventId] });
    const other = await signInAs(app, 'comms');
    const facilitator = await signInAs(app, 'facilitator', { eventIds: [item.eventId] });

    await invite(item.eventId, item.id, body).set(manager.authHeader).expect(202);
    const notTheirs = await invite(item.eventId, item.id, body).set(other.authHeader).expect(403);
    assert.equal(notTheirs.body.code, 'forbidden');
    const wrongRole = await invite(item.eventId, item.id, body)
      .set(facilitator.authHeader)
      .expect(403);
    assert.equal(wrongRole.body.code, 'forbidden');
  });

  it('when nobody is signed in, then it answers 401', async () => {
    const item = await buildProgrammeItem();
    const res = await invite(item.eventId, item.id, {
      attendees: [{ email: 'a@example.org' }],
    }).expect(401);
    assert.equal(res.body.code, 'unauthenticated');
  });

  it('when the body is wrong, then it answers 400 with the field paths', async () => {
    const admin = await signInAs(app, 'admin');
    const item = await buildProgrammeItem();
    const problemPaths = async (body: unknown) => {
      const res = await invite(item.eventId, item.id, body).set(admin.authHeader).expect(400);
      assert.equal(res.body.code, 'validation_failed');
      return (res.body.errors as { path: string }[]).map((e) => e.path);
    };

    assert.deepEqual(await problemPaths({ attendees: [] }), ['attendees']);
    assert.deepEqual(await problemPaths({ attendees: [{ email: 'nope' }] }), ['attendees.0.email']);
    assert.deepEqual(
      await problemPaths({ attendees: [{ email: 'a@example.org', role: 'chair' }] }),
      ['attendees.0.role'],
    );
    assert.deepEqual(
      await problemPaths({
        attendees: Array.from({ length: 201 }, (_, n) => ({ email: `p${n}@example.org` })),
      }),
      ['attendees'],
    );
    assert.deepEqual(
      await problemPaths({ attendees: [{ email: 'a@example.org' }], message: 'x'.repeat(2001) }),
      ['message'],
    );
    assert.deepEqual(
      await problemPaths({ attendees: [{ email: 'a@example.org' }], attachProgramme: 'yes' }),
      ['attachProgramme'],
    );
    assert.deepEqual(await problemPaths({ attendees: [{ email: 'a@example.org' }], cc: 'x' }), [
      'cc',
    ]);
    assert.equal((await findOutboxMessages({})).length, 0);
  });

  it('when the event or item is unknown or malformed, then it answers 404', async () => {
    const admin = await signInAs(app, 'admin');
    const item = await buildProgrammeItem();
    const other = await buildProgrammeItem();
    const body = { attendees: [{ email: 'a@example.org' }] };

    for (const [eventId, itemId] of [
      [NOT_AN_ID, item.id],
      [item.eventId, NOT_AN_ID],
      [item.eventId, other.id],
      ['not-an-id', item.id],
      [item.eventId, 'not-an-id'],
    ] as const) {
      const res = await invite(eventId, itemId, body).set(admin.authHeader).expect(404);
      assert.equal(res.body.code, 'not_found');
    }
  });

  it('when the item is cancelled, then it answers 409 item_cancelled and queues nothing', async () => {
    const admin = await signInAs(app, 'admin');
    const item = await buildProgrammeItem({ status: 'cancelled' });
    const res = await invite(item.eventId, item.id, { attendees: [{ email: 'a@example.org' }] })
      .set(admin.authHeader)
      .expect(409);
    assert.equal(res.body.code, 'item_cancelled');
    assert.equal((await findOutboxMessages({})).length, 0);
  });

  it('when the API document is read, then the route is listed with its body and 202 answer', async () => {
    const doc = await request(app).get('/api/openapi.json').expect(200);
    const operation =
      doc.body.paths['/api/events/{eventId}/programme-items/{itemId}/invitations']?.post;
    assert.ok(operation);
    assert.ok(operation.requestBody);
    assert.ok(operation.responses['202']);
  });
});
