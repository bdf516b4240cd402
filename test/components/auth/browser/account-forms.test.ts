import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { findOutboxMessages } from '../../../../src/components/mail';
import { createUser, TEST_PASSWORD } from '../../../helpers/auth';
import { type ServedApp, useServedBrowser } from '../../../helpers/browser';
import { mainText, press, signInThroughForm } from '../../../helpers/browser-forms';
import { clearDatabase } from '../../../helpers/hooks';

const NEW_PASSWORD = 'a long new passphrase for the browser';

/**
 * The set-password link in the last queued e-mail of `template` to `to`. A reset
 * e-mail is queued just after the page answers, so this waits for it a little, as a
 * person waits for their mail.
 */
async function linkInMail(to: string, template: string): Promise<string> {
  let messages = await findOutboxMessages({ to, template });
  for (let tries = 0; messages.length === 0 && tries < 50; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    messages = await findOutboxMessages({ to, template });
  }
  const text = messages.at(-1)?.text ?? '';
  const link = /https?:\/\/\S+\/set-password\?token=[\w%-]+/.exec(text)?.[0];
  assert.ok(link, `no set-password link in: ${text}`);
  return link;
}

/** Fills the set-password form and presses its button, as a person does. */
async function choosePassword(page: Page, password: string) {
  await page.getByLabel('New password').fill(password);
  await page.getByLabel('Repeat password').fill(password);
  await press(page, 'Set password and sign in');
}

/**
 * The password forms, filled and sent in a real browser: forgotten password, the
 * set-password page from a reset link and from an invitation (the forms carry a
 * hidden `username` for password managers, which the server must accept), the
 * invitation and resend forms on the users page, and the password change on /account.
 */
