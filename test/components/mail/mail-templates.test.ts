import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMailRenderer } from '../../../src/components/mail/mail-templates';

describe('mail templates', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'forumkit-mail-templates-'));
    const write = (file: string, text: string) => writeFile(path.join(dir, file), text);
    await mkdir(path.join(dir, 'reminder'));
    await write('reminder/en.subject.hbs', 'Reminder: {{title}}');
    await write('reminder/en.html.hbs', '<p>{{title}} starts {{dateTime start}}.</p>');
    await write('reminder/en.text.hbs', '{{title}} starts {{dateTime start}}.');
    // Lithuanian gives subject and HTML; its text part falls back to English.
    await write('reminder/lt.subject.hbs', 'Priminimas: {{title}}');
    await write('reminder/lt.html.hbs', '<p>{{title}} prasideda {{dateTime start}}.</p>');
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const data = {
    title: 'Pasaulio kavinė <b>',
    start: new Date('2026-01-15T08:00:00Z'),
    timeZone: 'Europe/Vilnius',
  };

  it('when a language variant is given, then its parts are used, each missing part falls back to English on its own', () => {
    const mail = createMailRenderer({ dir })('reminder', data, 'lt');
    assert.equal(mail.language, 'lt');
    assert.equal(mail.subject, 'Priminimas: Pasaulio kavinė <b>');
    assert.match(mail.html, /Pasaulio kavinė &lt;b&gt; prasideda/, 'user text escaped in HTML');
    // Dates follow the language of the part: Lithuanian in the HTML, English in the text.
    assert.match(mail.html, /2026 m\. sausio 15 d\., kt 10:00 \(Vilnius\)/);
    assert.match(mail.text, /^Pasaulio kavinė <b> starts Thu 15 Jan 2026, 10:00 \(Vilnius\)\.$/m);
  });

  it('when a regional tag is asked for, then the primary language variant serves it', () => {
    const mail = createMailRenderer({ dir })('reminder', data, 'lt-LT');
    assert.equal(mail.language, 'lt');
    assert.equal(mail.subject, 'Priminimas: Pasaulio kavinė <b>');
  });

  it('when times fall on either side of the DST change, then they are shown in the zone’s local time, naming it', () => {
    const render = createMailRenderer({ dir });
    const summer = render('reminder', { ...data, start: new Date('2026-07-15T08:00:00Z') });
    assert.match(summer.text, /Wed 15 Jul 2026, 11:00 \(Vilnius\)/);
    const winter = render('reminder', data);
    assert.match(winter.text, /Thu 15 Jan 2026, 10:00 \(Vilnius\)/);
  });
});
