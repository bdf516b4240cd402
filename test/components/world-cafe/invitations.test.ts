import assert from 'node:assert/strict';
import type { Express } from 'express';
import type { VEvent } from 'node-ical';
import request from 'supertest';
import { updateSession } from '../../../src/components/world-cafe';
import { createLogger } from '../../../src/lib/logger';
import { createSmtpTransport, type MailTransport } from '../../../src/lib/mailer';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildProject } from '../../helpers/factories/events';
import { buildWorldCafeSession, buildWorldCafeTable } from '../../helpers/factories/world-cafe';
import { clearDatabase } from '../../helpers/hooks';
import { startSmtpPeer, type ReceivedMail, type SmtpPeer } from '../../helpers/mail';
import { contentLines, eventsOf, parseIcs } from '../calendars/ics-read';

const FROM = 'forumkit <no-reply@forumkit.test>';
type Person = { params: Record<string, string>; val: string };

describe('world café: calendar invitations to facilitators and rapporteurs', function () {
  this.timeout(60_000);
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

  const icsOf = (message: ReceivedMail) => {
    const ics = message.parsed.attachments.find((a) => a.filename === 'invitation.ics');
    assert.ok(ics, 'an invitation.ics attachment');
    assert.match(ics.contentType, /^text\/calendar/);
    return ics.content.toString('utf8');
  };

  it('when an organiser sends the invitations, then facilitators, hosts and rapporteurs each get one .ics REQUEST for the session in the event zone', async () => {
    const admin = await signInAs(app, 'admin', { name: 'Olga Organiser' });
    const session = await buildWorldCafeSession({
      title: 'Harbour café <b>',
      room: 'Room 3',
      facilitators: [
        { name: 'Fiona Facilitator', email: 'fiona@example.org' },
        { name: 'No Address' },
      ],
    });
    const lead = await buildProject({ acronym: 'HARBOUR' });
    await buildWorldCafeTable({
      sessionId: session.id,
      number: 1,
      leadProjectId: lead.id,
      host: { name: 'Hugo Host', email: 'hugo@example.org' },
      rapporteur: { name: 'Rosa Rapporteur', email: 'rosa@example.org' },
    });
    await buildWorldCafeTable({
      sessionId: session.id,
      number: 2,
      // The same person hosts table 2: one message naming both roles.
      host: { name: 'Hugo Host', email: 'Hugo@Example.org' },
      rapporteur: undefined,
    });

    const res = await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/invitations`)
      .set(admin.authHeader)
      .expect(202);
    assert.equal(res.body.recipients, 3);
    await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/invitations`)
      .set(admin.authHeader)
      .expect(202);
    assert.equal(await mail.worker.drain(), 3, 'sending again invites nobody twice');
    const received = await peer.waitForMessages(3);
    const byRecipient = new Map(received.map((m) => [m.envelope.to[0]!, m]));
    assert.deepEqual([...byRecipient.keys()].sort(), [
      'fiona@example.org',
      'hugo@example.org',
      'rosa@example.org',
    ]);
    assert.match(
      byRecipient.get('hugo@example.org')!.parsed.text ?? '',
      /You are the host of table 1 \(HARBOUR\) and the host of table 2 \(TP-[\w-]+\) at the World Café “Harbour café <b>”/,
    );
    assert.match(
      byRecipient.get('rosa@example.org')!.parsed.text ?? '',
      /the rapporteur of table 1 \(HARBOUR\)/,
    );
    for (const [email, message] of byRecipient) {
      const body = icsOf(message);
      assert.equal(parseIcs(body).vcalendar?.method, 'REQUEST');
      const [vevent] = eventsOf(body) as (VEvent & { organizer: Person; attendee: Person })[];
      assert.ok(vevent);
      assert.equal(vevent.uid, `${session.programmeItemId}@forumkit.test`);
      assert.equal(vevent.summary, 'World Café: Harbour café <b>');
      assert.equal(vevent.location, 'Room 3');
      assert.equal(vevent.start.toISOString(), session.start.toISOString());
      assert.equal(vevent.end!.toISOString(), session.end.toISOString());
      assert.equal(vevent.start.tz, 'Europe/Vilnius');
      assert.ok(contentLines(body).includes('DTSTART;TZID=Europe/Vilnius:20250507T140000'));
      assert.equal(vevent.organizer.val, `mailto:${admin.user.email}`);
      const attendees = ([] as Person[]).concat(vevent.attendee);
      assert.deepEqual(
        attendees.map((a) => a.val.toLowerCase()),
        [`mailto:${email}`],
      );
      assert.ok(!String(message.parsed.html).includes('<b>'), 'the title is escaped in HTML');
    }
  });

  it('when the session moves after the invitations went out, then sending again invites everyone to the new time', async () => {
    const admin = await signInAs(app, 'admin');
    const session = await buildWorldCafeSession({
      facilitators: [{ name: 'Fiona', email: 'fiona@example.org' }],
    });
    await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/invitations`)
      .set(admin.authHeader)
      .expect(202);
    await updateSession(session.id, {
      start: new Date('2025-05-07T12:00:00Z'),
      end: new Date('2025-05-07T13:00:00Z'),
    });
    await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/invitations`)
      .set(admin.authHeader)
      .expect(202);
    assert.equal(await mail.worker.drain(), 2);
    const received = await peer.waitForMessages(2);
    const starts = received.map((m) => eventsOf(icsOf(m))[0]!.start.toISOString()).sort();
    assert.deepEqual(starts, ['2025-05-07T11:00:00.000Z', '2025-05-07T12:00:00.000Z']);
  });

  it('when nobody may or nobody has an address, then 401 without sign-in and an empty result otherwise', async () => {
    const session = await buildWorldCafeSession();
    await request(app).post(`/api/world-cafe/sessions/${session.id}/invitations`).expect(401);
    const admin = await signInAs(app, 'admin');
    const res = await request(app)
      .post(`/api/world-cafe/sessions/${session.id}/invitations`)
      .set(admin.authHeader)
      .expect(202);
    assert.deepEqual(res.body, { recipients: 0, messageIds: [] });
  });
});
