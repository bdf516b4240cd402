import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { createMailTransport } from '../../../../src/components/mail';
import { createLogger } from '../../../../src/lib/logger';
import { createUser } from '../../../helpers/auth';
import { type ServedApp, signInPage, useServedBrowser } from '../../../helpers/browser';
import { clearDatabase } from '../../../helpers/hooks';

/**
 * The local mail viewer, as an admin uses it with no SMTP server: the invitation
 * to a person with a non-ASCII name is read decoded, and its link works.
 */
describe('browser: the local mail viewer', function () {
  this.timeout(60_000);
  let browser: Browser;
  let served: ServedApp;
  let page: Page;

  const fixture = useServedBrowser();
  before(() => {
    browser = fixture.browser();
    served = fixture.served();
  });
  beforeEach(async () => {
    await clearDatabase();
    page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    const admin = await createUser({ role: 'admin' });
    await signInPage(page, served.baseUrl, { email: admin.email });
  });
  afterEach(async () => {
    await page?.context().close();
  });

  it('when an invitation is opened, then its text and HTML are decoded and the set-password link in it works', async () => {
    await page.goto(`${served.baseUrl}/admin/users`);
    await page.getByLabel('Name').fill('Rūta Žemaitė');
    await page.getByLabel('E-mail address').fill('ruta@example.org');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Send invitation' }).click(),
    ]);
    assert.equal(await served.mail.worker.drain(), 1);

    await page.goto(`${served.baseUrl}/admin/mail`);
    await Promise.all([
      page.waitForURL(/\/admin\/mail\/.+\.eml$/),
      page.getByRole('link', { name: /invit/i }).first().click(),
    ]);
    const text = (await page.locator('.message-text').textContent()) ?? '';
    assert.match(text, /Hello Rūta Žemaitė,/);
    assert.doesNotMatch(text, /=C5=AB|=\r?\n/, 'no quoted-printable left');

    const link = page.locator('.message-text a', { hasText: '/set-password' });
    const href = await link.getAttribute('href');
    assert.match(href ?? '', /^http:\/\/127\.0\.0\.1:\d+\/set-password\?token=[\w-]+$/);
    assert.equal(await link.textContent(), href, 'the whole link, not cut at a line break');

    const frame = page.frameLocator('iframe.message-html');
    await frame.getByText('Rūta Žemaitė', { exact: false }).first().waitFor();
    assert.equal(
      (await frame.locator(`a[href="${href}"]`).count()) > 0,
      true,
      'the HTML part carries the same link',
    );
    assert.equal(
      await page.locator('iframe.message-html').getAttribute('sandbox'),
      'allow-popups allow-popups-to-escape-sandbox',
    );

    await Promise.all([page.waitForURL(/\/set-password/), link.click()]);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Set your password');
    assert.equal(await page.getByText('This link is no longer valid').count(), 0);
  });

  it('when a message carries a script in its HTML, then it does not run in the viewer', async () => {
    const transport = createMailTransport(served.context.config.mail, createLogger('silent'));
    await transport.send({
      id: 'scripted',
      to: 'someone@example.org',
      subject: 'Scripted message',
      html: '<p id="greeting">Hi</p><script>parent.document.title = "taken"; document.getElementById("greeting").textContent = "ran";</script>',
      text: 'Hi\n',
      attachments: [],
    });
    await page.goto(`${served.baseUrl}/admin/mail`);
    await Promise.all([
      page.waitForURL(/\.eml$/),
      page.getByRole('link', { name: 'Scripted message' }).click(),
    ]);
    const frame = page.frameLocator('iframe.message-html');
    assert.equal(await frame.locator('#greeting').textContent(), 'Hi');
    assert.match(await page.title(), /Scripted message/);
  });
});
