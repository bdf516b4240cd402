import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import {
  createKitType,
  createKits,
  getKit,
  getHandOut,
  handOutKit,
  listPlayReports,
  sendFollowUpsNow,
} from '../../../../src/components/kits';
import { createSmtpTransport, type MailTransport } from '../../../../src/lib/mailer';
import { createLogger } from '../../../../src/lib/logger';
import { launchBrowser, serveTestApp, type ServedApp } from '../../../helpers/browser';
import { clearDatabase } from '../../../helpers/hooks';
import { startSmtpPeer, type SmtpPeer } from '../../../helpers/mail';
import { assertAccessibleAt390 } from './helpers';

describe('browser: a kit recipient on the kit page (no account)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let served: ServedApp;
  let page: Page;
  let peer: SmtpPeer;
  let transport: MailTransport;
  let kits: { id: string; serial: string }[];

  before(async () => {
    browser = await launchBrowser();
    await clearDatabase();
    peer = await startSmtpPeer();
    transport = createSmtpTransport(
      peer.url,
      'forumkit <no-reply@forumkit.test>',
      createLogger('silent'),
    );
    served = await serveTestApp({ mailTransport: transport });
    const type = await createKitType({
      name: 'NEB Impact Model Dominoes game',
      serialPrefix: 'DOM',
      instructionsUrl: 'https://example.org/how',
    });
    kits = await createKits(type.id, { count: 2 }, served.baseUrl);
    await handOutKit(
      { kitId: kits[0]!.id },
      { recipient: {}, consents: { followUp: false, newsletter: false } },
      new Date(),
    );
    page = await (
      await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true })
    ).newPage();
  });
  after(async () => {
    await served?.mail.worker.stop();
    transport?.close();
    await peer?.stop();
    await browser?.close();
    await served?.close();
    await clearDatabase();
  });

  it('the kit page is accessible at 390 px', async () => {
    await page.goto(`${served.baseUrl}/k/${kits[0]!.serial}`);
    await assertAccessibleAt390(page, '/k/<serial>');
  });

  it('when a play is reported with the form, then it is stored and thanked for', async () => {
    await page.goto(`${served.baseUrl}/k/${kits[0]!.serial}`);
    await page
      .getByLabel('Date of the play')
      .fill(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
    await page.getByLabel('City').fill('Rijeka');
    await page.getByLabel('Country (two letters, e.g. LT)').fill('HR');
    await page.getByLabel('Number of players').fill('9');
    await page.getByLabel('Setting').selectOption('workshop-with-residents');
    await page.getByLabel('Co-benefits you found').fill('Shade and play space');
    await page.getByRole('button', { name: 'Send the report' }).click();
    await page.getByRole('heading', { name: 'Thank you for your report' }).waitFor();
    await assertAccessibleAt390(page, 'play thanks');
    const reports = await listPlayReports({ kitId: kits[0]!.id });
    assert.equal(reports.length, 1);
    assert.equal(reports[0]?.players, 9);
    assert.equal((await getKit(kits[0]!.id)).status, 'played');
  });

  it('when the recipient asks for a link and fills the claim form, then the kit is registered to them', async () => {
    await page.goto(`${served.baseUrl}/k/${kits[0]!.serial}`);
    await page.getByLabel('Your e-mail address').fill('ana@example.org');
    await page.getByRole('button', { name: 'E-mail me a link' }).click();
    await page.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
    await served.mail.worker.drain();
    const [message] = await peer.waitForMessages(1);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/k\/claim\/[A-Za-z0-9_-]+)/.exec(
      message!.parsed.text ?? '',
    )![1]!;
    await page.goto(link);
    await assertAccessibleAt390(page, 'claim form');
    await page.getByLabel('Name').fill('Ana Example');
    await page.getByLabel('Organisation').fill('City of Example');
    await page.getByLabel(/receive up to two e-mails/).check();
    await page.getByRole('button', { name: 'Save my details' }).click();
    await page.getByRole('heading', { name: 'Your details are saved' }).waitFor();
    await page.goto(link);
    await page.getByRole('heading', { name: 'This link is no longer valid' }).waitFor();
  });

  it('when a follow-up reader opens the unsubscribe link and presses the button, then they are unsubscribed', async () => {
    const { handOut } = await handOutKit(
      { kitId: kits[1]!.id },
      {
        recipient: { name: 'Jonas', email: 'jonas@example.org' },
        consents: { followUp: true, newsletter: false },
      },
      new Date(),
    );
    assert.equal((await sendFollowUpsNow([handOut.id], served.baseUrl)).sent, 1);
    await served.mail.worker.drain();
    const messages = await peer.waitForMessages(2);
    const followUp = messages.find((m) => m.envelope.to[0] === 'jonas@example.org')!;
    const link = /(http:\/\/127\.0\.0\.1:\d+\/k\/unsubscribe\/[A-Za-z0-9_-]+)/.exec(
      followUp.parsed.text ?? '',
    )![1]!;
    await page.goto(link);
    await assertAccessibleAt390(page, 'unsubscribe');
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
    await assertAccessibleAt390(page, 'unsubscribed');
    assert.equal((await getHandOut(handOut.id)).consents.followUp.given, false);
  });
});
