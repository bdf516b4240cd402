import assert from 'node:assert/strict';
import PDFDocument from 'pdfkit';
import { createSmtpTransport, type MailTransport } from '../../../src/lib/mailer';
import { createLogger } from '../../../src/lib/logger';
import {
  createOutboxWorker,
  enqueueMail,
  findOutboxMessages,
  retryMessage,
  type OutboxWorker,
} from '../../../src/components/mail';
import { clearDatabase } from '../../helpers/hooks';
import { startSmtpPeer, type SmtpPeer } from '../../helpers/mail';

const logger = createLogger('silent');
const FROM = 'forumkit <no-reply@forumkit.test>';

const invitation = (overrides: Record<string, unknown> = {}) => ({
  to: 'facilitator@example.org',
  template: 'account-invitation',
  data: {
    name: 'Demo Facilitator',
    inviterName: 'Demo Admin',
    link: 'https://forumkit.test/invitations/abc?x=1&y=2',
    expiresAt: new Date('2025-05-06T07:00:00Z'),
    ...overrides,
  },
});

function tinyPdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A6' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text('Urban Planning and Design for Climate Impact — outcome report');
    doc.end();
  });
}

const INVITE_ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//forumkit//test//EN',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:world-cafe-1@forumkit.test',
  'DTSTAMP:20250401T090000Z',
  'DTSTART:20250507T110000Z',
  'DTEND:20250507T123000Z',
  'SUMMARY:Urban Planning and Design for Climate Impact',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('mail outbox delivery through SMTP', () => {
  let peer: SmtpPeer;
  let transport: MailTransport;
  let worker: OutboxWorker;

  beforeEach(async () => {
    await clearDatabase();
    peer = await startSmtpPeer();
    transport = createSmtpTransport(peer.url, FROM, logger);
    worker = createOutboxWorker({ transport, clock: () => new Date(), logger });
  });

  afterEach(async () => {
    await worker.stop();
    transport.close();
    await peer.stop();
  });

  it('when an invitation is enqueued and the worker drains, then the peer receives subject, text and HTML once', async () => {
    const { id } = await enqueueMail(invitation());

    assert.equal(await worker.drain(), 1);
    const [mail] = await peer.waitForMessages(1);

    assert.ok(mail);
    assert.equal(peer.received.length, 1);
    assert.deepEqual(mail.envelope.to, ['facilitator@example.org']);
    assert.equal(mail.parsed.subject, 'Demo Admin invited you to forumkit');
    assert.equal(mail.parsed.from?.value[0]?.address, 'no-reply@forumkit.test');
    assert.match(mail.parsed.text ?? '', /Hello Demo Facilitator,/);
    assert.match(mail.parsed.text ?? '', /https:\/\/forumkit\.test\/invitations\/abc\?x=1&y=2/);
    assert.match(
      String(mail.parsed.html),
      /href=.https:\/\/forumkit\.test\/invitations\/abc\?x&#x3D;1&amp;y&#x3D;2./,
    );

    const [stored] = await findOutboxMessages({ to: 'facilitator@example.org' });
    assert.ok(stored);
    assert.equal(stored.id, id);
    assert.equal(stored.status, 'sent');
    assert.equal(stored.attempts, 1);
    assert.ok(stored.sentAt);
    assert.equal(stored.messageId, mail.parsed.messageId);
  });

  it('when the name holds markup, then the HTML part carries it escaped and the text part verbatim', async () => {
    await enqueueMail(invitation({ name: '<script>alert("x")</script> Ūla' }));

    await worker.drain();
    const [mail] = await peer.waitForMessages(1);

    const html = String(mail?.parsed.html);
    assert.ok(!html.includes('<script>'), 'no live script element in the HTML part');
    assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; Ūla/);
    assert.match(mail?.parsed.text ?? '', /Hello <script>alert\("x"\)<\/script> Ūla,/);
  });

  it('when .ics and PDF attachments are given, then both arrive intact with their content types', async () => {
    const pdf = await tinyPdf();
    await enqueueMail({
      ...invitation(),
      attachments: [
        { filename: 'world-cafe.ics', content: INVITE_ICS },
        { filename: 'outcome-report.pdf', content: pdf },
      ],
    });

    await worker.drain();
    const [mail] = await peer.waitForMessages(1);

    const attachments = mail?.parsed.attachments ?? [];
    assert.equal(attachments.length, 2);
    const ics = attachments.find((a) => a.filename === 'world-cafe.ics');
    const report = attachments.find((a) => a.filename === 'outcome-report.pdf');
    assert.ok(ics && report);
    assert.equal(ics.contentType, 'text/calendar');
    const icsType = ics.headers.get('content-type') as { params?: Record<string, string> };
    assert.equal(icsType.params?.method, 'REQUEST');
    assert.equal(ics.content.toString('utf8'), INVITE_ICS);
    assert.equal(report.contentType, 'application/pdf');
    assert.ok(report.content.equals(pdf));
    assert.equal(report.content.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  it('when the same dedupe key is enqueued twice, then one message is delivered', async () => {
    const first = await enqueueMail({ ...invitation(), dedupeKey: 'invitation:user-1' });
    const second = await enqueueMail({ ...invitation(), dedupeKey: 'invitation:user-1' });

    assert.equal(second.id, first.id);
    assert.equal(await worker.drain(), 1);
    await peer.waitForMessages(1);
    assert.equal(peer.received.length, 1);
  });

  it('when a language has no variant, then the English template is used', async () => {
    await enqueueMail({ ...invitation(), language: 'lt' });

    const [stored] = await findOutboxMessages({ template: 'account-invitation' });
    assert.equal(stored?.language, 'en');
    assert.equal(stored?.subject, 'Demo Admin invited you to forumkit');
  });

  it('when content is rendered at enqueue, then the stored text names the expiry in the given zone', async () => {
    await enqueueMail(invitation({ timeZone: 'Europe/Vilnius' }));

    const [stored] = await findOutboxMessages({ to: 'facilitator@example.org' });
    // 07:00 UTC is 10:00 in Vilnius (summer time).
    assert.match(stored?.text ?? '', /Tue 6 May 2025, 10:00 \(Vilnius\)/);
  });

  it('when SMTP_URL is smtps:// with TLS options in its query, then they reach the TLS connection', async () => {
    const tlsPeer = await startSmtpPeer({ secure: true });
    // The peer's certificate is self-signed: without the option the handshake is refused.
    const strict = createSmtpTransport(`${tlsPeer.url}?pool=false`, FROM, logger);
    const relaxed = createSmtpTransport(
      `${tlsPeer.url}?pool=false&tls.rejectUnauthorized=false`,
      FROM,
      logger,
    );
    try {
      await enqueueMail(invitation());
      const strictWorker = createOutboxWorker({
        transport: strict,
        clock: () => new Date(),
        logger,
      });
      await strictWorker.drain();
      const [refused] = await findOutboxMessages({ to: 'facilitator@example.org' });
      assert.equal(refused?.status, 'queued', 'a TLS failure is retried later, not lost');
      assert.match(refused?.lastError ?? '', /certificate/i);
      assert.equal(tlsPeer.received.length, 0);

      await retryMessage(refused!.id);
      const relaxedWorker = createOutboxWorker({
        transport: relaxed,
        clock: () => new Date(),
        logger,
      });
      assert.equal(await relaxedWorker.drain(), 1);
      const [received] = await tlsPeer.waitForMessages(1);
      assert.equal(received?.parsed.subject, 'Demo Admin invited you to forumkit');
      const [sent] = await findOutboxMessages({ to: 'facilitator@example.org' });
      assert.equal(sent?.status, 'sent');
    } finally {
      strict.close();
      relaxed.close();
      await tlsPeer.stop();
    }
  });

  it('when the recipient is not an e-mail address, then enqueueing fails with validation_failed', async () => {
    await assert.rejects(enqueueMail({ ...invitation(), to: 'not-an-address' }), {
      code: 'validation_failed',
      status: 400,
    });
    assert.equal((await findOutboxMessages({})).length, 0);
  });

  it('when the template does not exist, then enqueueing fails with mail_template_error', async () => {
    await assert.rejects(enqueueMail({ ...invitation(), template: 'no-such-template' }), {
      code: 'mail_template_error',
    });
  });
});