describe('browser: password and account forms', function () {
  this.timeout(90_000);
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
    page = await (await browser.newContext()).newPage();
  });
  afterEach(async () => {
    await page?.context().close();
  });

  const canSignIn = async (email: string, password: string) => {
    const other = await (await browser.newContext()).newPage();
    try {
      await other.goto(`${served.baseUrl}/sign-in`);
      await other.getByLabel('E-mail address').fill(email);
      await other.getByLabel('Password').fill(password);
      await press(other, 'Sign in');
      return new URL(other.url()).pathname === '/';
    } finally {
      await other.context().close();
    }
  };

  it('when someone forgets their password, then the reset form, the e-mailed link and the set-password form sign them in with the new one', async () => {
    const user = await createUser({ role: 'comms' });
    await page.goto(`${served.baseUrl}/sign-in`);
    await Promise.all([
      page.waitForURL(/\/forgot-password$/),
      page.getByRole('link', { name: 'Forgot your password?' }).click(),
    ]);
    await page.getByLabel('E-mail address').fill(user.email);
    await press(page, 'Send the link');
    assert.match(await page.getByRole('status').innerText(), /If an account exists/);

    await page.goto(await linkInMail(user.email, 'password-reset'));
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Set your password');
    await choosePassword(page, NEW_PASSWORD);

    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Events');
    assert.equal(await canSignIn(user.email, NEW_PASSWORD), true);
    assert.equal(await canSignIn(user.email, TEST_PASSWORD), false);
  });

  it('when the two passwords differ, then the set-password form says so and keeps the link usable', async () => {
    const user = await createUser({ role: 'comms' });
    await page.goto(`${served.baseUrl}/forgot-password`);
    await page.getByLabel('E-mail address').fill(user.email);
    await press(page, 'Send the link');
    await page.goto(await linkInMail(user.email, 'password-reset'));
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByLabel('Repeat password').fill(`${NEW_PASSWORD} typo`);
    await press(page, 'Set password and sign in');
    assert.match(
      await page.getByRole('alert').innerText(),
      /Repeat password: the two passwords differ/,
    );
    await choosePassword(page, NEW_PASSWORD);
    assert.equal(new URL(page.url()).pathname, '/');
  });

  it('when an admin invites someone with the users form, then the invitee sets a password from the e-mail and is signed in', async () => {
    const admin = await createUser({ role: 'admin' });
    await signInThroughForm(page, served.baseUrl, admin.email);
    await page.goto(`${served.baseUrl}/admin/users`);
    await page.getByLabel('Name').fill('Rūta Invitee');
    await page.getByLabel('E-mail address').fill('ruta.invitee@example.org');
    await page.getByLabel('Role').selectOption('facilitator');
    await press(page, 'Send invitation');
    assert.match(
      await page.getByRole('status').innerText(),
      /Invitation sent to ruta\.invitee@example\.org/,
    );
    assert.match(
      await mainText(page),
      /Rūta Invitee ruta\.invitee@example\.org facilitator invited/,
    );

    // The invitee, in a browser of their own.
    const invitee = await (await browser.newContext()).newPage();
    try {
      await invitee.goto(await linkInMail('ruta.invitee@example.org', 'account-invitation'));
      assert.match(await mainText(invitee), /Hello Rūta Invitee/);
      await choosePassword(invitee, NEW_PASSWORD);
      assert.equal(new URL(invitee.url()).pathname, '/');
      assert.ok(await invitee.getByRole('button', { name: 'Sign out (Rūta Invitee)' }).isVisible());
    } finally {
      await invitee.context().close();
    }
    assert.equal(await canSignIn('ruta.invitee@example.org', NEW_PASSWORD), true);
  });

  it('when an admin presses "Resend invitation", then a new invitation goes out and the page says so', async () => {
    const admin = await createUser({ role: 'admin' });
    await signInThroughForm(page, served.baseUrl, admin.email);
    await page.goto(`${served.baseUrl}/admin/users`);
    await page.getByLabel('Name').fill('Late Reader');
    await page.getByLabel('E-mail address').fill('late.reader@example.org');
    await press(page, 'Send invitation');
    const first = await linkInMail('late.reader@example.org', 'account-invitation');

    await press(page, 'Resend invitation to Late Reader');
    assert.match(
      await page.getByRole('status').innerText(),
      /Invitation sent to late\.reader@example\.org/,
    );
    const second = await linkInMail('late.reader@example.org', 'account-invitation');
    assert.notEqual(second, first);
    await page.goto(second);
    await choosePassword(page, NEW_PASSWORD);
    assert.ok(await page.getByRole('button', { name: 'Sign out (Late Reader)' }).isVisible());
  });

  it('when the invitation form is sent with a taken address, then the error is shown and the name is kept', async () => {
    const admin = await createUser({ role: 'admin' });
    await signInThroughForm(page, served.baseUrl, admin.email);
    await page.goto(`${served.baseUrl}/admin/users`);
    await page.getByLabel('Name').fill('Someone Again');
    await page.getByLabel('E-mail address').fill(admin.email);
    await press(page, 'Send invitation');
    assert.match(await page.getByRole('alert').innerText(), /The invitation was not sent/);
    assert.equal(await page.getByLabel('Name').inputValue(), 'Someone Again');
  });

  it('when a signed-in organiser changes their password on /account, then the new one works and the old one not', async () => {
    const user = await createUser({ role: 'facilitator' });
    await signInThroughForm(page, served.baseUrl, user.email);
    await Promise.all([
      page.waitForURL(/\/account$/),
      page.getByRole('link', { name: 'Account' }).click(),
    ]);
    await page.getByLabel('Current password').fill(TEST_PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat new password').fill(NEW_PASSWORD);
    await press(page, 'Change password');
    assert.match(await page.getByRole('status').innerText(), /Your password was changed/);
    assert.equal(await canSignIn(user.email, NEW_PASSWORD), true);
    assert.equal(await canSignIn(user.email, TEST_PASSWORD), false);
  });

  it('when the current password is wrong on /account, then the form says so and nothing changes', async () => {
    const user = await createUser({ role: 'comms' });
    await signInThroughForm(page, served.baseUrl, user.email);
    await page.goto(`${served.baseUrl}/account`);
    await page.getByLabel('Current password').fill('not the password at all');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat new password').fill(NEW_PASSWORD);
    await press(page, 'Change password');
    assert.match(await page.getByRole('alert').innerText(), /Current password: is not right/);
    assert.equal(await canSignIn(user.email, TEST_PASSWORD), true);
  });
});
