import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { createMailTransport } from '../../../src/components/mail';
import { listLocalMail, readLocalMail } from '../../../src/components/mail/local-mail.service';
import { createLogger } from '../../../src/lib/logger';

const logger = createLogger('silent');

describe('local file mail transport', () => {
  let dir: string;

  beforeEach(() => {
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'forumkit-mail-test-')), 'mail');
  });

  const send = (id: string, subject: string) => {
    const transport = createMailTransport(
      { from: 'forumkit <no-reply@forumkit.test>', dir },
      logger,
    );
    assert.equal(transport.kind, 'file', 'no SMTP URL means the file drop');
    return transport.send({
      id,
      to: 'facilitator@example.org',
      subject,
      html: '<p>Hello &lt;b&gt;</p>',
      text: 'Hello <b>\n',
      attachments: [
        {
          filename: 'invite.ics',
          contentType: 'text/calendar; method=REQUEST',
          content: Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'),
        },
      ],
    });
  };

  it('when no SMTP URL is configured, then each message is written as a parseable .eml file', async () => {
    await send('m1', 'Table 3 — Re-Value: water in urban planning');

    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    assert.match(files[0] ?? '', /^[\dTZ-]+-m1\.eml$/);
    const parsed = await simpleParser(readFileSync(path.join(dir, files[0] ?? '')));
    assert.equal(parsed.subject, 'Table 3 — Re-Value: water in urban planning');
    assert.equal(parsed.messageId, '<m1@forumkit.test>');
    assert.equal(parsed.text, 'Hello <b>\n');
    assert.equal(parsed.attachments[0]?.contentType, 'text/calendar');
  });

  it('when the admin pages read the directory, then they get decoded subjects and the source', async () => {
    await send('m1', 'Ålesund postcard');
    await send('m2', 'Plain subject');

    const list = await listLocalMail(dir);
    assert.deepEqual(list.map((m) => m.subject).sort(), ['Plain subject', 'Ålesund postcard']);
    assert.ok(list.every((m) => m.to === 'facilitator@example.org'));

    const one = await readLocalMail(dir, list[0]?.name ?? '');
    assert.match(one.source, /^From: /m);
    assert.ok(one.subject.length > 0);
  });

  it('when a name tries to leave the mail directory, then it is not found', async () => {
    await send('m1', 'inside');
    const outside = path.join(path.dirname(dir), 'secret.eml');
    writeFileSync(outside, 'Subject: secret\r\n\r\nsecret');
    symlinkSync(outside, path.join(dir, 'link.eml'));

    for (const name of [
      '../secret.eml',
      '..%2Fsecret.eml',
      '/etc/passwd',
      'link.eml',
      '.hidden.eml',
      'x.txt',
    ]) {
      await assert.rejects(
        readLocalMail(dir, name),
        { code: 'mail_file_not_found', status: 404 },
        name,
      );
    }
  });

  it('when the directory does not exist yet, then the list is empty', async () => {
    assert.deepEqual(await listLocalMail(path.join(dir, 'nowhere')), []);
  });
});
