import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { createUser, TEST_PASSWORD } from '../../../helpers/auth';
import { type ServedApp, useServedBrowser } from '../../../helpers/browser';
import { buildEvent } from '../../../helpers/factories/events';
import { clearDatabase } from '../../../helpers/hooks';

describe('browser: signing in', function () {
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
    page = await (await browser.newContext()).newPage();
  });
  afterEach(async () => {
    await page?.context().close();
  });

  it('when an organiser opens /, then they are sent to sign in, sign in with the keyboard and see the events', async () => {
    const event = await buildEvent({ name: 'Browser Harness Conference 2025' });
    const user = await createUser({ role: 'comms', eventIds: [event.id] });

    await page.goto(`${served.baseUrl}/`);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Sign in');

    // The e-mail field has focus on arrival; the rest is typing, Tab and Enter.
    await page.keyboard.type(user.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${served.baseUrl}/`), page.keyboard.press('Enter')]);

    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Events');
    assert.ok(await page.getByText(event.name).first().isVisible(), 'the event is listed');
    assert.ok(await page.getByRole('button', { name: /Sign out/ }).isVisible());
    const cookie = (await page.context().cookies()).find((c) => c.name === 'fk_session');
    assert.ok(cookie?.httpOnly, 'the session cookie is HttpOnly');
    assert.equal(
      ((await page.evaluate('document.cookie')) as string).includes('fk_session'),
      false,
    );
  });

  it('when the password is wrong, then the form says so in an alert and keeps the e-mail', async () => {
    const user = await createUser({ role: 'admin' });
    await page.goto(`${served.baseUrl}/sign-in`);
    await page.getByLabel('E-mail address').fill(user.email);
    await page.getByLabel('Password').fill('not my password');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    const alert = page.getByRole('alert');
    assert.match((await alert.textContent()) ?? '', /E-mail address or password is not right/);
    assert.equal(await page.getByLabel('E-mail address').inputValue(), user.email);
  });

  it('when a signed-in organiser signs out, then protected pages send them back to sign in', async () => {
    const user = await createUser({ role: 'admin' });
    await page.goto(`${served.baseUrl}/admin/users`);
    await page.getByLabel('E-mail address').fill(user.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await Promise.all([
      page.waitForURL(`${served.baseUrl}/admin/users`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'People with access');
    await Promise.all([
      page.waitForURL(/\/sign-in$/),
      page.getByRole('button', { name: /Sign out/ }).click(),
    ]);
    await page.goto(`${served.baseUrl}/admin/users`);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
  });
});
