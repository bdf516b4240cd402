import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { createUser, type TestUser } from '../../../helpers/auth';
import { type ServedApp, signInPage, useServedBrowser } from '../../../helpers/browser';
import { buildEvent } from '../../../helpers/factories/events';
import { clearDatabase } from '../../../helpers/hooks';

async function signIn(page: Page, baseUrl: string, user: TestUser) {
  await signInPage(page, baseUrl, { email: user.email });
}

describe('browser: calendar subscriptions', function () {
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
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: served.baseUrl,
    });
    page = await context.newPage();
  });
  afterEach(async () => {
    await page?.context().close();
  });

  it('when coming from an event page, then that event is chosen, the new link copies with a button, the list names the event, and revoking asks first', async () => {
    await buildEvent({ name: 'An Earlier Forum', startDate: '2025-01-10', endDate: '2025-01-11' });
    const event = await buildEvent({
      name: 'Harbour Days 2025',
      startDate: '2025-06-10',
      endDate: '2025-06-12',
    });
    const user = await createUser({ role: 'comms' });
    await signIn(page, served.baseUrl, user);

    await page.goto(`${served.baseUrl}/events/${event.id}`);
    await Promise.all([
      page.waitForURL(/\/calendars\?event=/),
      page.getByRole('link', { name: 'Subscribe in your calendar' }).click(),
    ]);
    const select = page.getByLabel('Event', { exact: true });
    assert.equal(await select.inputValue(), event.id, 'the event of the page is chosen');

    await page.getByLabel('Label (optional)').fill('My harbour programme');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Create link', exact: true }).click(),
    ]);
    const https = await page.getByLabel('Web address (for “add calendar from URL”)').inputValue();
    assert.match(https, /\/cal\/[\w-]{43}\.ics$/);

    await page.getByRole('button', { name: 'Copy the web address' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), https);

    await page.goto(`${served.baseUrl}/calendars`);
    const row = page.getByRole('row', { name: /My harbour programme/ });
    assert.match(
      (await row.textContent()) ?? '',
      /Event programme:\s+Harbour Days 2025/,
      'the list names the event',
    );

    const feedPath = new URL(https).pathname;
    await Promise.all([
      page.waitForURL(/\/revoke\??$/),
      row.getByRole('button', { name: /Revoke My harbour programme/ }).click(),
    ]);
    assert.equal(
      await page.getByRole('heading', { level: 1 }).textContent(),
      'Revoke “My harbour programme”?',
    );
    // Nothing is revoked until the confirmation is pressed.
    await request(served.app).get(feedPath).expect(200);
    await Promise.all([
      page.waitForURL(`${served.baseUrl}/calendars`),
      page.getByRole('button', { name: 'Revoke the link' }).click(),
    ]);
    assert.equal(await page.getByRole('row', { name: /My harbour programme/ }).count(), 0);
    await request(served.app).get(feedPath).expect(404);
  });

  it('when the confirmation is declined, then the link stays', async () => {
    const event = await buildEvent({ name: 'Harbour Days 2025' });
    const user = await createUser({ role: 'comms' });
    await signIn(page, served.baseUrl, user);
    await page.goto(`${served.baseUrl}/calendars?event=${event.id}`);
    await page.getByRole('button', { name: 'Create link', exact: true }).click();
    await page.goto(`${served.baseUrl}/calendars`);
    await page.getByRole('button', { name: /^Revoke / }).click();
    await Promise.all([
      page.waitForURL(`${served.baseUrl}/calendars`),
      page.getByRole('link', { name: 'Keep it' }).click(),
    ]);
    assert.equal(await page.getByRole('row', { name: /Harbour Days 2025/ }).count(), 1);
  });
});
